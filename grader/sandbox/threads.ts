// Where each thread of a launch is blocked, read from /proc: the system call, and what its fd is.
import fs from 'node:fs';
import { processTree } from './proc.js';
import { readSocketTables, TCP_LISTEN, type SocketRow } from './ports.js';

/** What a file descriptor a thread waits on is connected to. */
export type FdTarget =
  | { kind: 'stdin' }
  | { kind: 'listening'; port: number }
  | { kind: 'connected'; localPort: number; remotePort: number }
  | { kind: 'udp'; port: number }
  | { kind: 'pipe' }
  | { kind: 'file'; path: string }
  | { kind: 'other'; link: string };

/** One task (thread) of a process in the tree, and the system call it is blocked in. */
export interface ThreadState {
  pid: number;
  tid: number;
  /** The task's comm (Python names no threads there: usually "python3"). */
  name: string;
  /** Kernel state letter: R running, S sleeping, D uninterruptible, T stopped, … */
  state: string;
  /** The system call it is in; absent while it runs in user space. */
  call?: string;
  /** The fd the call is about (first argument, or the single fd a poll() waits on). */
  fd?: number;
  target?: FdTarget;
  /** The kernel function it sleeps in (e.g. `inet_csk_accept`, `futex_wait_queue`). */
  wchan?: string;
  /** The call's six raw arguments (timeouts live there). */
  args?: bigint[];
}

// Only the calls a blocked student program sits in; the rest show as `syscall <n>`.
// x86_64 from asm/unistd_64.h; aarch64 uses asm-generic/unistd.h (no select, poll, epoll_wait).
const X64: Record<number, string> = {
  0: 'read', 1: 'write', 7: 'poll', 23: 'select', 35: 'nanosleep', 42: 'connect', 43: 'accept', 44: 'sendto',
  45: 'recvfrom', 46: 'sendmsg', 47: 'recvmsg', 61: 'wait4', 202: 'futex', 219: 'restart_syscall',
  230: 'clock_nanosleep', 232: 'epoll_wait', 247: 'waitid', 270: 'pselect6', 271: 'ppoll', 281: 'epoll_pwait',
  288: 'accept4', 441: 'epoll_pwait2',
};
const ARM64: Record<number, string> = {
  22: 'epoll_pwait', 63: 'read', 64: 'write', 72: 'pselect6', 73: 'ppoll', 95: 'waitid', 98: 'futex',
  101: 'nanosleep', 115: 'clock_nanosleep', 128: 'restart_syscall', 202: 'accept', 203: 'connect',
  206: 'sendto', 207: 'recvfrom', 211: 'sendmsg', 212: 'recvmsg', 242: 'accept4', 260: 'wait4', 441: 'epoll_pwait2',
};
const TABLES: Record<string, Record<number, string>> = { x64: X64, arm64: ARM64 };

const FD_CALLS = new Set(['read', 'write', 'recvfrom', 'recvmsg', 'sendto', 'sendmsg', 'accept', 'accept4', 'connect']);

/** Decodes /proc/<pid>/task/<tid>/syscall: `running`, `-1 …` (blocked outside a call), or `<nr> <args in hex>…`. */
export function parseSyscall(text: string, arch: string = process.arch): { call: string; args: bigint[] } | undefined {
  const fields = text.trim().split(/\s+/);
  const nr = Number(fields[0]);
  if (!Number.isInteger(nr) || nr < 0) return undefined;
  const args = fields.slice(1, 7).map((a) => {
    try {
      return BigInt(a);
    } catch {
      return 0n;
    }
  });
  return { call: TABLES[arch]?.[nr] ?? `syscall ${nr}`, args };
}

/** The socket tables of one network namespace, read once per threadStates call. */
export interface SocketTables {
  tcp: SocketRow[];
  udp: SocketRow[];
}

/** Names what an fd link (`readlink /proc/<pid>/fd/<n>`) points at, using the namespace's socket tables. */
export function classifyFd(fd: number, link: string, tables: SocketTables): FdTarget {
  const socket = /^socket:\[(\d+)\]$/.exec(link);
  if (socket) {
    const inode = Number(socket[1]);
    const tcp = tables.tcp.find((r) => r.inode === inode);
    if (tcp) return tcp.state === TCP_LISTEN ? { kind: 'listening', port: tcp.localPort } : { kind: 'connected', localPort: tcp.localPort, remotePort: tcp.remotePort };
    const udp = tables.udp.find((r) => r.inode === inode);
    if (udp) return { kind: 'udp', port: udp.localPort };
    // Node's 'pipe' stdio is a Unix socketpair, so the grader's pipes look like sockets.
    if (fd <= 2) return fd === 0 ? { kind: 'stdin' } : { kind: 'pipe' };
    return { kind: 'other', link };
  }
  if (link.startsWith('pipe:')) return fd === 0 ? { kind: 'stdin' } : { kind: 'pipe' };
  if (fd === 0 && link === '/dev/null') return { kind: 'stdin' };
  if (link.startsWith('/')) return { kind: 'file', path: link };
  return { kind: 'other', link };
}

/** Every task of every live process under `rootPid`, with the call it is blocked in (needs root for `syscall`). */
export function threadStates(rootPid: number): ThreadState[] {
  const states: ThreadState[] = [];
  const tablesByNs = new Map<string, SocketTables>();
  const tablesOf = (pid: number): SocketTables => {
    const ns = readLink(`/proc/${pid}/ns/net`) ?? `pid ${pid}`;
    let tables = tablesByNs.get(ns);
    if (!tables) {
      tables = { tcp: readSocketTables(pid, 'tcp'), udp: readSocketTables(pid, 'udp') };
      tablesByNs.set(ns, tables);
    }
    return tables;
  };
  for (const proc of processTree(rootPid)) {
    for (const tid of taskIds(proc.pid)) {
      const state = taskState(proc.pid, tid);
      if (state) states.push(state);
    }
  }
  for (const state of states) {
    if (state.fd === undefined) continue;
    const link = readLink(`/proc/${state.pid}/fd/${state.fd}`);
    if (link !== undefined) state.target = classifyFd(state.fd, link, tablesOf(state.pid));
  }
  return states;
}

function taskState(pid: number, tid: number): ThreadState | undefined {
  const dir = `/proc/${pid}/task/${tid}`;
  const stat = readText(`${dir}/stat`);
  if (stat === undefined) return undefined;
  const state: ThreadState = { pid, tid, name: (readText(`${dir}/comm`) ?? '').trim(), state: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] };
  const wchan = readText(`${dir}/wchan`)?.trim();
  if (wchan && wchan !== '0') state.wchan = wchan;
  const decoded = parseSyscall(readText(`${dir}/syscall`) ?? 'running');
  if (!decoded) return state;
  state.call = decoded.call;
  state.args = decoded.args;
  if (FD_CALLS.has(decoded.call)) state.fd = Number(decoded.args[0]);
  else if ((decoded.call === 'poll' || decoded.call === 'ppoll') && decoded.args[1] === 1n) {
    // A socket with a timeout waits in poll() on one pollfd; its fd is the first int of it.
    const fd = readPollFd(pid, decoded.args[0]);
    if (fd !== undefined) state.fd = fd;
  }
  return state;
}

// struct pollfd { int fd; short events; short revents; }: read its fd from the process's memory.
function readPollFd(pid: number, address: bigint): number | undefined {
  let handle: number | undefined;
  try {
    handle = fs.openSync(`/proc/${pid}/mem`, 'r');
    const buf = Buffer.alloc(4);
    if (fs.readSync(handle, buf, 0, 4, address) !== 4) return undefined;
    const fd = buf.readInt32LE(0);
    return fd >= 0 ? fd : undefined;
  } catch {
    return undefined;
  } finally {
    if (handle !== undefined) fs.closeSync(handle);
  }
}

function taskIds(pid: number): number[] {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => a - b);
  } catch {
    return [];
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}
