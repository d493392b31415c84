// The interop matrix's port relay: a client that dials its own hardcoded port still reaches the classmate's server, byte for byte.
import dgram from 'node:dgram';
import net from 'node:net';

// Loopback only: the pair runs inside one network namespace and nothing else should reach a student's server.
// `localhost` in a student's program lands here too: /etc/hosts on the grading machine maps it to 127.0.0.1 only,
// and Python's default AF_INET socket never asks for ::1, so no ::1 listener is opened.
const LOOPBACK = '127.0.0.1';

/** What went through a relay, for the "worked only through a relay" verdict and its transcript. */
export interface RelayUse {
  connections: number;
  /** Bytes from the client towards the server. */
  bytesIn: number;
  /** Bytes from the server back to the client. */
  bytesOut: number;
  datagrams: number;
}

/** One open relay: where it listens, what went through it, and how to take it down. */
export interface PortRelay {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  used(): RelayUse;
  close(): Promise<void>;
}

/** Sees every chunk (TCP) or datagram (UDP) as it is relayed: `up` is client to server, `down` the reply path. */
export type RelayObserver = (direction: 'up' | 'down', chunk: Buffer) => void;

const noop: RelayObserver = () => {};

const noUse = (): RelayUse => ({ connections: 0, bytesIn: 0, bytesOut: 0, datagrams: 0 });

/** Why the relay could not take its port, with the errno code the report quotes. */
function listenError(protocol: 'tcp' | 'udp', port: number, err: NodeJS.ErrnoException): Error {
  const code = err.code ?? err.message;
  return Object.assign(new Error(`cannot relay ${LOOPBACK}:${port}/${protocol}: ${code}`), { code: err.code });
}

/** Aborts a socket the way its partner was aborted: an RST, not a FIN, so the student program sees ECONNRESET. */
function reset(socket: net.Socket): void {
  if (socket.destroyed) return;
  // A socket still connecting has no connection to reset; dropping it is what the far side would see anyway.
  if (socket.connecting) socket.destroy();
  else socket.resetAndDestroy();
}

/** Pipes one direction, counting bytes; pipe() carries backpressure and turns the source's FIN into end(). */
function forward(from: net.Socket, to: net.Socket, count: (chunk: Buffer) => void): void {
  from.on('data', count);
  from.pipe(to);
}

/** Joins an accepted client to a fresh connection to the target, mirroring FINs and resets both ways. */
function relayConnection(client: net.Socket, targetPort: number, use: RelayUse, live: Set<net.Socket>, observe: RelayObserver): void {
  const upstream = net.connect({ host: LOOPBACK, port: targetPort, allowHalfOpen: true });
  for (const s of [client, upstream]) {
    live.add(s);
    s.on('close', () => live.delete(s));
  }
  // A refused connect also lands here: the client then sees its connection reset without a byte.
  upstream.on('error', () => reset(client));
  client.on('error', () => reset(upstream));
  upstream.once('connect', () => {
    // The client was accepted paused so nothing it sent early is counted or lost before the target answers.
    forward(client, upstream, (chunk) => ((use.bytesIn += chunk.length), observe('up', chunk)));
    forward(upstream, client, (chunk) => ((use.bytesOut += chunk.length), observe('down', chunk)));
  });
}

/** Starts listening, turning the first 'error' (EADDRINUSE, EACCES…) into a rejection. */
function listenTcp(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => reject(listenError('tcp', port, err));
    server.once('error', fail);
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

/** Opens a relay listening on 127.0.0.1:listenPort forwarding to 127.0.0.1:targetPort. Rejects (with the errno code in the message) if the port is taken. */
export async function openTcpRelay(listenPort: number, targetPort: number, observe: RelayObserver = noop): Promise<PortRelay> {
  const use = noUse();
  const live = new Set<net.Socket>();
  // allowHalfOpen: a client's shutdown(SHUT_WR) must not close the reply path; pauseOnConnect: see relayConnection.
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    use.connections += 1;
    relayConnection(client, targetPort, use, live, observe);
  });
  await listenTcp(server, listenPort);
  server.on('error', () => {});
  const port = (server.address() as net.AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      // server.close() waits for every connection, so the live ones go first.
      server.close(() => resolve());
      for (const s of live) s.destroy();
    }));
  return { port, protocol: 'tcp', used: () => ({ ...use }), close };
}

/** Binds a UDP socket, turning a bind failure into a rejection. */
function bindUdp(socket: dgram.Socket, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => reject(listenError('udp', port, err));
    socket.once('error', fail);
    socket.bind({ address: LOOPBACK, port, exclusive: true }, () => {
      socket.off('error', fail);
      resolve();
    });
  });
}

/** Closes a UDP socket, resolving once it is gone. */
function closeUdp(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}

/** UDP: datagrams from a client to listenPort go to targetPort from a per-client socket; replies go back to that client from listenPort, so a client that waits for a reply gets it from the address it sent to. */
export async function openUdpRelay(listenPort: number, targetPort: number, observe: RelayObserver = noop): Promise<PortRelay> {
  const use = noUse();
  const front = dgram.createSocket('udp4');
  await bindUdp(front, listenPort).catch(async (err: unknown) => {
    await closeUdp(front);
    throw err;
  });
  // One socket per client keeps two clients apart: the server sees each as its own peer and answers each on its own.
  const perClient = new Map<string, dgram.Socket>();
  let closing: Promise<void> | undefined;
  const upstreamFor = (rinfo: dgram.RemoteInfo): dgram.Socket => {
    const key = `${rinfo.address}:${rinfo.port}`;
    let up = perClient.get(key);
    if (up) return up;
    up = dgram.createSocket('udp4');
    up.on('error', () => {}); // an ICMP unreachable is the same silence a direct send would meet
    up.on('message', (msg) => {
      use.datagrams += 1;
      use.bytesOut += msg.length;
      observe('down', msg);
      if (!closing) front.send(msg, rinfo.port, rinfo.address); // a late reply after close() has nowhere to go
    });
    up.bind(0, LOOPBACK); // sends made while binding are queued by dgram
    perClient.set(key, up);
    use.connections += 1;
    return up;
  };
  front.on('error', () => {});
  front.on('message', (msg, rinfo) => {
    use.datagrams += 1;
    use.bytesIn += msg.length;
    observe('up', msg);
    upstreamFor(rinfo).send(msg, targetPort, LOOPBACK);
  });
  const port = front.address().port;
  const close = () => (closing ??= Promise.all([front, ...perClient.values()].map(closeUdp)).then(() => undefined));
  return { port, protocol: 'udp', used: () => ({ ...use }), close };
}

/** Opens one relay per port in `ports` (skipping targetPort itself and ports that are taken, which are returned in `skipped` with the reason) */
export async function openRelays(
  protocol: 'tcp' | 'udp',
  ports: number[],
  targetPort: number,
  observerFor: (port: number) => RelayObserver = () => noop,
): Promise<{ relays: PortRelay[]; skipped: { port: number; reason: string }[] }> {
  const relays: PortRelay[] = [];
  const skipped: { port: number; reason: string }[] = [];
  const open = protocol === 'tcp' ? openTcpRelay : openUdpRelay;
  for (const port of [...new Set(ports)]) {
    if (port === targetPort) skipped.push({ port, reason: 'it is the server’s own port' });
    else if (!Number.isInteger(port) || port < 1 || port > 65535) skipped.push({ port, reason: 'not a port number' });
    else {
      try {
        relays.push(await open(port, targetPort, observerFor(port)));
      } catch (err) {
        skipped.push({ port, reason: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return { relays, skipped };
}
