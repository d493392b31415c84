// The choice of "which file is which program" over real-looking submissions: exact names first,
// near names, then what the code does, with folders, modules and two-role files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseFiles, type ExercisePrograms, type SourceFile } from '../../grader/intake/choose.js';
import { matchPrograms } from '../../grader/intake/match.js';
import { listPythonFiles } from '../../grader/intake/scan.js';
import { EXERCISES } from '../../grader/exercises.js';

const EX: ExercisePrograms[] = EXERCISES.map((d) => ({ id: d.id, programs: d.programs.map((p) => ({ role: p.role, files: p.files, protocol: p.protocol })) }));

const TCP_SERVER = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 5000))
s.listen(1)
while True:
    conn, addr = s.accept()
    print(conn.recv(1024).decode())
    conn.close()
`;
const TCP_CLIENT = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 5000))
s.sendall('Ola Mundo!'.encode())
s.close()
`;
const PY2_SERVER = `from socket import *
tcp = socket(AF_INET)
tcp.bind(('', 5000))
tcp.listen(0)
while True:
    con, cliente = tcp.accept()
    print 'Conectado por', cliente
    print con.recv(1024)
    con.close()
`;
const PY2_CLIENT = `import socket
tcp = socket.socket()
tcp.connect(('127.0.0.1', 5000))
print 'enviando'
tcp.send("Ola Mundo!")
tcp.close()
`;
const CHAT_SERVER = `import socket, threading
clientes = []
def atender(con):
    while True:
        msg = con.recv(1024)
        if not msg: break
        for c in clientes:
            if c is not con: c.sendall(msg)
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(('', 5000)); srv.listen()
while True:
    con, _ = srv.accept()
    clientes.append(con)
    threading.Thread(target=atender, args=(con,)).start()
`;
const CHAT_CLIENT = `import socket, threading
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 5000))
def receber():
    while True:
        print(s.recv(1024).decode())
threading.Thread(target=receber, daemon=True).start()
while True:
    s.sendall((input() + '\\n').encode())
`;
const UDP_SERVER = `import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('', 5000))
while True:
    dados, origem = u.recvfrom(1024)
    print(dados.decode())
`;
const UDP_CLIENT = `import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b'Ola Mundo!', ('127.0.0.1', 5000))
`;
const GAME = `# Connect-4: "servidor" do jogo, sem rede
tabuleiro = [[0] * 7 for _ in range(6)]
def jogar(coluna, jogador):
    for linha in reversed(tabuleiro):
        if linha[coluna] == 0:
            linha[coluna] = jogador
            return True
    return False
while True:
    jogar(int(input('coluna: ')), 1)
`;
const BOTH = `import socket
op = input('1) servidor 2) cliente: ')
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
if op == '1':
    s.bind(('', 5000)); s.listen(1)
    c, a = s.accept(); print(c.recv(1024))
else:
    s.connect(('127.0.0.1', 5000)); s.send(b'Ola Mundo!')
`;
const HELPER = `"""Funcoes do cliente."""
import socket
PORTA = 5000
def enviar(sock, texto):
    sock.sendall(texto.encode('utf-8'))
`;
const MAIN_CLIENT = `import socket
from cliente import enviar
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 5000))
enviar(s, 'Ola Mundo!')
`;
const RUNNABLE_CLIENT = `import socket
def main():
    s = socket.create_connection(('127.0.0.1', 5000))
    s.sendall(b'Ola Mundo!')
if __name__ == '__main__':
    main()
`;

type Expect = Record<string, { server?: [string, string]; client?: [string, string] }>;
interface Case {
  name: string;
  files: Record<string, string>;
  expect: Expect;
  /** The keys of the notes, in order. */
  notes?: string[];
}

const EXACT = 'intake.why.exact-name';
const NEAR = 'intake.why.near-name';
const CONTENT = 'intake.why.content';

const CASES: Case[] = [
  { name: 'the handout pair cliente.py/servidor.py', files: { 'servidor.py': TCP_SERVER, 'cliente.py': TCP_CLIENT }, expect: { 'tcp-hello': { server: ['servidor.py', EXACT], client: ['cliente.py', EXACT] } } },
  { name: 'English chat names', files: { 'chat_server.py': CHAT_SERVER, 'chat_client.py': CHAT_CLIENT }, expect: { chat: { server: ['chat_server.py', EXACT], client: ['chat_client.py', EXACT] } } },
  { name: 'Portuguese chat names, reversed word order', files: { 'servidor_chat.py': CHAT_SERVER, 'cliente_chat.py': CHAT_CLIENT }, expect: { chat: { server: ['servidor_chat.py', EXACT], client: ['cliente_chat.py', EXACT] } } },
  { name: 'the UDP pair by name', files: { 'servidor_udp.py': UDP_SERVER, 'cliente_udp.py': UDP_CLIENT }, expect: { 'udp-hello': { server: ['servidor_udp.py', EXACT], client: ['cliente_udp.py', EXACT] } } },
  { name: 'servidor_tcp.py is an accepted name', files: { 'servidor_tcp.py': TCP_SERVER, 'cliente_tcp.py': TCP_CLIENT }, expect: { 'tcp-hello': { server: ['servidor_tcp.py', EXACT], client: ['cliente_tcp.py', EXACT] } } },
  {
    name: 'ServidorTCP.py / Cliente-TCP.py: near misses', files: { 'ServidorTCP.py': TCP_SERVER, 'Cliente-TCP.py': TCP_CLIENT },
    expect: { 'tcp-hello': { server: ['ServidorTCP.py', NEAR], client: ['Cliente-TCP.py', NEAR] } }, notes: ['intake.note.near-name-server', 'intake.note.near-name-client'],
  },
  {
    name: 'tcp_chat_server.py goes to chat, not tcp-hello', files: { 'tcp_chat_server.py': CHAT_SERVER, 'tcp_chat_client.py': CHAT_CLIENT },
    expect: { chat: { server: ['tcp_chat_server.py', NEAR], client: ['tcp_chat_client.py', NEAR] } }, notes: ['intake.note.near-name-server', 'intake.note.near-name-client'],
  },
  {
    name: 'a Connect-4 servidor.py at the top, the real server deeper', files: { 'servidor.py': GAME, 'cliente.py': TCP_CLIENT, 'Pytthon/TCP/Servidor.py': TCP_SERVER },
    expect: { 'tcp-hello': { server: ['Pytthon/TCP/Servidor.py', EXACT], client: ['cliente.py', EXACT] } }, notes: ['intake.note.no-socket-server'],
  },
  {
    name: 'a helper cliente.py imported by main.py is a module', files: { 'servidor.py': TCP_SERVER, 'cliente.py': HELPER, 'main.py': MAIN_CLIENT },
    expect: { 'tcp-hello': { server: ['servidor.py', EXACT], client: ['main.py', CONTENT] } }, notes: ['intake.note.module', 'intake.note.content-client'],
  },
  {
    name: 'a runnable cliente.py imported by a test is still the program', files: { 'cliente.py': RUNNABLE_CLIENT, 'testes.py': 'import cliente\ncliente.main()\n' },
    expect: { 'tcp-hello': { client: ['cliente.py', EXACT] } },
  },
  {
    name: 'tcp/ and udp/ folders with the same names', files: { 'tcp/servidor.py': TCP_SERVER, 'tcp/cliente.py': TCP_CLIENT, 'Udp/servidor.py': UDP_SERVER, 'Udp/cliente.py': UDP_CLIENT },
    expect: { 'tcp-hello': { server: ['tcp/servidor.py', EXACT], client: ['tcp/cliente.py', EXACT] }, 'udp-hello': { server: ['Udp/servidor.py', NEAR], client: ['Udp/cliente.py', NEAR] } },
    notes: ['intake.note.near-name-server', 'intake.note.near-name-client'],
  },
  {
    name: 'a TCP folder breaks a tie of two exact names at the same depth', files: { 'projeto/servidor.py': TCP_SERVER, 'TCP/servidor.py': TCP_SERVER },
    expect: { 'tcp-hello': { server: ['TCP/servidor.py', EXACT] } },
  },
  {
    name: 'a chat/ folder beside the tcp-hello pair', files: { 'servidor.py': TCP_SERVER, 'cliente.py': TCP_CLIENT, 'Chat/servidor.py': CHAT_SERVER, 'Chat/cliente.py': CHAT_CLIENT },
    expect: { 'tcp-hello': { server: ['servidor.py', EXACT], client: ['cliente.py', EXACT] }, chat: { server: ['Chat/servidor.py', NEAR], client: ['Chat/cliente.py', NEAR] } },
    notes: ['intake.note.near-name-server', 'intake.note.near-name-client'],
  },
  { name: 'one file serving both roles is reported, not guessed', files: { 'programa.py': BOTH }, expect: {}, notes: ['intake.note.both-roles'] },
  {
    name: 'a two-role file named servidor.py is the server only', files: { 'servidor.py': BOTH },
    expect: { 'tcp-hello': { server: ['servidor.py', EXACT] } }, notes: ['intake.note.both-roles-server'],
  },
  {
    name: 'Portuguese names in nested folders', files: { 'atividade1/src/Servidor.py': TCP_SERVER, 'atividade1/src/Cliente.py': TCP_CLIENT },
    expect: { 'tcp-hello': { server: ['atividade1/src/Servidor.py', EXACT], client: ['atividade1/src/Cliente.py', EXACT] } },
  },
  {
    name: 'servidorUDP.py / clienteUDP.py', files: { 'servidorUDP.py': UDP_SERVER, 'clienteUDP.py': UDP_CLIENT },
    expect: { 'udp-hello': { server: ['servidorUDP.py', NEAR], client: ['clienteUDP.py', NEAR] } }, notes: ['intake.note.near-name-server', 'intake.note.near-name-client'],
  },
  {
    name: 'Python 2 files with unrelated names, classified by their socket calls', files: { 'atv1.py': PY2_SERVER, 'atv1b.py': PY2_CLIENT },
    expect: { 'tcp-hello': { server: ['atv1.py', CONTENT], client: ['atv1b.py', CONTENT] } }, notes: ['intake.note.content-server', 'intake.note.content-client'],
  },
  {
    name: 'a chat client found by content beside the named chat server', files: { 'servidor_chat.py': CHAT_SERVER, 'usuario.py': CHAT_CLIENT },
    expect: { chat: { server: ['servidor_chat.py', EXACT], client: ['usuario.py', CONTENT] } }, notes: ['intake.note.content-client'],
  },
  {
    name: 'a UDP pair by content', files: { 'recebe.py': UDP_SERVER, 'envia.py': UDP_CLIENT },
    expect: { 'udp-hello': { server: ['recebe.py', CONTENT], client: ['envia.py', CONTENT] } }, notes: ['intake.note.content-server', 'intake.note.content-client'],
  },
  { name: 'nothing matching at all', files: { 'jogo.py': GAME, 'calculadora.py': 'print(1 + 1)\n' }, expect: {}, notes: [] },
  {
    name: 'a UDP-named TCP server stays udp-hello\'s and is not taken by content for tcp-hello', files: { 'servidor_udp.py': TCP_SERVER, 'cliente_udp.py': UDP_CLIENT },
    expect: { 'udp-hello': { server: ['servidor_udp.py', EXACT], client: ['cliente_udp.py', EXACT] } },
  },
  {
    name: 'hello_server.py speaks of tcp-hello when no other exercise is named', files: { 'hello_server.py': TCP_SERVER, 'hello_client.py': TCP_CLIENT },
    expect: { 'tcp-hello': { server: ['hello_server.py', NEAR], client: ['hello_client.py', NEAR] } }, notes: ['intake.note.near-name-server', 'intake.note.near-name-client'],
  },
  {
    name: 'a near name without sockets loses to a deeper one with sockets', files: { 'ServidorTCP.py': GAME, 'v2/servidor-tcp.py': TCP_SERVER },
    expect: { 'tcp-hello': { server: ['v2/servidor-tcp.py', NEAR] } }, notes: ['intake.note.near-name-server', 'intake.note.no-socket-server'],
  },
  {
    name: 'a helper servidor.py imported by the real server is a module', files: { 'servidor.py': 'def tratar(conn):\n    print(conn.recv(1024))\n', 'app.py': `from servidor import tratar\n${TCP_SERVER}` },
    expect: { 'tcp-hello': { server: ['app.py', CONTENT] } }, notes: ['intake.note.module', 'intake.note.content-server'],
  },
  {
    name: 'udp/cliente.py goes to udp-hello by its folder even without sockets (names first)', files: { 'udp/cliente.py': GAME },
    expect: { 'udp-hello': { client: ['udp/cliente.py', NEAR] } }, notes: ['intake.note.near-name-client'],
  },
  {
    name: 'a file named for the chat is not taken by content for tcp-hello', files: { 'chat_servidor.py': TCP_SERVER, 'chat_cliente.py': TCP_CLIENT },
    expect: { chat: { server: ['chat_servidor.py', EXACT], client: ['chat_cliente.py', EXACT] } },
  },
];

function sourcesOf(files: Record<string, string>): SourceFile[] {
  return Object.entries(files).map(([relPath, text]) => ({ relPath, text }));
}

describe('chooseFiles', () => {
  it.each(CASES)('$name', ({ files, expect: wanted, notes }) => {
    const choice = chooseFiles(sourcesOf(files), EX);
    for (const ex of EX) {
      for (const { role } of ex.programs) {
        const got = choice.chosen.get(ex.id)?.get(role);
        const want = wanted[ex.id]?.[role];
        expect(got ? [got.relPath, got.why?.key] : undefined, `${ex.id} ${role}`).toEqual(want);
        if (got) expect(got.byContent === true, `${ex.id} ${role} byContent`).toBe(want![1] === CONTENT);
      }
    }
    if (notes) expect(choice.notes.map((n) => n.key)).toEqual(notes);
  });

  it('gives every exercise a map, empty when nothing was found', () => {
    const choice = chooseFiles([], EX);
    expect([...choice.chosen.keys()]).toEqual(EX.map((e) => e.id));
    expect([...choice.chosen.values()].every((m) => m.size === 0)).toBe(true);
  });

  it('fills why and alternatives: the losers of the same kind, in order', () => {
    const choice = chooseFiles(sourcesOf({ 'servidor.py': TCP_SERVER, 'old/server.py': TCP_SERVER, 'a/b/servidor.py': TCP_SERVER }), EX);
    expect(choice.chosen.get('tcp-hello')?.get('server')).toEqual({
      role: 'server', relPath: 'servidor.py', depth: 0, alternatives: ['old/server.py', 'a/b/servidor.py'], why: { key: EXACT, params: { name: 'servidor.py' } },
    });
  });

  it('says what the code does and where the files are in its notes', () => {
    const choice = chooseFiles(sourcesOf({ 'servidor.py': GAME, 'Pytthon/TCP/Servidor.py': TCP_SERVER, 'x.py': UDP_CLIENT, 'cliente.py': HELPER, 'main.py': MAIN_CLIENT }), EX);
    expect(choice.chosen.get('udp-hello')?.get('client')).toMatchObject({ relPath: 'x.py', byContent: true, why: { key: CONTENT, params: { evidence: 'sendto() + SOCK_DGRAM' } } });
    expect(choice.chosen.get('tcp-hello')?.get('server')?.alternatives).toEqual(['servidor.py']);
    expect(choice.notes).toEqual([
      { key: 'intake.note.module', params: { file: 'cliente.py', importer: 'main.py' } },
      { key: 'intake.note.no-socket-server', params: { file: 'servidor.py', chosen: 'Pytthon/TCP/Servidor.py', exercise: 'tcp-hello' } },
      { key: 'intake.note.content-client', params: { file: 'main.py', exercise: 'tcp-hello', evidence: 'connect() + SOCK_STREAM' } },
      { key: 'intake.note.content-client', params: { file: 'x.py', exercise: 'udp-hello', evidence: 'sendto() + SOCK_DGRAM' } },
    ]);
  });

  it('notes an exact name its folder keeps from an exercise when nothing else takes it', () => {
    const exercises = EX.filter((e) => e.id !== 'udp-hello');
    const choice = chooseFiles(sourcesOf({ 'udp/servidor.py': UDP_SERVER }), exercises);
    expect(choice.chosen.get('tcp-hello')?.size).toBe(0);
    expect(choice.notes).toEqual([{ key: 'intake.note.folder', params: { file: 'udp/servidor.py', folder: 'udp', exercise: 'tcp-hello' } }]);
  });

  it('ignores files deeper than three folders', () => {
    const choice = chooseFiles(sourcesOf({ 'a/b/c/d/servidor.py': TCP_SERVER, 'a/b/c/x.py': TCP_CLIENT }), EX);
    expect(choice.chosen.get('tcp-hello')?.has('server')).toBe(false);
    expect(choice.chosen.get('tcp-hello')?.get('client')?.relPath).toBe('a/b/c/x.py');
  });
});

describe('chooseFiles on the fixtures', () => {
  const root = path.resolve(import.meta.dirname, '../../fixtures/submissions');
  const dirs = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'expected.json')));

  it.each(dirs)('%s: the same files as exact-name matching, and no other exercise', (dir) => {
    const files = listPythonFiles(path.join(root, dir));
    const choice = chooseFiles(files.map((rel) => ({ relPath: rel, text: fs.readFileSync(path.join(root, dir, rel), 'utf8') })), EX);
    const expected = JSON.parse(fs.readFileSync(path.join(root, dir, 'expected.json'), 'utf8')) as { exercises: Record<string, unknown> };
    for (const ex of EX) {
      const today = matchPrograms(files, ex.programs);
      const got = choice.chosen.get(ex.id)!;
      expect([...got.values()].map((m) => ({ role: m.role, relPath: m.relPath, depth: m.depth, alternatives: m.alternatives }))).toEqual([...today.values()]);
      expect(got.size > 0, ex.id).toBe(ex.id in expected.exercises);
    }
    expect(choice.notes).toEqual([]);
  });
});
