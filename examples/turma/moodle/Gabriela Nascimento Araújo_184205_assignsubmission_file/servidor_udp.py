# Gabriela Nascimento Araújo
# Atividade 3 - Servidor UDP
import socket
import sys

PORTA = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('0.0.0.0', PORTA))
print('Servidor UDP na porta', PORTA)

dados, endereco = sock.recvfrom(1024)
print('Recebido de', endereco, '=>', dados.decode('utf-8'))
sock.close()
