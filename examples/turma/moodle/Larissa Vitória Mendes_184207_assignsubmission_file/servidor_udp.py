"""
Larissa Vitória Mendes
Atividade 3 - Servidor UDP
Uso: python3 servidor_udp.py <porta>
"""
import socket
import sys

porta = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('', porta))
print('Servidor UDP no ar, porta %d' % porta)
while True:
    dados, (ip, porta_cliente) = s.recvfrom(1024)
    print('%s:%d disse: %s' % (ip, porta_cliente, dados.decode('utf-8', 'replace')))
