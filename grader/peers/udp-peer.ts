// A reference UDP socket: sends datagrams to the student's server or receives the client's.
import dgram from 'node:dgram';
import type { Transcript } from './transcript.js';
import { waitUntil } from '../sandbox/wait.js';

/** A datagram received, with the port it was sent to. */
export interface Datagram {
  text: string;
  port: number;
}

/** A bound UDP socket on 127.0.0.1 with a transcript of every datagram. */
export class UdpPeer {
  readonly received: Datagram[] = [];
  private readonly sockets: dgram.Socket[] = [];
  /** Ports the peer's sockets are bound to. */
  readonly boundPorts: number[] = [];
  /** Called with each datagram as it arrives. */
  onDatagram?: (d: Datagram) => void;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    private readonly transcript: Transcript,
  ) {}

  /** Binds one socket per port (0 for an ephemeral one); ports already taken are skipped. */
  async bind(ports: number[]): Promise<number[]> {
    const bound: number[] = [];
    for (const port of [...new Set(ports)]) {
      const socket = dgram.createSocket('udp4');
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('error', () => resolve(false));
        socket.bind(port, '127.0.0.1', () => resolve(true));
      });
      if (!ok) {
        socket.close();
        continue;
      }
      const local = socket.address().port;
      socket.on('message', (data) => {
        const text = data.toString('utf8');
        this.received.push({ text, port: local });
        this.onDatagram?.({ text, port: local });
        this.transcript.add('student', this.name, 'recv', text);
        for (const listener of [...this.listeners]) listener();
      });
      this.sockets.push(socket);
      this.boundPorts.push(local);
      bound.push(local);
    }
    return bound;
  }

  /** Sends one datagram to the student's port from the first bound socket. */
  send(port: number, text: string): Promise<void> {
    this.transcript.add(this.name, 'student', 'send', text);
    return new Promise((resolve) => this.sockets[0].send(Buffer.from(text, 'utf8'), port, '127.0.0.1', () => resolve()));
  }

  /** Resolves true once some datagram satisfies `test`. */
  waitFor(test: (d: Datagram) => boolean, timeoutMs: number): Promise<boolean> {
    return waitUntil(
      () => this.received.some(test),
      (wake) => {
        this.listeners.add(wake);
        return () => this.listeners.delete(wake);
      },
      timeoutMs,
    );
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
  }
}
