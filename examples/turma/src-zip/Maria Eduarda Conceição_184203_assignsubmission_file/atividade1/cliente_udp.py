# -*- coding: utf-8 -*-
# Maria Eduarda Conceição
# Atividade 3 - cliente UDP
import socket

HOST = '127.0.0.1'     # Endereco IP do Servidor
PORT = 5000            # Porta que o Servidor esta

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
dest = (HOST, PORT)
msg = 'Ola Mundo!'
udp.sendto(msg.encode(), dest)
udp.close()
