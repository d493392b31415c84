"""
Larissa Vitória Mendes
Atividade 1 - Cliente TCP
Uso: python3 cliente.py <host> <porta>
"""
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
porta = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, porta))
s.sendall('Ola Mundo!'.encode('utf-8'))
s.close()
print('Mensagem enviada.')
