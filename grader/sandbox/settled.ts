// Whether a program can still act on its own: every thread blocked until new input, nothing unread.
import { processTree, socketInodes } from './proc.js';
import { readSocketTables, TCP_LISTEN } from './ports.js';
import { threadStates, type ThreadState } from './threads.js';

// Calls that return only when input arrives (or a peer closes), whatever the program does.
const INPUT_CALLS = new Set(['read', 'recvfrom', 'recvmsg', 'accept', 'accept4', 'wait4', 'waitid']);

const int32 = (value: bigint | undefined) => Number(BigInt.asIntN(32, value ?? 0n));

/**
 * Whether a blocked thread waits without a timeout, for input only: a read, recv or accept, a
 * poll/select/epoll with an infinite timeout, or a futex wait without a timeout (a lock or a queue
 * that only another thread, itself waiting, could release). A sleep, a timed wait (the GIL hand-off
 * is one), a connect or a blocked write can end on its own.
 */
export function waitsForInput(thread: ThreadState): boolean {
  if (thread.state !== 'S' || !thread.call || !thread.args) return false;
  const a = thread.args;
  if (INPUT_CALLS.has(thread.call)) return true;
  switch (thread.call) {
    case 'poll':
      return int32(a[2]) < 0;
    case 'ppoll':
    case 'epoll_pwait2':
      return a[2 + (thread.call === 'epoll_pwait2' ? 1 : 0)] === 0n;
    case 'select':
    case 'pselect6':
      return a[4] === 0n;
    case 'epoll_wait':
    case 'epoll_pwait':
      return int32(a[3]) < 0;
    case 'futex': {
      const op = Number(a[1] ?? 0n) & ~(128 | 256);
      // FUTEX_WAIT (0) and FUTEX_WAIT_BITSET (9); a null timeout pointer waits forever.
      return (op === 0 || op === 9) && a[3] === 0n;
    }
    default:
      return false;
  }
}

// Calls that wait on several fds at once: unread bytes anywhere in the tree may be what wakes them.
const MULTIPLEX_CALLS = new Set(['poll', 'ppoll', 'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2']);

/**
 * True when nothing in the tree of `rootPid` can happen without new input: every thread of every
 * process waits for input (see waitsForInput), no socket a thread waits on holds unread bytes
 * (bytes that arrived before its reader woke), and no other socket of the namespace does either
 * (what the program sent that the grader has not read yet). Bytes left unread in a socket that no
 * thread waits on (a lock-step client sitting in input()) wake nobody. A caller still samples
 * twice: a thread between two calls is seen as running, never as waiting.
 */
export function isSettled(rootPid: number): boolean {
  const threads = threadStates(rootPid);
  if (threads.length === 0 || !threads.every(waitsForInput)) return false;
  const owner = new Map<number, number>();
  for (const proc of processTree(rootPid)) for (const inode of socketInodes(proc.pid)) owner.set(inode, proc.pid);
  const tcp = readSocketTables(rootPid, 'tcp').filter((r) => r.state !== TCP_LISTEN && r.rxQueue > 0);
  const udp = readSocketTables(rootPid, 'udp').filter((r) => r.rxQueue > 0);
  // Inode 0: a connection still in a listener's accept queue, owned by no process yet.
  if ([...tcp, ...udp].some((r) => r.inode !== 0 && !owner.has(r.inode))) return false;
  const unread = [...tcp, ...udp].filter((r) => owner.has(r.inode));
  return !unread.some((row) => {
    const pid = owner.get(row.inode);
    // A thread of the owning process that waits on that very socket, or on several fds at once.
    return threads.some(({ pid: p, call, target }) => {
      if (p !== pid) return false;
      if (call && MULTIPLEX_CALLS.has(call)) return true;
      if (target?.kind === 'connected') return row.localPort === target.localPort && row.remotePort === target.remotePort;
      return target?.kind === 'udp' && row.localPort === target.port;
    });
  });
}

/**
 * Whether no socket of the grader's network namespace holds bytes nobody has read: once every
 * program of a check has exited, that is all that could still arrive.
 */
export function nothingUnread(): boolean {
  const rows = [...readSocketTables('self', 'tcp').filter((r) => r.state !== TCP_LISTEN), ...readSocketTables('self', 'udp')];
  return !rows.some((r) => r.inode !== 0 && r.rxQueue > 0);
}

/**
 * Whether connections wait in an accept queue of the tree that nobody will take: the tree is
 * settled (a thread in accept() would have taken them) and a listening socket still holds some.
 */
export function backlogStuck(rootPid: number): boolean {
  if (!isSettled(rootPid)) return false;
  const inodes = new Set<number>();
  for (const proc of processTree(rootPid)) for (const inode of socketInodes(proc.pid)) inodes.add(inode);
  return readSocketTables(rootPid, 'tcp').some((r) => r.state === TCP_LISTEN && inodes.has(r.inode) && r.rxQueue > 0);
}

/**
 * Whether the tree has taken everything the grader sent: no socket of the namespace holds unread
 * bytes and (with `countBacklog`) none of the tree's listening sockets holds connections it has
 * not accepted.
 */
export function caughtUp(rootPid: number, countBacklog = true): boolean {
  const inodes = new Set<number>();
  for (const proc of processTree(rootPid)) for (const inode of socketInodes(proc.pid)) inodes.add(inode);
  const rows = [...readSocketTables(rootPid, 'tcp'), ...readSocketTables(rootPid, 'udp')];
  return !rows.some((r) => r.rxQueue > 0 && (r.state === TCP_LISTEN ? countBacklog && inodes.has(r.inode) : r.inode !== 0));
}
