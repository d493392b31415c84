// Port discovery: which ports a process tree really listens on, read from /proc/<pid>/net.
import fs from 'node:fs';
import { processTree, socketInodes } from './proc.js';

/** One row of /proc/net/{tcp,tcp6,udp,udp6}. */
export interface SocketRow {
  localPort: number;
  remotePort: number;
  /** Kernel state code: 0A is LISTEN for TCP; 07 is an unconnected (bound) UDP socket. */
  state: string;
  inode: number;
  /** Bytes not yet acknowledged; 0 for a LISTEN socket (its backlog is only in sock_diag: `ss`). */
  txQueue: number;
  /** Bytes not yet read; for a LISTEN socket, the connections waiting in its accept queue. */
  rxQueue: number;
}

/** TCP LISTEN state code in /proc/net/tcp. */
export const TCP_LISTEN = '0A';
/** TCP SYN-SENT state code: a connect() still waiting for the SYN-ACK. */
export const TCP_SYN_SENT = '02';
/** UDP "close" state: a bound, unconnected datagram socket. */
export const UDP_BOUND = '07';

/** Parses the text of a /proc/net/tcp-style table. */
export function parseSocketTable(text: string): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10) continue;
    const [tx, rx] = cols[4].split(':');
    rows.push({
      localPort: parseInt(cols[1].split(':')[1], 16),
      remotePort: parseInt(cols[2].split(':')[1], 16),
      state: cols[3],
      inode: Number(cols[9]),
      txQueue: parseInt(tx, 16) || 0,
      rxQueue: parseInt(rx, 16) || 0,
    });
  }
  return rows;
}

/** Reads the socket tables of the network namespace a pid lives in. */
export function readSocketTables(pid: number | 'self', protocol: 'tcp' | 'udp'): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const table of [protocol, `${protocol}6`]) {
    try {
      rows.push(...parseSocketTable(fs.readFileSync(`/proc/${pid}/net/${table}`, 'utf8')));
    } catch {
      // tcp6 is absent when IPv6 is disabled; the process may have exited.
    }
  }
  return rows;
}

/** Ports the process tree of `rootPid` listens on (TCP LISTEN or bound UDP), sorted. */
export function listeningPorts(rootPid: number, protocol: 'tcp' | 'udp'): number[] {
  const tree = processTree(rootPid);
  if (tree.length === 0) return [];
  const inodes = new Set<number>();
  for (const proc of tree) for (const inode of socketInodes(proc.pid)) inodes.add(inode);
  if (inodes.size === 0) return [];
  const wanted = protocol === 'tcp' ? TCP_LISTEN : UDP_BOUND;
  const rows = readSocketTables(rootPid, protocol);
  const ports = rows.filter((r) => r.state === wanted && inodes.has(r.inode) && (protocol === 'tcp' || r.remotePort === 0));
  return [...new Set(ports.map((r) => r.localPort))].sort((a, b) => a - b);
}

/** Picks the port to talk to: the one it was given if it listens there, else the first it listens on. */
export function choosePort(listening: number[], given: number): number | undefined {
  return listening.includes(given) ? given : listening[0];
}

/** Port literals (1024–65535) in a program's source: where a hardcoded client may connect. */
export function portLiterals(source: string): number[] {
  const ports = new Set<number>();
  const code = source.replace(/#.*$/gm, '');
  for (const match of code.matchAll(/(?<![\w.])(\d{4,5})(?![\w.])/g)) {
    const n = Number(match[1]);
    if (n >= 1024 && n <= 65535) ports.add(n);
  }
  return [...ports].sort((a, b) => a - b);
}
