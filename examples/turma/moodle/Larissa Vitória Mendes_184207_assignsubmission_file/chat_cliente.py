"""
Larissa Vitória Mendes
Atividade 2 - Cliente do chat
Uso: python3 chat_cliente.py <host> <porta>
"""
import socket
import sys
import threading

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
porta = int(sys.argv[2]) if len(sys.argv) > 2 else 5000


def receber(s):
    while True:
        dados = s.recv(1024)
        if not dados:
            print('Conexão encerrada pelo servidor.')
            s.close()
            sys.exit()
        print(dados.decode('utf-8', 'replace'), end='')


nome = input('Nome: ')
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, porta))
s.sendall((nome + '\n').encode('utf-8'))

threading.Thread(target=receber, args=(s,)).start()

while True:
    mensagem = input()
    s.sendall((mensagem + '\n').encode('utf-8'))
