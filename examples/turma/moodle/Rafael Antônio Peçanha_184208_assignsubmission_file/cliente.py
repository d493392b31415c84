# Rafael Antônio Peçanha
# Atividade 1: cliente TCP
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
porta = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

cliente = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cliente.connect((host, porta))
mensagem = 'Ola Mundo!'
cliente.send(mensagem)
print('Enviei:', mensagem)
cliente.close()
