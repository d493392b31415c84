// The port relay over real loopback sockets: bytes, FINs and resets must arrive as if the client had dialled the server itself.
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { openRelays, openTcpRelay, openUdpRelay, type PortRelay } from '../../grader/pairs/relay.js';

const HOST = '127.0.0.1';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  // Bounded so a close() that hangs fails its own test instead of stalling the hook.
  for (const c of cleanups.splice(0).reverse()) await within(Promise.resolve(c()), 'cleanup').catch(() => {});
});

/** Waits for a promise, failing the test with `what` instead of hanging on a lost event. */
function within<T>(p: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** What one socket went through, collected from its events. */
interface Seen { data: Buffer; ended: boolean; error?: string; closed: Promise<void> }
function watch(socket: net.Socket): Seen {
  const chunks: Buffer[] = [];
  const seen: Seen = { data: Buffer.alloc(0), ended: false, closed: Promise.resolve() };
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('end', () => (seen.ended = true));
  socket.on('error', (e: NodeJS.ErrnoException) => (seen.error = e.code));
  seen.closed = new Promise((resolve) => socket.on('close', () => ((seen.data = Buffer.concat(chunks)), resolve())));
  return seen;
}

/** A target server on a free port; `onSocket` plays the student's server. Closed after the test. */
async function target(onSocket: (s: net.Socket) => void): Promise<{ port: number; accepted: Promise<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  let accept!: (s: net.Socket) => void;
  const accepted = new Promise<net.Socket>((r) => (accept = r));
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.add(s);
    s.on('error', () => {});
    onSocket(s);
    accept(s);
  });
  const port = await getPort({ host: HOST });
  await new Promise<void>((r) => server.listen(port, HOST, r));
  cleanups.push(() => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))));
  return { port, accepted };
}

/** A relay from a free port to `to`, closed after the test. */
async function relay(to: number): Promise<PortRelay> {
  const r = await openTcpRelay(await getPort({ host: HOST }), to);
  cleanups.push(() => r.close());
  return r;
}

/** A client socket on the relay, destroyed after the test. */
function dial(port: number): net.Socket {
  const s = net.connect({ host: HOST, port, allowHalfOpen: true });
  cleanups.push(() => void s.destroy());
  return s;
}

describe('openTcpRelay', () => {
  it('carries binary bytes and 1 MiB unchanged in both directions', async () => {
    const t = await target((s) => s.pipe(s)); // echo, then FIN once the client's FIN arrives
    const r = await relay(t.port);
    const payload = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(1024 * 1024)]);
    const client = dial(r.port);
    const seen = watch(client);
    client.end(payload);
    await within(seen.closed, 'the echo to come back');
    expect(seen.error).toBeUndefined();
    expect(seen.ended).toBe(true);
    expect(seen.data.length).toBe(payload.length);
    expect(seen.data.equals(payload)).toBe(true);
    expect(r.used()).toEqual({ connections: 1, bytesIn: payload.length, bytesOut: payload.length, datagrams: 0 });
  });

  it('passes a client half-close to the server as end while the server can still reply', async () => {
    let serverSaw: Seen | undefined;
    const got: Buffer[] = [];
    // The server answers only after the client's FIN, as a "read until EOF" server does.
    const t = await target((s) => {
      serverSaw = watch(s);
      s.on('data', (c: Buffer) => got.push(c));
      s.on('end', () => s.end(`got ${Buffer.concat(got).toString()}`));
    });
    const r = await relay(t.port);
    const client = dial(r.port);
    const seen = watch(client);
    client.end('hello');
    await within(seen.closed, 'the reply after the half-close');
    expect(serverSaw?.ended).toBe(true);
    expect(seen.data.toString()).toBe('got hello');
    expect(seen.ended).toBe(true);
    expect(seen.error).toBeUndefined();
  });

  it('turns a server reset into ECONNRESET at the client', async () => {
    const t = await target((s) => s.once('data', () => s.resetAndDestroy()));
    const r = await relay(t.port);
    const client = dial(r.port);
    const seen = watch(client);
    client.write('ping');
    await within(seen.closed, 'the client to be reset');
    expect(seen.error).toBe('ECONNRESET');
    expect(seen.ended).toBe(false);
  });

  it('turns a client reset into ECONNRESET at the server', async () => {
    const t = await target((s) => s.once('data', () => s.write('ready')));
    const r = await relay(t.port);
    const client = dial(r.port);
    client.on('error', () => {});
    client.write('ping');
    const server = watch(await within(t.accepted, 'the server to accept'));
    await within(new Promise((res) => client.once('data', res)), 'the server to answer');
    client.resetAndDestroy();
    await within(server.closed, 'the server to be reset');
    expect(server.error).toBe('ECONNRESET');
    expect(server.ended).toBe(false);
  });

  it('resets the client without a byte when the target is not listening', async () => {
    const r = await relay(await getPort({ host: HOST }));
    const client = dial(r.port);
    const seen = watch(client);
    await within(seen.closed, 'the refused relay to reset the client');
    expect(seen.error).toBe('ECONNRESET');
    expect(seen.ended).toBe(false);
    expect(seen.data.length).toBe(0);
    expect(r.used()).toEqual({ connections: 1, bytesIn: 0, bytesOut: 0, datagrams: 0 });
  });

  it('counts each direction on its own across connections', async () => {
    const t = await target((s) => s.once('data', () => s.end('abc')));
    const r = await relay(t.port);
    for (const msg of ['0123456789', '01234']) {
      const seen = watch(dial(r.port).end(msg));
      await within(seen.closed, 'the short reply');
      expect(seen.data.toString()).toBe('abc');
    }
    expect(r.used()).toEqual({ connections: 2, bytesIn: 15, bytesOut: 6, datagrams: 0 });
  });

  it('shows an observer every chunk with its direction and the relay port it came through', async () => {
    const t = await target((s) => s.once('data', () => s.end('pong')));
    const free = await getPort({ host: HOST });
    const seenBy: { port: number; direction: string; text: string }[] = [];
    const { relays } = await openRelays('tcp', [free], t.port, (port) => (direction, chunk) => seenBy.push({ port, direction, text: chunk.toString() }));
    cleanups.push(() => Promise.all(relays.map((x) => x.close())).then(() => {}));
    const seen = watch(dial(free).end('ping'));
    await within(seen.closed, 'the pong');
    expect(seenBy).toEqual([{ port: free, direction: 'up', text: 'ping' }, { port: free, direction: 'down', text: 'pong' }]);
  });

  it('rejects with EADDRINUSE when the port is taken, and openRelays reports it skipped', async () => {
    const t = await target(() => {});
    const busy = await target(() => {});
    await expect(openTcpRelay(busy.port, t.port)).rejects.toThrow(/EADDRINUSE/);
    const free = await getPort({ host: HOST });
    const { relays, skipped } = await openRelays('tcp', [busy.port, t.port, free], t.port);
    cleanups.push(() => Promise.all(relays.map((x) => x.close())).then(() => {}));
    expect(relays.map((x) => [x.port, x.protocol])).toEqual([[free, 'tcp']]);
    expect(skipped.map((s) => s.port)).toEqual([busy.port, t.port]);
    expect(skipped[0]!.reason).toMatch(/EADDRINUSE/);
  });

  it('close() destroys live connections on both sides, frees the port and is idempotent', async () => {
    const t = await target((s) => s.once('data', () => s.write('ready')));
    const r = await relay(t.port);
    const client = dial(r.port);
    client.on('error', () => {});
    client.write('ping');
    const server = await within(t.accepted, 'the server to accept');
    await within(new Promise((res) => client.once('data', res)), 'the server to answer');
    // Both peers are half-open sockets, so the relay's destroy shows up to each as a FIN they did not send.
    const bothEnded = Promise.all([client, server].map((s) => new Promise((res) => s.once('end', res))));
    await within(Promise.all([r.close(), r.close()]), 'close()');
    await within(bothEnded, 'both relayed sockets to be closed by the relay');
    await r.close();
    const again = net.createServer();
    await within(new Promise<void>((res, rej) => again.once('error', rej).listen(r.port, HOST, res)), 'listening again');
    await new Promise<void>((res) => again.close(() => res()));
  });
});

describe('openUdpRelay', () => {
  it('answers each client from the relay port and keeps two clients apart', async () => {
    const server = dgram.createSocket('udp4');
    const peers = new Set<number>();
    server.on('message', (msg, from) => (peers.add(from.port), server.send(Buffer.concat([Buffer.from('echo:'), msg]), from.port, from.address)));
    await new Promise<void>((res) => server.bind(0, HOST, res));
    cleanups.push(() => new Promise<void>((res) => server.close(() => res())));
    const directions: string[] = [];
    const r = await openUdpRelay(await getPort({ host: HOST }), server.address().port, (d, chunk) => directions.push(`${d}:${chunk.length}`));
    cleanups.push(() => r.close());
    const ask = async (text: string | Buffer) => {
      const c = dgram.createSocket('udp4');
      await new Promise<void>((res) => c.bind(0, HOST, res));
      cleanups.push(() => new Promise<void>((res) => c.close(() => res())));
      const reply = new Promise<[Buffer, dgram.RemoteInfo]>((res) => c.once('message', (m, from) => res([m, from])));
      c.send(text, r.port, HOST);
      return { own: c.address().port, reply: await within(reply, `the reply to ${text}`) };
    };
    const [a, b] = await Promise.all([ask('alpha'), ask(Buffer.from('\x00\xffbeta', 'latin1'))]);
    expect(a.reply[0].toString()).toBe('echo:alpha');
    expect(b.reply[0].toString('latin1')).toBe('echo:\x00\xffbeta');
    expect([a.reply[1].port, b.reply[1].port]).toEqual([r.port, r.port]);
    expect(peers.size).toBe(2);
    expect([...peers]).not.toContain(a.own);
    expect(r.used()).toEqual({ connections: 2, bytesIn: 5 + 6, bytesOut: 10 + 11, datagrams: 4 });
    expect(directions.sort()).toEqual(['down:10', 'down:11', 'up:5', 'up:6']);
    await within(Promise.all([r.close(), r.close()]), 'close()');
    await r.close();
  });

  it('rejects with EADDRINUSE when the UDP port is taken', async () => {
    const taken = dgram.createSocket('udp4');
    await new Promise<void>((res) => taken.bind(0, HOST, res));
    cleanups.push(() => new Promise<void>((res) => taken.close(() => res())));
    await expect(openUdpRelay(taken.address().port, 9)).rejects.toThrow(/EADDRINUSE/);
    const { relays, skipped } = await openRelays('udp', [taken.address().port], 9);
    expect(relays).toEqual([]);
    expect(skipped).toEqual([{ port: taken.address().port, reason: expect.stringMatching(/EADDRINUSE/) }]);
  });
});
