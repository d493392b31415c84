# Rafael Antônio Peçanha
# Atividade 1: servidor TCP que imprime a mensagem do cliente
import socket
import sys

porta = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
servidor.bind(('', porta))
servidor.listen(5)
print('Servidor aguardando na porta', porta)

while True:
    conexao, endereco = servidor.accept()
    dados = conexao.recv(1024)
    print('Cliente', endereco, 'mandou:', dados.decode())
    conexao.close()
