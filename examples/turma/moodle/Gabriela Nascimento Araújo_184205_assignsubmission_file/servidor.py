# Gabriela Nascimento Araújo
# Atividade 1 - Servidor TCP
import socket
import sys

HOST = '0.0.0.0'
PORTA = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind((HOST, PORTA))
sock.listen()

print('Esperando clientes na porta', PORTA)
while True:
    conn, endereco = sock.accept()
    with conn:
        msg = conn.recv(1024)
        print('Mensagem de', endereco, '=>', msg.decode('utf-8'))
