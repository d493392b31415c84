#Lucas Gabriel Ferreira - Atividade 1
#Cliente TCP
from socket import *
import sys

serverName = '127.0.0.1'
serverPort = 5000
if len(sys.argv) > 2:
    serverName = sys.argv[1]
    serverPort = int(sys.argv[2])

clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
clientSocket.send('Ola Mundo!'.encode())
clientSocket.close()
