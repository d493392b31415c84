// The reference TCP server a student's client talks to; it listens on every port the client may use.
import net from 'node:net';
import { TcpPeer } from './tcp-peer.js';
import type { Transcript } from './transcript.js';
import { waitUntil } from '../sandbox/wait.js';

/** A connection accepted by the reference server, with the port the student dialled. */
export interface AcceptedPeer {
  peer: TcpPeer;
  port: number;
}

/** Listens on several ports at once and hands out accepted connections in order. */
export class ReferenceTcpServer {
  readonly accepted: AcceptedPeer[] = [];
  private readonly servers: net.Server[] = [];
  private readonly listeners = new Set<() => void>();
  /** Ports we could not bind (something else holds them); reported, never fatal. */
  readonly unavailable: number[] = [];
  /** Called on each new connection, before any byte is read (e.g. to push a message at once). */
  onAccept?: (accepted: AcceptedPeer) => void;

  constructor(
    private readonly transcript: Transcript,
    private readonly name = 'server',
  ) {}

  /** Binds all ports on 127.0.0.1; resolves when each has either bound or failed. */
  async listen(ports: number[]): Promise<void> {
    await Promise.all([...new Set(ports)].map((port) => this.listenOne(port)));
  }

  private listenOne(port: number): Promise<void> {
    return new Promise((resolve) => {
      const server = net.createServer({ allowHalfOpen: true }, (socket) => {
        socket.setNoDelay(true);
        this.transcript.add('student', this.name, 'connect', `127.0.0.1:${port}`);
        const accepted = { peer: new TcpPeer(this.name, socket, this.transcript), port };
        this.accepted.push(accepted);
        this.onAccept?.(accepted);
        for (const listener of [...this.listeners]) listener();
      });
      server.once('error', () => {
        this.unavailable.push(port);
        resolve();
      });
      server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
        this.servers.push(server);
        resolve();
      });
    });
  }

  /** Resolves with the n-th accepted connection (0-based), or undefined at the deadline. */
  async nextConnection(index: number, timeoutMs: number, givenUp: () => boolean = () => false): Promise<AcceptedPeer | undefined> {
    const ok = await waitUntil(
      () => this.accepted.length > index || givenUp(),
      (wake) => {
        this.listeners.add(wake);
        return () => this.listeners.delete(wake);
      },
      timeoutMs,
    );
    return ok ? this.accepted[index] : undefined;
  }

  /** Wakes waiters when something outside (the client exiting) may end a wait. */
  poke(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Stops listening and resets every connection, so no TIME_WAIT is left behind. */
  close(): void {
    for (const { peer } of this.accepted) peer.reset();
    for (const server of this.servers) server.close();
  }
}
