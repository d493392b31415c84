# Pedro Henrique Goncalves - Atividade 3
# servidor UDP
import socket
import sys

HOST = ''
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind((HOST, PORT))
print('Servidor UDP na porta', PORT)
while True:
    msg, cliente = udp.recvfrom(1024)
    print(cliente, msg.decode())
