# Atividade 1 - Cliente TCP
# Aluna: Ana Beatriz Souza
#
# Uso: python3 cliente.py [host] [porta]
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
porta = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

cliente = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cliente.connect((host, porta))
cliente.sendall('Ola Mundo!'.encode('utf-8'))
print(f'Mensagem enviada para {host}:{porta}')
cliente.close()
