#Lucas Gabriel Ferreira - Atividade 1
#Servidor TCP
from socket import *
import sys

porta = 5000
if len(sys.argv) > 1:
    porta = int(sys.argv[1])

serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', porta))
serverSocket.listen(1)
print('O servidor esta pronto para receber')

while True:
    connectionSocket, addr = serverSocket.accept()
    mensagem = connectionSocket.recv(1024).decode()
    print('Recebido de', addr, ':', mensagem)
    connectionSocket.close()
