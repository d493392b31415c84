"""Servidor de eco TCP (solução de referência).

Uso: python3 servidor_eco.py [PORTA]   (padrão: 5000)

Devolve a cada cliente, exatamente como chegou, cada linha que ele envia, e
continua atendendo: cada cliente tem a sua thread, então um cliente parado
não atrapalha os outros. Roda até ser interrompido.
"""
import socket
import sys
import threading

HOST = ''


def atender(conexao, cliente):
    """Ecoa tudo o que o cliente envia até ele sair (b'') ou cair (reset)."""
    with conexao:
        try:
            while True:
                dados = conexao.recv(1024)
                if not dados:  # b'': o cliente fechou a conexão
                    break
                conexao.sendall(dados)
        except OSError:  # ConnectionResetError: o cliente caiu de repente
            pass
    print('Cliente', cliente, 'saiu', flush=True)


def main():
    porta = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    soquete = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    soquete.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    soquete.bind((HOST, porta))
    soquete.listen(5)
    print('Servidor de eco escutando na porta', porta, flush=True)
    try:
        while True:
            conexao, cliente = soquete.accept()
            print('Conectado por', cliente, flush=True)
            threading.Thread(target=atender, args=(conexao, cliente), daemon=True).start()
    except KeyboardInterrupt:
        pass
    finally:
        soquete.close()


if __name__ == '__main__':
    main()
