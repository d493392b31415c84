"""Atividade 1 - servidor TCP "Ola Mundo".

João Pedro Lima - Redes de Computadores

    python3 server.py [PORT]
"""
import socket
import sys


def serve(port):
    # create_server already sets SO_REUSEADDR on Linux
    with socket.create_server(('', port)) as srv:
        print(f'listening on port {port}', flush=True)
        while True:
            conn, (ip, cport) = srv.accept()
            with conn:
                chunks = []
                while True:                      # read until the client closes its side
                    chunk = conn.recv(1024)
                    if not chunk:
                        break
                    chunks.append(chunk)
                msg = b''.join(chunks).decode('utf-8', 'replace')
                print(f'{ip}:{cport} -> {msg}', flush=True)


if __name__ == '__main__':
    try:
        serve(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
    except KeyboardInterrupt:
        pass
