"""Atividade 2 - cliente de chat, single thread com select().

    python3 chat_client.py [HOST] [PORT]

A primeira linha digitada é o seu nick. Ctrl+D sai.
"""
import os
import select
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 5000


def main():
    sock = socket.create_connection((HOST, PORT))
    stdin = sys.stdin.fileno()
    print('connected - type your nick, then your messages', flush=True)

    while True:
        ready, _, _ = select.select([sock, stdin], [], [])
        if sock in ready:
            data = sock.recv(4096)
            if not data:
                print('\n[server closed the connection]', flush=True)
                break
            sys.stdout.write(data.decode('utf-8', 'replace'))
            sys.stdout.flush()
        if stdin in ready:
            typed = os.read(stdin, 4096)
            if not typed:          # Ctrl+D
                break
            sock.sendall(typed)    # the lines already end with \n

    sock.close()


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        pass
