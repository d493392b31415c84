// A reference UDP socket: sends datagrams to the student's server or receives the client's.
import dgram from 'node:dgram';
import type { Transcript } from './transcript.js';
import { waitUntil } from '../sandbox/wait.js';

/** A datagram received, with the port it was sent to and the port it came from. */
export interface Datagram {
  text: string;
  port: number;
  /** The sender's port (on 127.0.0.1): where an answer goes. */
  from: number;
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
      socket.on('message', (data, rinfo) => {
        const text = data.toString('utf8');
        this.received.push({ text, port: local, from: rinfo.port });
        this.onDatagram?.({ text, port: local, from: rinfo.port });
        this.transcript.add('student', this.name, 'recv', text);
        for (const listener of [...this.listeners]) listener();
      });
      this.sockets.push(socket);
      this.boundPorts.push(local);
      bound.push(local);
    }
    return bound;
  }

  /**
   * Sends one datagram to the student's port from the first bound socket, or from the one bound
   * to `via` (an answer must come from where the student sent: a connected UDP socket drops others).
   */
  send(port: number, text: string, via?: number): Promise<void> {
    this.transcript.add(this.name, 'student', 'send', text);
    const i = via === undefined ? 0 : Math.max(0, this.boundPorts.indexOf(via));
    return new Promise((resolve) => this.sockets[i].send(Buffer.from(text, 'utf8'), port, '127.0.0.1', () => resolve()));
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
