"""Atividade 1 - servidor TCP (solucao de referencia).

Uso: python3 servidor.py [PORTA]   (padrao: 5000)

Aceita conexoes uma de cada vez, imprime a mensagem recebida e fecha a
conexao. Roda ate ser interrompido.
"""
import socket
import sys

HOST = '127.0.0.1'


def main():
    porta = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

    soquete = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    soquete.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    soquete.bind((HOST, porta))
    soquete.listen(5)
    print('Servidor escutando em', (HOST, porta), flush=True)

    try:
        while True:
            conexao, cliente = soquete.accept()
            with conexao:
                print('Conectado por', cliente, flush=True)
                mensagem = conexao.recv(1024)
                texto = mensagem.decode('utf-8', errors='replace')
                print('Cliente', cliente[0], 'Recebida:', texto, flush=True)
            # sair do "with" fecha a conexao
    except KeyboardInterrupt:
        pass
    finally:
        soquete.close()


if __name__ == '__main__':
    main()
