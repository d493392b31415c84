# Gabriela Nascimento Araújo
# Atividade 1 - Cliente TCP
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORTA = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
    sock.connect((HOST, PORTA))
    sock.sendall(b'Ola Mundo!')
print('Enviado!')
