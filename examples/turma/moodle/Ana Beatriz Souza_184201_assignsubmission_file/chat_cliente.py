# Atividade 2 - Cliente de chat
# Aluna: Ana Beatriz Souza
#
# Uso: python3 chat_cliente.py [host] [porta]
# Uma thread fica só recebendo e mostrando as mensagens; a principal lê o teclado.
import os
import socket
import sys
import threading

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORTA = int(sys.argv[2]) if len(sys.argv) > 2 else 5000


def receber(sock):
    while True:
        try:
            dados = sock.recv(1024)
        except OSError:
            dados = b''
        if not dados:
            print('\nO servidor encerrou a conexão.')
            os._exit(0)  # sys.exit() aqui só terminaria esta thread
        print(dados.decode('utf-8', errors='replace'), end='', flush=True)


def main():
    apelido = input('Seu apelido: ')
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((HOST, PORTA))
    sock.sendall((apelido + '\n').encode('utf-8'))

    threading.Thread(target=receber, args=(sock,), daemon=True).start()

    try:
        while True:
            mensagem = input()
            sock.sendall((mensagem + '\n').encode('utf-8'))
    except (EOFError, KeyboardInterrupt):
        pass
    sock.close()


if __name__ == '__main__':
    main()
