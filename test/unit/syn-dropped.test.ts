import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { connectPeer, synDropped } from '../../grader/peers/tcp-peer.js';
import { Transcript } from '../../grader/peers/transcript.js';
import { readSocketTables, TCP_SYN_SENT } from '../../grader/sandbox/ports.js';

// A server whose accept queue holds one connection and that never accepts: the kernel drops
// every later SYN, and such a connect would otherwise wait for the 1 s retransmit.
const FULL_QUEUE = 'import socket,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(30)\n';

let server: ChildProcess | undefined;
const sockets: net.Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  if (server?.pid) process.kill(server.pid, 'SIGKILL');
  server = undefined;
});

async function fullQueueServer(): Promise<number> {
  server = spawn('python3', ['-c', FULL_QUEUE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => server!.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  const first = net.connect({ host: '127.0.0.1', port });
  sockets.push(first);
  await new Promise((resolve) => first.once('connect', resolve));
  return port;
}

/**
 * Waits until a connect to `port` is in SYN-SENT in this process's table, without a fixed sleep.
 * Not through socket.address(): Node caches the empty answer it gives before the connect is issued.
 */
async function synSent(port: number): Promise<void> {
  while (!readSocketTables('self', 'tcp').some((r) => r.remotePort === port && r.state === TCP_SYN_SENT)) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('synDropped', () => {
  it('is true for a connect whose SYN a full accept queue dropped, false for an answered one', async () => {
    const port = await fullQueueServer();
    const second = net.connect({ host: '127.0.0.1', port });
    second.on('error', () => undefined);
    sockets.push(second);
    await synSent(port);
    expect(synDropped(second, port)).toBe(true);
    expect(synDropped(sockets[0]!, port)).toBe(false);
  });

  it('lets connectPeer give up on a queue that never drains by its deadline, retrying meanwhile', async () => {
    const port = await fullQueueServer();
    const started = Date.now();
    const peer = await connectPeer('C2', port, new Transcript(), 600);
    expect(peer).toBeUndefined();
    // Not a timing assertion on speed: the deadline is honoured, with slack for a loaded machine.
    expect(Date.now() - started).toBeLessThan(600 + 1000);
  });
});
