#Lucas Gabriel Ferreira - Atividade 3
#Servidor UDP
from socket import *
import sys

porta = 5000
if len(sys.argv) > 1:
    porta = int(sys.argv[1])

serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', porta))
print('Servidor UDP pronto')
while True:
    mensagem, clientAddress = serverSocket.recvfrom(2048)
    print(clientAddress, mensagem.decode())
