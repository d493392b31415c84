# Gabriela Nascimento Araújo
# Atividade 2 - Servidor de chat
import socket
import sys
import threading

HOST = '0.0.0.0'
PORTA = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

conexoes = []
lock = threading.Lock()


def enviar_para_outros(msg, origem):
    with lock:
        for c in conexoes:
            if c is not origem:
                try:
                    c.sendall(msg)
                except OSError:
                    pass


def cliente(conn, endereco):
    nome = conn.recv(1024).decode('utf-8').strip()
    with lock:
        conexoes.append(conn)
    print(f'{nome} entrou {endereco}')
    while True:
        try:
            msg = conn.recv(1024)
        except OSError:
            break
        if not msg:
            break
        # cada mensagem recebida vai para os outros com o nome de quem mandou
        texto = msg.decode('utf-8', errors='replace')
        print(f'[{nome}] {texto}', end='')
        enviar_para_outros(f'[{nome}] {texto}'.encode('utf-8'), conn)
    with lock:
        conexoes.remove(conn)
    conn.close()
    print(f'{nome} saiu')


sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind((HOST, PORTA))
sock.listen()
print('Chat aberto na porta', PORTA)
while True:
    conn, endereco = sock.accept()
    threading.Thread(target=cliente, args=(conn, endereco), daemon=True).start()
