// What a check has built up while its steps play, shared by the TCP and the UDP steps, and how
// their failures show what arrived.
import type { AcceptedConnection, Peer, StudentProgram, UdpEndpoint } from '../check/api.js';
import { quote } from '../check/api.js';

/** How much of what arrived a message quotes. */
export const QUOTE_MAX = 200;

/** A reference UDP socket of the check; `to` is the server's port it sends to (none: it answers the client). */
export interface UdpPeerStage {
  endpoint: UdpEndpoint;
  to?: number;
}

/** What a check has built up while its steps play. */
export interface Stage {
  program?: StudentProgram;
  /** The port the student's server really uses, once it is started. */
  serverPort?: number;
  /** The reference server's name (`serve: S`). */
  served?: string;
  accept?: (timeoutMs: number) => Promise<AcceptedConnection | undefined>;
  peers: Map<string, Peer>;
  udp: Map<string, UdpPeerStage>;
  /** Per place: where the last matched expectation ended (a TCP peer or stdout: an offset; a UDP peer: the next datagram's index). */
  cursors: Map<string, number>;
}

/** A fresh stage for one check. */
export function newStage(): Stage {
  return { peers: new Map(), udp: new Map(), cursors: new Map() };
}

/** The last bytes of what arrived, quoted. */
export function shown(text: string): string {
  return quote(text.slice(-QUOTE_MAX), QUOTE_MAX);
}

/** Datagrams as a message lists them: the last few, each quoted. */
export function shownDatagrams(list: readonly { text: string }[]): string {
  const last = list.slice(-5).map((d) => quote(d.text, QUOTE_MAX / 4));
  return (list.length > 5 ? ['…', ...last] : last).join(', ');
}

/** Milliseconds as seconds for messages, e.g. 2 or 0.3. */
export function secs(ms: number): number {
  return Math.round(ms / 100) / 10;
}
