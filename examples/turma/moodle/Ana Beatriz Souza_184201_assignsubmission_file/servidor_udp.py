# Atividade 3 - Servidor UDP
# Aluna: Ana Beatriz Souza
import socket
import sys

PORTA = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(('', PORTA))
print(f'Servidor UDP escutando na porta {PORTA}')

try:
    while True:
        mensagem, origem = udp.recvfrom(1024)
        print(f'{origem[0]}:{origem[1]} enviou: {mensagem.decode("utf-8", errors="replace")}')
except KeyboardInterrupt:
    print('\nServidor encerrado.')
finally:
    udp.close()
