# Pedro Henrique Goncalves - Atividade 3
# cliente UDP
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.sendto('Ola Mundo!'.encode(), (HOST, PORT))
udp.close()
