"""Cliente de chat TCP (Atividade 2) - solução de referência.

Uso: python3 chat_cliente.py [HOST] [PORTA]   (padrão: 127.0.0.1 5000)

A primeira linha digitada é o seu apelido; cada linha seguinte é uma
mensagem. Uma thread recebe e mostra o que chega do servidor enquanto a
thread principal lê o teclado, então as mensagens aparecem mesmo que você
não digite nada. Quando o servidor fecha a conexão, o cliente termina.
"""
import codecs
import os
import socket
import sys
import threading

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORTA = int(sys.argv[2]) if len(sys.argv) > 2 else 5000


def receber(sock):
    """Thread receptora: mostra tudo o que o servidor manda."""
    # O decodificador incremental guarda um caractere UTF-8 que chegou
    # partido entre dois recv, em vez de estragá-lo.
    decodificador = codecs.getincrementaldecoder('utf-8')(errors='replace')
    while True:
        try:
            dados = sock.recv(4096)
        except OSError:
            dados = b''
        if not dados:  # b'' = o servidor fechou a conexão
            print('\n[conexão encerrada pelo servidor]', flush=True)
            os._exit(0)  # termina o programa inteiro, inclusive o input() parado
        print(decodificador.decode(dados), end='', flush=True)


def main():
    sock = socket.create_connection((HOST, PORTA))
    threading.Thread(target=receber, args=(sock,), daemon=True).start()
    print('Conectado. Digite seu apelido e depois as mensagens (Ctrl+D sai).', flush=True)
    try:
        for linha in sys.stdin:
            sock.sendall(linha.rstrip('\r\n').encode('utf-8') + b'\n')
    except OSError:
        pass  # o servidor caiu enquanto enviávamos: a thread receptora encerra
    # Fim da entrada (Ctrl+D): avisa o servidor e sai.
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


if __name__ == '__main__':
    main()
