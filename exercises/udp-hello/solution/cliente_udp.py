"""Cliente UDP: envia "Ola Mundo!" uma vez e termina.

Uso: python3 cliente_udp.py [HOST] [PORTA]   (padrão: 127.0.0.1 5000)
"""
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORTA = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.sendto('Ola Mundo!'.encode('utf-8'), (HOST, PORTA))
print(f'Enviado para {HOST}:{PORTA}')
udp.close()
