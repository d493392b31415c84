"""Atividade 1 - cliente TCP: manda "Ola Mundo!" e fecha.

    python3 client.py [HOST] [PORT]
"""
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
port = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

with socket.create_connection((host, port)) as s:
    s.sendall('Ola Mundo!'.encode())
