# Maria Eduarda Conceição
# Atividade 2 - servidor do chat
# roda com: python3 chat_servidor.py 5000
import socket
import sys
import threading

if len(sys.argv) > 1:
    PORTA = int(sys.argv[1])
else:
    PORTA = 5000

clientes = []
trava = threading.Lock()


def mandar_para_todos(msg):
    # manda para todos da lista (quem mandou também recebe, assim vê que foi)
    with trava:
        copia = list(clientes)
    for c in copia:
        try:
            c.sendall(msg.encode('utf-8'))
        except:
            pass


def cliente_thread(con, end):
    nome = ''
    resto = ''
    with trava:
        clientes.append(con)
    while True:
        try:
            dados = con.recv(1024)
        except:
            break
        if not dados:
            break
        resto = resto + dados.decode('utf-8', 'replace')
        while '\n' in resto:
            linha, resto = resto.split('\n', 1)
            if nome == '':
                nome = linha.strip()
                print(nome, 'entrou no chat')
                mandar_para_todos(nome + ' entrou no chat\n')
            else:
                print(nome + ': ' + linha)
                mandar_para_todos(nome + ': ' + linha + '\n')
    with trava:
        clientes.remove(con)
    con.close()
    print(nome, 'saiu')
    mandar_para_todos(nome + ' saiu do chat\n')


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', PORTA))
s.listen(10)
print('Servidor do chat na porta', PORTA)
while True:
    con, end = s.accept()
    t = threading.Thread(target=cliente_thread, args=(con, end))
    t.daemon = True
    t.start()
