import { execFileSync } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { binaryKind, invalidUtf8Bytes } from '../../grader/peers/binary.js';

/** The first bytes a real TLS client sends: Node's tls.connect to a plain TCP server that records them. */
async function clientHello(): Promise<Buffer> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const received = new Promise<Buffer>((resolve) => server.once('connection', (socket) => socket.once('data', (chunk: Buffer) => {
      resolve(chunk);
      socket.destroy();
    })));
    const client = tls.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1', servername: 'localhost' });
    client.on('error', () => {});
    const bytes = await received;
    client.destroy();
    return bytes;
  } finally {
    server.close();
  }
}

// Recorded from python3 3.11: pickle.dumps({'msg': 'Olá'}, protocol=2).
const PICKLE_2 = Buffer.from('80027d710058030000006d7367710158040000004f6cc3a17102732e', 'hex');

describe('binaryKind', () => {
  it('recognises a real TLS ClientHello', async () => {
    const hello = await clientHello();
    expect(binaryKind(hello)).toEqual({ kind: 'tls', hex: [...hello.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ') });
    expect(binaryKind(hello)?.hex).toMatch(/^16 03 0[1-4] /);
  });

  it('recognises pickles: a real one from python3 (protocol 4) and a recorded protocol 2 one', () => {
    const script = "import pickle, sys; sys.stdout.buffer.write(pickle.dumps({'msg': 'Olá', 'n': [1, 2]}))";
    const fresh = execFileSync('python3', ['-c', script]);
    expect(binaryKind(fresh)?.kind).toBe('pickle');
    expect(binaryKind(fresh)?.hex.startsWith('80 04')).toBe(true);
    expect(fresh[fresh.length - 1]).toBe(0x2e);
    expect(binaryKind(PICKLE_2)).toEqual({ kind: 'pickle', hex: '80 02 7d 71 00 58 03 00 00 00 6d 73 67 71 01 58' });
  });

  it('calls NUL bytes, UTF-16 and control-heavy bytes binary', () => {
    // struct.pack('>I', 11) + b'Ola Mundo!!': a length prefix.
    expect(binaryKind(Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('Ola Mundo!!')]))?.kind).toBe('binary');
    expect(binaryKind(Buffer.from('Ola', 'utf16le'))?.kind).toBe('binary');
    expect(binaryKind(Buffer.from([1, 2, 3, 4, 5, 0x41, 0x42, 0x43]))?.kind).toBe('binary');
    expect(binaryKind(Buffer.from([0xff, 0xfe, 0xfd, 0xfa, 0x41]))?.kind).toBe('binary');
    expect(binaryKind(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]))?.hex).toBe('01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10');
  });

  it('leaves text alone: ASCII, UTF-8 with accents and emoji, Latin-1, a stray escape, a cut character', () => {
    expect(binaryKind(Buffer.from('Ola Mundo!\n'))).toBeUndefined();
    expect(binaryKind(Buffer.from('Olá, você está conectado 🎉👍\r\n'))).toBeUndefined();
    expect(binaryKind(Buffer.from('Olá, você está conectado\n', 'latin1'))).toBeUndefined();
    expect(binaryKind(Buffer.from('\x1b[32mOK\x1b[0m\tpronto\n'))).toBeUndefined();
    expect(binaryKind(Buffer.from('Olá 🎉').subarray(0, -2))).toBeUndefined();
    expect(binaryKind(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('invalidUtf8Bytes', () => {
  it('counts bytes outside well-formed sequences, not a sequence cut at the end', () => {
    expect(invalidUtf8Bytes(Buffer.from('ação 🎉'))).toBe(0);
    expect(invalidUtf8Bytes(Buffer.from('ação', 'latin1'))).toBe(2);
    expect(invalidUtf8Bytes(Buffer.from('🎉').subarray(0, 3))).toBe(0);
    expect(invalidUtf8Bytes(Buffer.from([0xc0, 0x80]))).toBe(2);
  });
});
