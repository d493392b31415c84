"""
Larissa Vitória Mendes
Atividade 1 - Servidor TCP
Uso: python3 servidor.py <porta>
"""
import socket
import sys


def iniciar_servidor(porta):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('', porta))
    s.listen(5)
    print('Servidor no ar, porta %d' % porta)
    return s


def main():
    porta = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    s = iniciar_servidor(porta)
    while True:
        conexao, (ip, porta_cliente) = s.accept()
        mensagem = conexao.recv(1024).decode('utf-8')
        print('%s:%d disse: %s' % (ip, porta_cliente, mensagem))
        conexao.close()


main()
