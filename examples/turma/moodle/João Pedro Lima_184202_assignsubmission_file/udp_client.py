"""Atividade 3 - cliente UDP: um datagrama "Ola Mundo!" e fim.

    python3 udp_client.py [HOST] [PORT]
"""
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
port = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.sendto(b'Ola Mundo!', (host, port))
