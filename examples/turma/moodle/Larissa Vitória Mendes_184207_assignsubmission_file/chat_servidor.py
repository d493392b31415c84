"""
Larissa Vitória Mendes
Atividade 2 - Servidor do chat
Uso: python3 chat_servidor.py <porta>
"""
import socket
import sys
import threading

porta = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
clientes = []
trava = threading.Lock()


def difundir(mensagem, origem):
    with trava:
        destinatarios = [c for c in clientes if c is not origem]
    for c in destinatarios:
        try:
            c.sendall(mensagem.encode('utf-8'))
        except OSError:
            pass


def tratar(conexao, endereco):
    with trava:
        clientes.append(conexao)
    nome = None
    pendente = b''
    try:
        while True:
            dados = conexao.recv(1024)
            if not dados:
                break
            pendente += dados
            while b'\n' in pendente:
                linha, pendente = pendente.split(b'\n', 1)
                texto = linha.decode('utf-8', 'replace')
                if nome is None:
                    nome = texto.strip()
                    difundir('%s entrou.\n' % nome, conexao)
                else:
                    print('%s: %s' % (nome, texto))
                    difundir('%s: %s\n' % (nome, texto), conexao)
    except ConnectionError:
        pass
    with trava:
        clientes.remove(conexao)
    conexao.close()
    if nome:
        difundir('%s saiu.\n' % nome, None)


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('', porta))
    s.listen(10)
    print('Chat no ar, porta %d' % porta)
    while True:
        conexao, endereco = s.accept()
        threading.Thread(target=tratar, args=(conexao, endereco), daemon=True).start()


main()
