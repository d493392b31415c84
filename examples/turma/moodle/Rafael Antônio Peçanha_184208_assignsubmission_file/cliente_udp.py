# Rafael Antônio Peçanha
# Atividade 3: cliente UDP
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
porta = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

cliente = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
cliente.sendto('Ola Mundo!'.encode('utf-8'), (host, porta))
cliente.close()
