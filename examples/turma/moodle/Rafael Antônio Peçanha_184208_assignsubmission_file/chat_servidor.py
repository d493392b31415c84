# Rafael Antônio Peçanha
# Atividade 2: servidor de chat com threads
import socket
import sys
import threading

porta = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

clientes = {}   # conexao -> nome
trava = threading.Lock()


def broadcast(texto, origem):
    with trava:
        conexoes = [c for c in clientes if c is not origem]
    for c in conexoes:
        try:
            c.sendall(texto.encode('utf-8'))
        except OSError:
            pass


def atender(conexao, nome):
    broadcast(nome + ' entrou no chat\n', conexao)
    resto = b''
    while True:
        try:
            dados = conexao.recv(1024)
        except OSError:
            break
        if not dados:
            break
        resto += dados
        while b'\n' in resto:
            linha, resto = resto.split(b'\n', 1)
            texto = linha.decode('utf-8', 'replace')
            print(nome + ': ' + texto)
            broadcast(nome + ': ' + texto + '\n', conexao)
    with trava:
        del clientes[conexao]
    conexao.close()
    broadcast(nome + ' saiu do chat\n', None)


servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
servidor.bind(('', porta))
servidor.listen(10)
print('Chat na porta', porta)

while True:
    conexao, endereco = servidor.accept()
    # pergunta o nome antes de colocar o cliente na sala
    conexao.sendall('Digite seu nome: '.encode('utf-8'))
    nome = conexao.recv(1024).decode('utf-8').strip()
    with trava:
        clientes[conexao] = nome
    print(nome, 'conectou de', endereco)
    threading.Thread(target=atender, args=(conexao, nome), daemon=True).start()
