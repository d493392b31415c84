# Gabriela Nascimento Araújo
# Atividade 2 - Cliente de chat
import os
import socket
import sys
import threading

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORTA = int(sys.argv[2]) if len(sys.argv) > 2 else 5000


def receber(sock):
    while True:
        try:
            msg = sock.recv(1024)
        except OSError:
            msg = b''
        if not msg:
            print('** servidor desconectou **')
            os._exit(0)
        print(msg.decode('utf-8', errors='replace'), end='', flush=True)


nome = input('Qual é o seu nome? ')
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.connect((HOST, PORTA))
sock.sendall(f'{nome}\n'.encode('utf-8'))
threading.Thread(target=receber, args=(sock,), daemon=True).start()

while True:
    try:
        linha = input()
    except EOFError:
        break
    sock.sendall(f'{linha}\n'.encode('utf-8'))
sock.close()
