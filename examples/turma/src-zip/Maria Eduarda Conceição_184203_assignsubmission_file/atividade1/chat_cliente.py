# Maria Eduarda Conceição
# Atividade 2 - cliente do chat
# roda com: python3 chat_cliente.py 127.0.0.1 5000
import os
import socket
import sys
import threading

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORTA = int(sys.argv[2]) if len(sys.argv) > 2 else 5000


def escutar(s):
    while True:
        try:
            msg = s.recv(1024)
        except:
            msg = b''
        if not msg:
            print('Conexao encerrada pelo servidor')
            os._exit(0)
        print(msg.decode('utf-8', 'replace'), end='')


nome = input('Digite seu nome: ')
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORTA))
s.sendall((nome + '\n').encode('utf-8'))

t = threading.Thread(target=escutar, args=(s,))
t.daemon = True
t.start()

while True:
    try:
        msg = input()
    except EOFError:
        break
    s.sendall((msg + '\n').encode('utf-8'))
s.close()
