# Atividade 3 - Cliente UDP
# Aluna: Ana Beatriz Souza
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORTA = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.sendto(b'Ola Mundo!', (HOST, PORTA))
print('Datagrama enviado.')
udp.close()
