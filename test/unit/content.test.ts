// What a Python source does: traits on the reference solutions, on real-looking fixtures, and on
// the corners regexes stumble on (comments, docstrings, Python 2, helper modules).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOnly, kindOf, logicalLines, readTraits } from '../../grader/intake/content.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const kind = (text: string) => kindOf(readTraits(text));

describe('the reference solutions', () => {
  it.each([
    ['exercises/tcp-hello/solution/servidor.py', { role: 'server', protocol: 'tcp', chat: false, evidence: 'listen() + SOCK_STREAM' }],
    ['exercises/tcp-hello/solution/cliente.py', { role: 'client', protocol: 'tcp', chat: false, evidence: 'connect() + SOCK_STREAM' }],
    ['exercises/chat/solution/chat_servidor.py', { role: 'server', protocol: 'tcp', chat: true, evidence: 'listen() + SOCK_STREAM + for cliente in destinos: cliente.sendall()' }],
    ['exercises/chat/solution/chat_cliente.py', { role: 'client', protocol: 'tcp', chat: true, evidence: 'create_connection() + Thread + recv() + sys.stdin' }],
    ['exercises/udp-hello/solution/servidor_udp.py', { role: 'server', protocol: 'udp', chat: false, evidence: 'bind() + recvfrom() + SOCK_DGRAM' }],
    ['exercises/udp-hello/solution/cliente_udp.py', { role: 'client', protocol: 'udp', chat: false, evidence: 'sendto() + SOCK_DGRAM' }],
  ])('%s', (file, wanted) => {
    expect(kind(read(file))).toEqual(wanted);
  });

  it('are programs, not modules: a main block that calls main() runs', () => {
    for (const file of ['exercises/tcp-hello/solution/servidor.py', 'exercises/chat/solution/chat_cliente.py', 'exercises/udp-hello/solution/cliente_udp.py']) {
      expect(readTraits(read(file)).moduleOnly, file).toBe(false);
    }
  });
});

describe('fixtures', () => {
  const fixture = (rel: string) => kind(read(`fixtures/submissions/${rel}`));

  it('reads Python 2 print statements past their socket calls', () => {
    expect(fixture('handout-py2/servidor.py')).toMatchObject({ role: 'server', protocol: 'tcp', chat: false });
    expect(fixture('handout-py2/cliente.py')).toMatchObject({ role: 'client', protocol: 'tcp', chat: false });
    expect(fixture('chat-py2-server/chat_servidor.py')).toMatchObject({ role: 'server', chat: true, evidence: 'listen() + SOCK_STREAM + for c in outros: c.sendall()' });
  });

  it('finds chat servers built on select, asyncio and socketserver', () => {
    expect(fixture('chat-select/chat_server.py')?.evidence).toBe('listen() + SOCK_STREAM + for sock in pending: sock.sendall()');
    expect(fixture('chat-asyncio/servidor_chat.py')).toMatchObject({ role: 'server', chat: true, evidence: 'start_server() + asyncio streams + for escritor in clientes: escritor.write()' });
    expect(fixture('chat-socketserver/server_chat.py')).toMatchObject({ role: 'server', protocol: 'tcp', chat: true });
  });

  it('finds chat clients that read the socket with a thread, select or asyncio tasks', () => {
    expect(fixture('chat-select/chat_client.py')?.evidence).toBe('create_connection() + select() + recv() + sys.stdin');
    expect(fixture('chat-asyncio/cliente_chat.py')).toMatchObject({ role: 'client', chat: true });
    expect(fixture('chat-client-tkinter/chat_cliente.py')?.evidence).toBe('connect() + SOCK_STREAM + Thread + recv() + tkinter');
  });

  it('sees a chat server that never relays and a lock-step client as plain TCP programs', () => {
    expect(fixture('chat-print-only/chat_servidor.py')).toMatchObject({ role: 'server', chat: false });
    expect(fixture('chat-lockstep-client/chat_cliente.py')).toMatchObject({ role: 'client', chat: false });
  });

  it('sees a "UDP" server copied from TCP as TCP', () => {
    expect(fixture('udp-stream-by-mistake/servidor_udp.py')).toMatchObject({ role: 'server', protocol: 'tcp' });
    expect(fixture('udp-pair/udp_server.py')).toMatchObject({ role: 'server', protocol: 'udp' });
  });
});

describe('code only', () => {
  it('drops comments and blanks strings, docstrings included', () => {
    const text = '"""Call s.listen() here."""\nimport socket  # s.connect()\nx = "s.listen(5)"\n';
    expect(codeOnly(text)).not.toMatch(/listen|connect/);
    expect(kind(text)).toBeUndefined();
  });

  it('keeps escaped quotes inside strings', () => {
    expect(codeOnly(`a = 'it\\'s # not a comment'\nb = 1`)).toMatch(/^a = '\s+'\nb = 1$/);
  });

  it('joins bracketed and backslash continuations into one logical line', () => {
    expect(logicalLines('x = f(1,\n      2)\ny = 1 + \\\n    2\n    z = 3\n').map((l) => [l.indent, l.text])).toEqual([[0, 'x = f(1, 2)'], [0, 'y = 1 +  2'], [4, 'z = 3']]);
  });
});

describe('traits', () => {
  it('takes a socket() without a type for TCP', () => {
    expect(kind('import socket\ns = socket.socket()\ns.connect(("h", 1))\n')).toEqual({ role: 'client', protocol: 'tcp', chat: false, evidence: 'connect() + socket() (TCP)' });
  });

  it('needs sockets: a turtle game that listens is no server, sqlite3.connect is no client', () => {
    expect(kind('import turtle\nturtle.listen()\nturtle.mainloop()\n')).toBeUndefined();
    const db = readTraits('import socket, sqlite3\ndb = sqlite3.connect("notas.db")\n');
    expect(db.sockets).toBe(true);
    expect(db.connects).toBeUndefined();
  });

  it('reports a file that listens and connects as both', () => {
    expect(kind('import socket\ns = socket.socket()\nif input() == "1":\n    s.listen(1)\nelse:\n    s.connect(("h", 1))\n')).toMatchObject({ role: 'both', evidence: 'listen() + connect()' });
  });

  it('gives no protocol to a file with both socket types', () => {
    expect(kind('import socket\nt = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\nu = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nt.listen(1)\n')).toBeUndefined();
  });

  it('finds relays through index loops and comprehensions', () => {
    const base = 'import socket\ns = socket.socket()\ns.listen()\nclientes = []\n';
    expect(kind(`${base}for i in range(len(clientes)):\n    clientes[i].send(b"x")\n`)?.evidence).toBe('listen() + socket() (TCP) + for … in …: clientes[…].send()');
    expect(kind(`${base}[c.sendall(b"x") for c in clientes]\n`)?.chat).toBe(true);
    expect(kind(`${base}for c in clientes:\n    c.close()\n`)?.chat).toBe(false);
  });
});

describe('helper modules and imports', () => {
  it('counts only imports, constants, defs, classes and docstrings as a module', () => {
    const helper = '"""Helpers."""\nimport socket\nPORTA = 5000\nHOST = "x"\n\nclass Conexao:\n    pass\n\n@cache\ndef enviar(s, t):\n    s.sendall(t)\n';
    expect(readTraits(helper).moduleOnly).toBe(true);
    expect(readTraits(`${helper}if __name__ == "__main__":\n    pass\n`).moduleOnly).toBe(true);
    expect(readTraits(`${helper}if __name__ == "__main__":\n    enviar(None, b"")\n`).moduleOnly).toBe(false);
    expect(readTraits(`${helper}print("oi")\n`).moduleOnly).toBe(false);
    expect(readTraits(`${helper}nome = input()\n`).moduleOnly).toBe(false);
    expect(readTraits(`${helper}try:\n    import readline\nexcept ImportError:\n    pass\n`).moduleOnly).toBe(false);
  });

  it('lists what a file imports, packages and relative imports included', () => {
    const t = readTraits('import socket, sys as s\nfrom pkg.cliente import enviar\nfrom . import servidor\ndef f():\n    import util; import os.path\n');
    expect(t.imports.sort()).toEqual(['os.path', 'pkg.cliente', 'pkg.cliente.enviar', 'servidor', 'socket', 'sys', 'util']);
  });
});
