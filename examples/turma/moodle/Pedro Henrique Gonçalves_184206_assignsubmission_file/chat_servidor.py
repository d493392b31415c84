# Pedro Henrique Goncalves - Atividade 2
# servidor do chat
import socket
import sys
import threading

HOST = ''
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

clientes = {}
lock = threading.Lock()


def enviar(msg, quem_mandou):
    with lock:
        outros = [c for c in clientes if c != quem_mandou]
    for c in outros:
        try:
            c.sendall(msg.encode())
        except OSError:
            pass


def atende(con, cliente):
    with lock:
        clientes[con] = cliente
    buf = b''
    nome = None
    while True:
        try:
            dados = con.recv(1024)
        except OSError:
            break
        if not dados:
            break
        buf += dados
        while b'\n' in buf:
            linha, buf = buf.split(b'\n', 1)
            linha = linha.decode()
            if nome is None:
                nome = linha
                print(nome, 'entrou')
            else:
                print(nome, '>', linha)
                enviar(nome + ' > ' + linha + '\n', con)
    with lock:
        del clientes[con]
    con.close()
    print(nome, 'saiu')


tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind((HOST, PORT))
tcp.listen(5)
print('Chat na porta', PORT)
while True:
    con, cliente = tcp.accept()
    threading.Thread(target=atende, args=(con, cliente), daemon=True).start()
