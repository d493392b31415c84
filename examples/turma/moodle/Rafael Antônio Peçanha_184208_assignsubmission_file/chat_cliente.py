# Rafael Antônio Peçanha
# Atividade 2: cliente de chat
import os
import socket
import sys
import threading

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
porta = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

cliente = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cliente.connect((host, porta))


def ouvir():
    while True:
        try:
            dados = cliente.recv(1024)
        except OSError:
            dados = b''
        if not dados:
            print('\nDesconectado do servidor.')
            os._exit(0)
        print(dados.decode('utf-8', 'replace'), end='', flush=True)


threading.Thread(target=ouvir, daemon=True).start()

# a primeira linha digitada é o nome (o servidor pede)
while True:
    try:
        linha = input()
    except EOFError:
        break
    cliente.sendall((linha + '\n').encode('utf-8'))
cliente.close()
