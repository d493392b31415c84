"""Servidor de chat TCP (Atividade 2) - solução de referência.

Uso: python3 chat_servidor.py [PORTA]        (porta padrão: 5000)

Cada cliente é atendido por uma thread própria. A primeira linha que um
cliente envia é o apelido dele; cada linha seguinte é repassada a todos
os OUTROS clientes como "apelido: texto". As mensagens são linhas UTF-8
terminadas em "\n".
"""
import socket
import sys
import threading

HOST = ''  # todas as interfaces
PORTA = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

clientes = []             # sockets conectados agora
trava = threading.Lock()  # protege a lista: várias threads a usam


def enviar_para_outros(mensagem, origem):
    """Envia bytes a todos os clientes, menos à origem."""
    with trava:
        destinos = [c for c in clientes if c is not origem]  # cópia da lista
    for cliente in destinos:
        try:
            cliente.sendall(mensagem)
        except OSError:
            # Esse cliente caiu. A thread DELE vai perceber e removê-lo;
            # quem enviou a mensagem não tem nada a ver com isso.
            pass


def atender(conn, endereco):
    """Thread de um cliente: lê linhas e repassa cada uma aos outros."""
    with trava:
        clientes.append(conn)
    apelido = None
    buffer = b''
    try:
        while True:
            dados = conn.recv(4096)
            if not dados:  # b'' = o cliente fechou a conexão
                break
            buffer += dados
            # Um recv pode trazer meia linha ou várias linhas: só tratamos
            # as linhas completas e guardamos o resto para o próximo recv.
            while b'\n' in buffer:
                linha, buffer = buffer.split(b'\n', 1)
                texto = linha.decode('utf-8', errors='replace').rstrip('\r')
                if apelido is None:
                    apelido = texto.strip() or '%s:%d' % endereco
                    print(f'{apelido} entrou ({endereco[0]}:{endereco[1]})')
                    conn.sendall(f'Bem-vindo(a) ao chat, {apelido}!\n'.encode('utf-8'))
                    enviar_para_outros(f'* {apelido} entrou no chat\n'.encode('utf-8'), conn)
                else:
                    print(f'{apelido}: {texto}')
                    enviar_para_outros(f'{apelido}: {texto}\n'.encode('utf-8'), conn)
    except OSError:
        pass  # conexão resetada (RST): tratamos como uma saída
    finally:
        with trava:
            clientes.remove(conn)
        conn.close()
        if apelido is not None:
            print(f'{apelido} saiu')
            enviar_para_outros(f'* {apelido} saiu do chat\n'.encode('utf-8'), None)


def main():
    servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    servidor.bind((HOST, PORTA))
    servidor.listen()
    print(f'Servidor de chat ouvindo na porta {PORTA}')
    try:
        while True:
            conn, endereco = servidor.accept()
            # Nada de conversa aqui: quem fala com o cliente é a thread dele.
            threading.Thread(target=atender, args=(conn, endereco), daemon=True).start()
    except KeyboardInterrupt:
        print('Servidor encerrado.')
    finally:
        servidor.close()


if __name__ == '__main__':
    main()
