# -*- coding: utf-8 -*-
# Maria Eduarda Conceição
# Atividade 1 - cliente TCP (código do roteiro passado para Python 3)
import socket

HOST = '127.0.0.1'     # Endereco IP do Servidor
PORT = 5000            # Porta que o Servidor esta

tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
dest = (HOST, PORT)
tcp.connect(dest)
msg = 'Ola Mundo!'
tcp.send(msg.encode())
tcp.close()
