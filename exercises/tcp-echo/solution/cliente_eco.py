"""Cliente de eco TCP (solução de referência).

Uso: python3 cliente_eco.py [HOST] [PORTA]   (padrão: 127.0.0.1 5000)

Envia cada linha digitada (ou recebida pela entrada padrão) ao servidor e
imprime o eco que volta. Digitar sair, ou o fim da entrada (Ctrl+D), fecha a
conexão e termina o programa.
"""
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORTA = int(sys.argv[2]) if len(sys.argv) > 2 else 5000


def receber_linha(sock, pendente):
    """Lê até completar uma linha; devolve (linha, resto) ou (None, b'') se o servidor fechou."""
    while b'\n' not in pendente:
        dados = sock.recv(1024)
        if not dados:
            return None, b''
        pendente += dados
    linha, _, resto = pendente.partition(b'\n')
    return linha, resto


def main():
    sock = socket.create_connection((HOST, PORTA))
    pendente = b''
    with sock:
        for linha in sys.stdin:
            linha = linha.rstrip('\r\n')
            if linha == 'sair':
                break
            sock.sendall((linha + '\n').encode('utf-8'))
            eco, pendente = receber_linha(sock, pendente)
            if eco is None:
                print('[o servidor fechou a conexão]', flush=True)
                break
            print(eco.decode('utf-8', errors='replace'), flush=True)


if __name__ == '__main__':
    main()
