"""Servidor UDP: mostra cada datagrama que recebe.

Uso: python3 servidor_udp.py [PORTA]        (porta padrão: 5000)
"""
import socket
import sys

HOST = ''  # todas as interfaces
PORTA = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # DGRAM = UDP
udp.bind((HOST, PORTA))
print(f'Servidor UDP esperando na porta {PORTA}')
try:
    while True:
        dados, cliente = udp.recvfrom(1024)
        # recvfrom devolve bytes: decodifique para mostrar o texto.
        print(f'{cliente[0]}:{cliente[1]} -> {dados.decode("utf-8", errors="replace")}')
except KeyboardInterrupt:
    print('Servidor encerrado.')
finally:
    udp.close()
