import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptQueues, parseSsListen } from '../../grader/sandbox/accept-queue.js';
import { parseSocketTable } from '../../grader/sandbox/ports.js';
import { resolvePython } from '../../grader/sandbox/python.js';
import { classifyFd, parseSyscall, threadStates, type ThreadState } from '../../grader/sandbox/threads.js';
import { pollUntil } from '../../grader/sandbox/wait.js';

// Recorded from /proc/<pid>/task/<tid>/syscall of a Python 3.11 program on x86_64.
const SYSCALLS = {
  input: '0 0x0 0x55ecb2c62d20 0x2000 0x7f62d907da58 0x0 0x0 0x7ffe01bab4a0 0x7f62d93162ec',
  recv: '45 0x5 0x7f62d400cda0 0x400 0x0 0x0 0x0 0x7f62d8b64a10 0x7f62d9328974',
  lock: '202 0x55ecb2b31760 0x189 0x0 0x0 0x0 0xffffffff 0x7f62d3ffe940 0x7f62d92a3f16',
};

// Recorded /proc/net/tcp: a LISTEN socket on 5000 with one connection to it, both ends.
const TCP = parseSocketTable(`  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 62541 1 00000000875e30ef 100 0 0 10 0
   3: 0100007F:1388 0100007F:BA9A 01 00000000:00000000 00:00000000 00000000     0        0 45679 1 000000004f79d4c3 20 0 0 10 -1
`);
const UDP = parseSocketTable(`  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  120: 0100007F:1389 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 51234 2 0000000000000000 0
`);
const tables = { tcp: TCP, udp: UDP };

describe('parseSyscall', () => {
  it('decodes the number and the hex arguments on x86_64', () => {
    expect(parseSyscall(SYSCALLS.input, 'x64')).toMatchObject({ call: 'read', args: [0n, 0x55ecb2c62d20n, 0x2000n, 0x7f62d907da58n, 0n, 0n] });
    expect(parseSyscall(SYSCALLS.recv, 'x64')?.call).toBe('recvfrom');
    expect(parseSyscall(SYSCALLS.recv, 'x64')?.args[0]).toBe(5n);
    expect(parseSyscall(SYSCALLS.lock, 'x64')?.call).toBe('futex');
  });

  it('decodes aarch64 numbers, which differ', () => {
    expect(['63', '207', '98', '242', '73', '115'].map((nr) => parseSyscall(`${nr} 0x3 0x0`, 'arm64')?.call)).toEqual(['read', 'recvfrom', 'futex', 'accept4', 'ppoll', 'clock_nanosleep']);
  });

  it('has no call for a running thread or one blocked outside a system call', () => {
    expect(parseSyscall('running', 'x64')).toBeUndefined();
    expect(parseSyscall('-1 0x7ffd1c0 0x7f62d93162ec', 'x64')).toBeUndefined();
    expect(parseSyscall('999 0x0', 'x64')?.call).toBe('syscall 999');
  });
});

describe('classifyFd', () => {
  it('names sockets from the namespace’s tables, and the grader’s pipes (Unix socketpairs) by their fd', () => {
    expect(classifyFd(3, 'socket:[62541]', tables)).toEqual({ kind: 'listening', port: 5000 });
    expect(classifyFd(5, 'socket:[45679]', tables)).toEqual({ kind: 'connected', localPort: 5000, remotePort: 0xba9a });
    expect(classifyFd(4, 'socket:[51234]', tables)).toEqual({ kind: 'udp', port: 5001 });
    expect(classifyFd(0, 'socket:[999]', tables)).toEqual({ kind: 'stdin' });
    expect(classifyFd(1, 'socket:[998]', tables)).toEqual({ kind: 'pipe' });
    expect(classifyFd(7, 'socket:[997]', tables)).toEqual({ kind: 'other', link: 'socket:[997]' });
  });

  it('tells stdin, pipes and files apart', () => {
    expect(classifyFd(0, 'pipe:[62531]', tables)).toEqual({ kind: 'stdin' });
    expect(classifyFd(0, '/dev/null', tables)).toEqual({ kind: 'stdin' });
    expect(classifyFd(6, 'pipe:[62531]', tables)).toEqual({ kind: 'pipe' });
    expect(classifyFd(6, '/box/log.txt', tables)).toEqual({ kind: 'file', path: '/box/log.txt' });
    expect(classifyFd(6, 'anon_inode:[eventpoll]', tables)).toEqual({ kind: 'other', link: 'anon_inode:[eventpoll]' });
  });
});

describe('parseSsListen', () => {
  it('reads the backlog (Send-Q) of each LISTEN socket by inode', () => {
    const text = 'LISTEN 2      5      127.0.0.1:43069 0.0.0.0:* ino:75983 sk:1 cgroup:/ <->\nLISTEN 0      128      0.0.0.0:2024  0.0.0.0:* ino:585 sk:2 cgroup:/ <->\n';
    expect([...parseSsListen(text)]).toEqual([[75983, 5], [585, 128]]);
  });
});

// Live: a real python3 whose threads block in each call the grader must recognise.
const PROGRAM = `import socket, threading, time
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(5)
a = socket.create_connection(srv.getsockname()); b, _ = srv.accept()
c = socket.create_connection(srv.getsockname()); d, _ = srv.accept()
d.settimeout(30)
for target in (srv.accept, lambda: b.recv(10), lambda: d.recv(10), lambda: time.sleep(30)):
    threading.Thread(target=target, daemon=True).start()
print(srv.getsockname()[1], flush=True)
input()
`;

/** listen(5) and never accept(). */
const NEVER_ACCEPTS = `import socket, time
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(5)
print(srv.getsockname()[1], flush=True)
time.sleep(30)
`;

describe('live probes of a real python3', () => {
  const children: ChildProcess[] = [];
  const sockets: net.Socket[] = [];
  let python = 'python3';
  // The real interpreter: a pyenv shim costs 300 ms a launch.
  beforeAll(async () => {
    python = (await resolvePython('python3')).path;
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.destroy());
    for (const child of children.splice(0)) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  });

  async function start(source: string): Promise<{ pid: number; port: number }> {
    const child = spawn(python, ['-c', source], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
      child.once('exit', () => reject(new Error('python exited')));
    });
    return { pid: child.pid!, port };
  }

  it('threadStates finds each thread’s call and what its fd is', async () => {
    const { pid, port } = await start(PROGRAM);
    const states = await pollUntil(() => {
      const found = threadStates(pid);
      return found.filter((t) => t.call !== undefined && t.call !== 'futex').length >= 5 ? found : undefined;
    }, 2000);
    expect(states).toBeDefined();
    const on = (call: string[], kind?: string) => states!.filter((t) => call.includes(t.call ?? '') && (kind === undefined || t.target?.kind === kind));
    expect(on(['read'], 'stdin')).toHaveLength(1);
    expect(on(['accept', 'accept4'], 'listening').map((t) => t.target)).toEqual([{ kind: 'listening', port }]);
    expect(on(['clock_nanosleep', 'nanosleep'])).toHaveLength(1);
    // b.recv blocks in recvfrom; d.recv with a timeout blocks in poll() on its one fd.
    const connected = (t: ThreadState) => t.target?.kind === 'connected' && t.target.localPort === port;
    expect(on(['recvfrom']).filter(connected)).toHaveLength(1);
    expect(on(['poll', 'ppoll']).filter(connected)).toHaveLength(1);
    const main = states!.find((s) => s.tid === pid);
    expect(main).toMatchObject({ pid, state: 'S', call: 'read', fd: 0, target: { kind: 'stdin' } });
    const started = performance.now();
    threadStates(pid);
    if (process.env.SHOW_COST) console.log(`threadStates: ${(performance.now() - started).toFixed(2)} ms`);
  });

  it('acceptQueues counts the connections waiting on a listen(5) that is never accepted', async () => {
    const { pid, port } = await start(NEVER_ACCEPTS);
    // Nothing waits yet: the backlog is not asked for (it would cost an `ss` start).
    expect(acceptQueues(pid)).toEqual([{ port, queued: 0, backlog: 0 }]);
    for (let i = 0; i < 2; i++) {
      const socket = net.connect(port, '127.0.0.1');
      sockets.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    const queues = await pollUntil(() => {
      const q = acceptQueues(pid);
      return q[0]?.queued === 2 ? q : undefined;
    }, 2000);
    expect(queues).toEqual([{ port, queued: 2, backlog: 5 }]);
    const started = performance.now();
    acceptQueues(pid);
    if (process.env.SHOW_COST) console.log(`acceptQueues: ${(performance.now() - started).toFixed(2)} ms`);
  });
});
