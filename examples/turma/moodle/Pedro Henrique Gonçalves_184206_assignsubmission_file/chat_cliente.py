# Pedro Henrique Goncalves - Atividade 2
# cliente do chat
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

nome = input('Seu nome: ')
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.connect((HOST, PORT))
tcp.send((nome + '\n').encode())
print('Conectado! Digite as mensagens (sair para terminar)')

while True:
    msg = input('> ')
    if msg == 'sair':
        break
    tcp.send((msg + '\n').encode())
    # espera a resposta do servidor e mostra
    resposta = tcp.recv(1024)
    if not resposta:
        print('servidor fechou')
        break
    print(resposta.decode())
tcp.close()
