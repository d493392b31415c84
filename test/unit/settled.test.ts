import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SettleWatch, settledNotes } from '../../grader/check/settle.js';
import { isSettled, waitsForInput } from '../../grader/sandbox/settled.js';
import type { ThreadState } from '../../grader/sandbox/threads.js';
import { delay, pollUntil } from '../../grader/sandbox/wait.js';

const thread = (call: string, args: bigint[], state = 'S'): ThreadState => ({ pid: 1, tid: 1, name: 'python3', state, call, args });
const NULL = 0n;
const MINUS_ONE = 0xffffffffn; // an int timeout of -1, as /proc prints the register

describe('waitsForInput', () => {
  it('counts calls that only input ends: reads, accepts, and multiplexers or futexes without a timeout', () => {
    expect(waitsForInput(thread('recvfrom', [4n, 0n, 1024n, 0n, 0n, 0n]))).toBe(true);
    expect(waitsForInput(thread('accept4', [3n, 0n, 0n, 0x80000n, 0n, 0n]))).toBe(true);
    expect(waitsForInput(thread('read', [0n, 0n, 1n, 0n, 0n, 0n]))).toBe(true);
    expect(waitsForInput(thread('poll', [0x7f00n, 1n, MINUS_ONE, 0n, 0n, 0n]))).toBe(true);
    expect(waitsForInput(thread('select', [5n, 0x7f00n, 0n, 0n, NULL, 0n]))).toBe(true);
    expect(waitsForInput(thread('epoll_wait', [3n, 0x7f00n, 8n, MINUS_ONE, 0n, 0n]))).toBe(true);
    expect(waitsForInput(thread('futex', [0x7f00n, 0x80n, 0n, NULL, 0n, 0n]))).toBe(true);
  });

  it('leaves out what can end on its own: timeouts, sleeps, the GIL hand-off, connects, running threads', () => {
    expect(waitsForInput(thread('poll', [0x7f00n, 1n, 500n, 0n, 0n, 0n]))).toBe(false);
    expect(waitsForInput(thread('select', [5n, 0x7f00n, 0n, 0n, 0x7f10n, 0n]))).toBe(false);
    expect(waitsForInput(thread('futex', [0x7f00n, 0x80n, 0n, 0x7f20n, 0n, 0n]))).toBe(false);
    expect(waitsForInput(thread('clock_nanosleep', [0n, 0n, 0x7f30n, 0n, 0n, 0n]))).toBe(false);
    expect(waitsForInput(thread('connect', [3n, 0x7f00n, 16n, 0n, 0n, 0n]))).toBe(false);
    expect(waitsForInput(thread('recvfrom', [4n, 0n, 1024n, 0n, 0n, 0n], 'R'))).toBe(false);
  });
});

describe('settledNotes', () => {
  it('says nothing when no wait was stopped early', () => {
    expect(settledNotes([])).toEqual([]);
  });

  it('names the first stopped wait, in tenths of a second, as blocked for input when programs still ran', () => {
    const notes = settledNotes([{ waitedMs: 340, fullMs: 2000 }, { waitedMs: 120, fullMs: 5000, exited: true }]);
    expect(notes).toEqual([{ key: 'check.settled', params: { waited: 0.3, full: 2 } }]);
  });

  it('says the program had ended, never that it was blocked, when every program of the check had exited', () => {
    const notes = settledNotes([{ waitedMs: 150, fullMs: 2000, exited: true }]);
    expect(notes).toEqual([{ key: 'check.settled-exited', params: { waited: 0.2, full: 2 } }]);
  });
});

describe('SettleWatch', () => {
  it('settles only on two settled samples 30-150 ms apart', async () => {
    let settled = true;
    const watch = new SettleWatch(() => settled);
    expect(watch.sample()).toBe(false);
    await delay(40);
    expect(watch.sample()).toBe(true);
    settled = false;
    expect(watch.sample()).toBe(false);
    settled = true;
    expect(watch.sample()).toBe(false);
    await delay(200);
    // Too long since the last sample: this one starts over.
    expect(watch.sample()).toBe(false);
  });

  it('ends a wait early with its timeout result, and never before 100 ms', async () => {
    const watch = new SettleWatch(() => true);
    const stops: number[] = [];
    const started = Date.now();
    const result = await watch.orSettled(new Promise<boolean>((r) => setTimeout(() => r(true), 2000)), 2000, false, (s) => stops.push(s.waitedMs));
    expect(result).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(stops).toHaveLength(1);
  });

  it('lets a wait that succeeds win', async () => {
    const watch = new SettleWatch(() => true);
    expect(await watch.orSettled(new Promise<boolean>((r) => setTimeout(() => r(true), 20)), 2000, false, () => {})).toBe(true);
  });
});

// Real python3 processes, no box: where each sits decides whether it has settled.
const PROGRAMS: Record<string, string> = {
  'blocked in recv': 'import socket,sys\ns=socket.create_connection(("127.0.0.1",int(sys.argv[1])))\nprint("up",flush=True)\ns.recv(10)\n',
  'in input() with bytes unread on its socket (lock-step)': 'import socket,sys\ns=socket.create_connection(("127.0.0.1",int(sys.argv[1])))\nprint("up",flush=True)\ninput()\n',
  'sleeping in a loop': 'import socket,sys,time\ns=socket.create_connection(("127.0.0.1",int(sys.argv[1])))\nprint("up",flush=True)\nwhile True: time.sleep(0.01)\n',
  'spinning': 'import socket,sys\ns=socket.create_connection(("127.0.0.1",int(sys.argv[1])))\nprint("up",flush=True)\nwhile True: pass\n',
};
const EXPECTED: Record<string, boolean> = {
  'blocked in recv': true,
  'in input() with bytes unread on its socket (lock-step)': true,
  'sleeping in a loop': false,
  'spinning': false,
};

describe('isSettled on real processes', () => {
  let child: ChildProcess | undefined;
  let server: net.Server | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
    server?.close();
  });

  it.each(Object.keys(PROGRAMS))('%s', async (name) => {
    const accepted: net.Socket[] = [];
    server = net.createServer((s) => accepted.push(s));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    child = spawn('python3', ['-c', PROGRAMS[name]!, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((r) => child!.stdout!.once('data', () => r()));
    // The lock-step case: a line waits in its socket while it sits in input().
    if (name.includes('lock-step')) accepted[0]?.write('unread\n');
    const pid = child.pid!;
    if (EXPECTED[name]) {
      expect(await pollUntil(() => (isSettled(pid) ? true : undefined), 3000)).toBe(true);
    } else {
      // Sampled for a while: never settled.
      for (let i = 0; i < 20; i++) {
        expect(isSettled(pid)).toBe(false);
        await delay(10);
      }
    }
    for (const s of accepted) s.destroy();
  });
});
