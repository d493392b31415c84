"""Atividade 1 - cliente TCP (solucao de referencia).

Uso: python3 cliente.py [HOST] [PORTA]   (padrao: 127.0.0.1 5000)

Conecta ao servidor, envia "Ola Mundo!" e fecha a conexao.
"""
import socket
import sys


def main():
    host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
    porta = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as soquete:
        soquete.connect((host, porta))
        soquete.sendall('Ola Mundo!'.encode('utf-8'))
        print('Mensagem enviada para', (host, porta))
    # sair do "with" fecha o socket


if __name__ == '__main__':
    main()
