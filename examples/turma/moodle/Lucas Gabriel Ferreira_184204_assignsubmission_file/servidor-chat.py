#Lucas Gabriel Ferreira - Atividade 2
#Servidor do chat (uma thread para cada cliente)
from socket import *
import sys
import threading

porta = 5000
if len(sys.argv) > 1:
    porta = int(sys.argv[1])

clientes = []
lock = threading.Lock()


def broadcast(mensagem, remetente):
    with lock:
        lista = clientes[:]
    for c in lista:
        if c != remetente:
            try:
                c.sendall(mensagem.encode())
            except:
                pass


def remover(conn):
    with lock:
        if conn in clientes:
            clientes.remove(conn)
    conn.close()


def handle(conn, addr):
    nome = conn.recv(1024).decode().strip()
    print(nome, 'conectou de', addr)
    with lock:
        clientes.append(conn)
    broadcast(nome + ' entrou no chat!\n', conn)
    buffer = ''
    while True:
        try:
            dados = conn.recv(1024).decode()
            if dados:
                buffer += dados
                while '\n' in buffer:
                    linha, buffer = buffer.split('\n', 1)
                    print(nome + ': ' + linha)
                    broadcast(nome + ': ' + linha + '\n', conn)
        except:
            print(nome, 'desconectou')
            remover(conn)
            break


serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', porta))
serverSocket.listen(10)
print('Servidor do chat na porta', porta)

while True:
    conn, addr = serverSocket.accept()
    threading.Thread(target=handle, args=(conn, addr), daemon=True).start()
