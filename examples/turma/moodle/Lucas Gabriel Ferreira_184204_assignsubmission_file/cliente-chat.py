#Lucas Gabriel Ferreira - Atividade 2
#Cliente do chat
from socket import *
import sys
import os
import threading

serverName = '127.0.0.1'
serverPort = 5000
if len(sys.argv) > 2:
    serverName = sys.argv[1]
    serverPort = int(sys.argv[2])


def recebe(sock):
    while True:
        try:
            msg = sock.recv(1024)
        except:
            break
        if not msg:
            break
        print(msg.decode(errors='replace'), end='')
    print('Servidor desconectou.')
    os._exit(0)


nome = input('Nome: ')
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
clientSocket.send((nome + '\n').encode())

threading.Thread(target=recebe, args=(clientSocket,), daemon=True).start()

while True:
    try:
        texto = input()
    except EOFError:
        break
    clientSocket.send((texto + '\n').encode())
clientSocket.close()
