import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectIsolation, type IsolationPlan } from '../../grader/sandbox/isolation.js';
import { DEFAULT_LIMITS } from '../../grader/sandbox/limits.js';
import { resolvePython, type PythonInfo } from '../../grader/sandbox/python.js';
import { writeGraderSite } from '../../grader/sandbox/reuseaddr.js';
import { parseSocketEvent, SocketEventChannel } from '../../grader/sandbox/socket-events.js';
import { startBox } from '../../grader/sandbox/start.js';
import { newRunId, sweepRuns } from '../../grader/sandbox/sweep.js';
import { waitUntil, watchUntil } from '../../grader/sandbox/wait.js';
import { PassThrough } from 'node:stream';

describe('parseSocketEvent', () => {
  it('reads "<protocol> <port>" lines and nothing else', () => {
    expect(parseSocketEvent('tcp 5000')).toEqual({ protocol: 'tcp', port: 5000 });
    expect(parseSocketEvent('udp 0\r')).toEqual({ protocol: 'udp', port: 0 });
    expect(parseSocketEvent('sctp 5000')).toBeUndefined();
    expect(parseSocketEvent('tcp 5000 extra')).toBeUndefined();
    expect(parseSocketEvent('')).toBeUndefined();
  });

  it('joins lines split across chunks and wakes its listeners once per chunk with events', () => {
    const stream = new PassThrough();
    const channel = new SocketEventChannel(stream);
    let wakes = 0;
    channel.subscribe(() => wakes++);
    stream.emit('data', Buffer.from('tc'));
    stream.emit('data', Buffer.from('p 5000\nudp 9'));
    stream.emit('data', Buffer.from('999\ngarbage\n'));
    expect(channel.events).toEqual([{ protocol: 'tcp', port: 5000 }, { protocol: 'udp', port: 9999 }]);
    expect(wakes).toBe(2);
  });
});

describe('watchUntil', () => {
  it('tests again on each signal, and resolves undefined at the deadline', async () => {
    let value: number | undefined;
    let wake = () => {};
    const pending = watchUntil(() => value, (w) => ((wake = w), () => {}), 2000);
    value = 7;
    const started = performance.now();
    wake();
    expect(await pending).toBe(7);
    expect(performance.now() - started).toBeLessThan(50);
    expect(await watchUntil(() => undefined, () => () => {}, 30)).toBeUndefined();
  });

  it('falls back to a timer when no signal comes', async () => {
    let calls = 0;
    expect(await watchUntil(() => (++calls >= 3 ? 'late' : undefined), () => () => {}, 2000, () => false, 10)).toBe('late');
  });
});

// listen() on TCP, bind() on UDP (reported), bind() on TCP (not reported), and the student's own
// first socket still gets fd 3: the event pipe sits out of the way at a high fd.
const SERVER = `import socket, sys
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
assert t.fileno() == 3, t.fileno()
t.bind(("127.0.0.1", 0))
t.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
print(t.getsockname()[1], u.getsockname()[1], flush=True)
sys.stdin.read()
`;

describe('readiness events through the real box launch', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-events-'));
  const runId = newRunId();
  let python: PythonInfo;
  const plans: IsolationPlan[] = [];
  beforeAll(async () => {
    python = await resolvePython('python3');
    plans.push(...(await Promise.all([detectIsolation(), detectIsolation('partial'), detectIsolation('none')])));
  });
  afterAll(() => {
    sweepRuns(path.join(dir, 'runs'), plans[0]?.cgroups ?? [], (id) => id === runId);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([0, 1, 2])('plan %i (offered, partial, none): one event per listen() and datagram bind(), with the real ports', async (i) => {
    const workDir = path.join(dir, `work-${i}`);
    fs.mkdirSync(workDir, { recursive: true });
    fs.writeFileSync(path.join(workDir, 'server.py'), SERVER);
    const program = startBox(plans[i], {
      runId,
      boxId: `events-${i}`,
      python,
      script: 'server.py',
      args: [],
      workDir,
      tmp: { root: path.join(dir, `tmp-${i}`), bounded: false, site: writeGraderSite(path.join(dir, 'site')) },
      limits: DEFAULT_LIMITS,
      outputCap: 1 << 16,
      stdin: 'pipe',
      port: 5000,
    });
    try {
      const two = () => (program.socketEvents.events.length >= 2 ? program.socketEvents.events : undefined);
      const events = await watchUntil(two, (wake) => program.socketEvents.subscribe(wake), 5000, () => !program.running);
      const printed = await waitUntil(() => /\d+ \d+\n/.test(program.stdout.text), (wake) => program.stdout.subscribe(wake), 2000);
      expect(printed, program.stderr.text).toBe(true);
      const [tcp, udp] = program.stdout.text.trim().split(' ').map(Number);
      expect(events).toEqual([{ protocol: 'tcp', port: tcp }, { protocol: 'udp', port: udp }]);
      expect(program.stderr.text).toBe('');
    } finally {
      await program.kill();
    }
  });
});
