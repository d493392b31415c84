// A reference TCP endpoint talking to the student's program; records what crosses the wire.
import net from 'node:net';
import type { Transcript } from './transcript.js';
import { waitUntil } from '../sandbox/wait.js';
import { readSocketTables, TCP_SYN_SENT } from '../sandbox/ports.js';

/**
 * How long a connect may stay unanswered before its SYN counts as dropped. On loopback the
 * SYN-ACK comes back within the connect() call itself, so a socket still in SYN-SENT after this
 * had its SYN dropped by a full accept queue (listen(5) and 20 clients at once); the kernel would
 * resend it only after 1 s. Giving up a SYN-SENT socket is invisible to the server: it kept nothing.
 */
const SYN_DROPPED_MS = 20;

/** One TCP connection held by a reference peer (a client we opened, or one our server accepted). */
export class TcpPeer {
  private readonly chunks: Buffer[] = [];
  private listeners = new Set<() => void>();
  private cachedText: string | undefined = '';
  /** Set when the student side sent FIN. */
  remoteEnded = false;
  /** Set when the connection is fully closed, by either side or an error. */
  closed = false;
  /**
   * How the student's side ended it: `fin` on an orderly close (Node emits 'end' only for a FIN),
   * `reset` on an RST (ECONNRESET, or EPIPE when we wrote into it). A socket closed with unread
   * bytes sends an RST instead of its FIN; an RST after a FIN is only the kernel answering a late
   * ACK once the closed socket is gone (each worker namespace keeps no TIME_WAIT), so the FIN stands.
   */
  closeKind: 'fin' | 'reset' | undefined;
  errorCode?: string;
  /** Bytes sent by this peer so far. */
  sentBytes = 0;
  /** The lines this peer sent (the first 200), for the evidence of a failure. */
  readonly sentTexts: string[] = [];
  /** How many bytes had been received when this peer first sent: what came after is a reply. */
  receivedAtFirstSend?: number;

  constructor(
    readonly name: string,
    readonly socket: net.Socket,
    private readonly transcript: Transcript,
    private readonly studentLane = 'student',
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.cachedText = undefined;
      this.transcript.add(this.studentLane, this.name, 'recv', chunk.toString('utf8'));
      this.notify();
    });
    socket.on('end', () => {
      this.remoteEnded = true;
      this.closeKind ??= 'fin';
      this.transcript.add(this.studentLane, this.name, 'close', '');
      this.notify();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.errorCode = err.code;
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') this.closeKind ??= 'reset';
      if (err.code === 'ECONNRESET') this.transcript.add(this.studentLane, this.name, 'reset', '');
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  /** Every byte received so far. */
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Everything received, decoded as UTF-8 with replacement. */
  get text(): string {
    this.cachedText ??= this.bytes.toString('utf8');
    return this.cachedText;
  }

  /** Sends text (or raw bytes) to the student; a dead connection is recorded, not thrown. */
  send(data: string | Buffer): boolean {
    if (this.socket.destroyed || !this.socket.writable) return false;
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.sentBytes += buf.length;
    this.receivedAtFirstSend ??= this.chunks.reduce((n, c) => n + c.length, 0);
    if (this.sentTexts.length < 200) this.sentTexts.push(buf.toString('utf8'));
    this.transcript.add(this.name, this.studentLane, 'send', buf.toString('utf8'));
    this.socket.write(buf);
    return true;
  }

  /** Shuts down our sending side (FIN), as the handout's client does by closing after send. */
  endWrite(): void {
    if (!this.socket.destroyed) this.socket.end();
    this.transcript.add(this.name, this.studentLane, 'close', '');
  }

  /** Closes both directions cleanly (FIN); later bytes from the student are answered with RST by the kernel. */
  close(): void {
    this.transcript.add(this.name, this.studentLane, 'close', '');
    if (!this.socket.destroyed) this.socket.destroySoon();
  }

  /** Aborts the connection with RST: no TIME_WAIT is left on the student's port. */
  reset(): void {
    if (!this.socket.destroyed) {
      this.transcript.add(this.name, this.studentLane, 'reset', '');
      this.socket.resetAndDestroy();
    }
  }

  /** Resolves true once the received text satisfies `test`. */
  waitFor(test: (text: string) => boolean, timeoutMs: number): Promise<boolean> {
    return waitUntil(() => test(this.text), (wake) => this.subscribe(wake), timeoutMs);
  }

  /** Resolves true once the student side has closed (FIN or RST). */
  waitClosedByStudent(timeoutMs: number): Promise<boolean> {
    return waitUntil(() => this.remoteEnded || this.closed, (wake) => this.subscribe(wake), timeoutMs);
  }

  /** Calls `listener` on every new byte or state change. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Opens a connection to the student's server, retrying refusals with backoff until the deadline. */
export async function connectPeer(
  name: string,
  port: number,
  transcript: Transcript,
  timeoutMs: number,
  givenUp: () => boolean = () => false,
): Promise<TcpPeer | undefined> {
  const deadline = Date.now() + timeoutMs;
  let backoff = 10;
  for (;;) {
    // A full listen(0) backlog drops SYNs silently; retrying beats waiting for the 1 s retransmit.
    const socket = await tryConnect(port, Math.max(1, Math.min(400, deadline - Date.now())));
    if (socket) {
      transcript.add(name, 'student', 'connect', `127.0.0.1:${port}`);
      return new TcpPeer(name, socket, transcript);
    }
    if (Date.now() + backoff >= deadline || givenUp()) return undefined;
    await new Promise((resolve) => setTimeout(resolve, backoff));
    backoff = Math.min(200, backoff * 2);
  }
}

function tryConnect(port: number, timeoutMs: number): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    // Half-open allowed: Node must not answer the student's FIN with ours, which would leave
    // TIME_WAIT on the student's port; we end with RST or an explicit endWrite().
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    socket.setNoDelay(true);
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const dropped = setInterval(() => synDropped(socket, port) && done(undefined), SYN_DROPPED_MS);
    const done = (value: net.Socket | undefined) => {
      clearTimeout(timer);
      clearInterval(dropped);
      socket.removeAllListeners('connect');
      socket.removeAllListeners('error');
      if (!value) socket.destroy();
      resolve(value);
    };
    socket.once('connect', () => done(socket));
    socket.once('error', () => done(undefined));
  });
}

/** True while the kernel still has this socket in SYN-SENT: no answer came to its SYN (exported for its test). */
export function synDropped(socket: net.Socket, port: number): boolean {
  // Only ever asked after the connect was issued: Node caches the empty address of an unbound socket.
  const local = socket.address();
  if (!('port' in local)) return false;
  // The worker's own namespace: its table holds only this lane's sockets.
  return readSocketTables('self', 'tcp').some((r) => r.localPort === local.port && r.remotePort === port && r.state === TCP_SYN_SENT);
}
