# Atividade 1 - Servidor TCP
# Aluna: Ana Beatriz Souza
#
# Fica esperando conexões. Para cada cliente: mostra a mensagem que chegou,
# fecha a conexão e volta a esperar o próximo.
import socket
import sys

PORTA_PADRAO = 5000


def main():
    porta = int(sys.argv[1]) if len(sys.argv) > 1 else PORTA_PADRAO

    servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    servidor.bind(('', porta))
    servidor.listen(5)
    print(f'Servidor TCP aguardando conexões na porta {porta}...')

    try:
        while True:
            conexao, endereco = servidor.accept()
            print(f'Conexão de {endereco[0]}:{endereco[1]}')
            dados = conexao.recv(1024)
            print('Mensagem recebida:', dados.decode('utf-8', errors='replace'))
            conexao.close()
    except KeyboardInterrupt:
        print('\nServidor encerrado.')
    finally:
        servidor.close()


if __name__ == '__main__':
    main()
