# Rafael Antônio Peçanha
# Atividade 3: servidor UDP
import socket
import sys

porta = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

servidor = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
servidor.bind(('', porta))
print('Servidor UDP na porta', porta)
while True:
    dados, endereco = servidor.recvfrom(1024)
    print('Datagrama de', endereco, ':', dados.decode('utf-8', 'replace'))
