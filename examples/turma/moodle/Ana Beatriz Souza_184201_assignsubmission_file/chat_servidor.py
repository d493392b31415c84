# Atividade 2 - Servidor de chat
# Aluna: Ana Beatriz Souza
#
# Uma thread por cliente. A primeira linha que o cliente manda é o apelido;
# as outras linhas são repassadas para todos os outros participantes.
import socket
import sys
import threading

PORTA = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

participantes = {}          # socket -> apelido
lock = threading.Lock()


def repassar(texto, remetente):
    """Manda o texto para todo mundo, menos para quem enviou."""
    dados = texto.encode('utf-8')
    with lock:
        destinos = [s for s in participantes if s is not remetente]
    for s in destinos:
        try:
            s.sendall(dados)
        except OSError:
            pass  # a thread desse cliente vai perceber que ele saiu


def atender(conexao, endereco):
    # makefile() junta os pedaços que chegam em cada recv e me entrega linhas inteiras
    entrada = conexao.makefile('r', encoding='utf-8', errors='replace', newline='\n')
    apelido = None
    try:
        for linha in entrada:
            linha = linha.rstrip('\r\n')
            if apelido is None:
                apelido = linha.strip() or f'{endereco[0]}:{endereco[1]}'
                with lock:
                    participantes[conexao] = apelido
                print(f'[+] {apelido} entrou')
                conexao.sendall(f'Olá, {apelido}! Você está no chat.\n'.encode('utf-8'))
                repassar(f'*** {apelido} entrou na sala\n', conexao)
            else:
                print(f'{apelido}: {linha}')
                repassar(f'{apelido}: {linha}\n', conexao)
    except OSError:
        pass  # conexão caiu de repente
    finally:
        with lock:
            participantes.pop(conexao, None)
        entrada.close()
        conexao.close()
        if apelido is not None:
            print(f'[-] {apelido} saiu')
            repassar(f'*** {apelido} saiu da sala\n', None)


def main():
    servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    servidor.bind(('', PORTA))
    servidor.listen()
    print(f'Chat rodando na porta {PORTA}')
    try:
        while True:
            conexao, endereco = servidor.accept()
            threading.Thread(target=atender, args=(conexao, endereco), daemon=True).start()
    except KeyboardInterrupt:
        print('\nEncerrando o chat.')
    finally:
        servidor.close()


if __name__ == '__main__':
    main()
