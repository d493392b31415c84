# Pedro Henrique Goncalves - Atividade 1
# servidor TCP
import socket
import sys

HOST = ''
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind((HOST, PORT))
tcp.listen(1)
print('Servidor escutando na porta', PORT)

while True:
    con, cliente = tcp.accept()
    print 'Conectado por', cliente
    msg = con.recv(1024)
    print('Mensagem:', msg.decode())
    con.close()
