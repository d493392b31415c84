"""Atividade 2 - servidor de chat com select() (sem threads).

João Pedro Lima

    python3 chat_server.py [PORT]

Protocolo: cada mensagem é uma linha terminada em \\n. A primeira linha de
cada cliente é o nick dele. As demais vão para todos os outros como
"nick: mensagem".
"""
import select
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 5000


class Client:
    def __init__(self, sock, addr):
        self.sock = sock
        self.addr = addr
        self.nick = None
        self.pending = b''   # pedaço de linha que ainda não terminou


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('', PORT))
    listener.listen(32)
    print(f'chat server on port {PORT}', flush=True)

    clients = {}  # socket -> Client

    def broadcast(line, sender):
        for c in list(clients.values()):
            if c is sender:
                continue
            try:
                c.sock.sendall(line.encode('utf-8'))
            except OSError:
                drop(c)

    def drop(c):
        if clients.pop(c.sock, None) is None:
            return
        c.sock.close()
        if c.nick:
            print(f'{c.nick} left', flush=True)
            broadcast(f'* {c.nick} left\n', None)

    while True:
        readable, _, _ = select.select([listener, *clients], [], [])
        for s in readable:
            if s is listener:
                sock, addr = listener.accept()
                clients[sock] = Client(sock, addr)
                continue
            c = clients.get(s)
            if c is None:        # already dropped during this round
                continue
            try:
                data = s.recv(4096)
            except OSError:      # connection reset
                data = b''
            if not data:
                drop(c)
                continue
            c.pending += data
            *lines, c.pending = c.pending.split(b'\n')
            for raw in lines:
                text = raw.decode('utf-8', 'replace').rstrip('\r')
                if c.nick is None:
                    c.nick = text.strip() or f'{c.addr[0]}:{c.addr[1]}'
                    print(f'{c.nick} joined', flush=True)
                    broadcast(f'* {c.nick} joined\n', c)
                else:
                    print(f'<{c.nick}> {text}', flush=True)
                    broadcast(f'{c.nick}: {text}\n', c)


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        print('bye')
