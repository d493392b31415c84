"""Atividade 3 - servidor UDP: mostra cada datagrama.

    python3 udp_server.py [PORT]
"""
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.bind(('', port))
    print(f'udp server on port {port}', flush=True)
    while True:
        data, (ip, sport) = s.recvfrom(2048)
        print(f'[{ip}:{sport}] {data.decode("utf-8", "replace")}', flush=True)
