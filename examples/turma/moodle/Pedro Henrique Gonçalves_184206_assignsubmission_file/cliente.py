# Pedro Henrique Goncalves - Atividade 1
# cliente TCP
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.connect((HOST, PORT))
tcp.send('Ola Mundo!'.encode())
print('mensagem enviada')
tcp.close()
