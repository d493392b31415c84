// grade --pairs on a small chat class: each student's client against each classmate's server, run for real.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, grade, ROOT, tempOut } from './cli.js';

interface Pair {
  exercise: string;
  client: string;
  server: string;
  verdict: string;
  cause: string | null;
  message: string | null;
  transcript: { from: string; to: string; kind: string; text: string }[];
}
interface PairsDoc {
  exercises: { exercise: string; clients: { id: string }[]; servers: { id: string }[] }[];
  pairs: Pair[];
}

const REF = '@reference';
/** ana: the course's solution; print-only: a server that relays nothing; tkinter: a client that dies without a display. */
const STUDENTS = ['ana', 'chat-print-only', 'chat-client-tkinter', 'chat-threaded'];
const CRASHING = 'chat-client-tkinter';

describe('grade <class> --pairs --exercise chat', () => {
  const work = tempOut('sg-pairs-chat-');
  const klass = path.join(work, 'turma');
  const out = path.join(work, 'out');
  let doc: PairsDoc;
  let code: number | undefined;
  const cell = (client: string, server: string) => {
    const found = doc.pairs.find((p) => p.exercise === 'chat' && p.client === client && p.server === server);
    expect(found, `${client} × ${server}`).toBeDefined();
    return found!;
  };

  beforeAll(async () => {
    fs.cpSync(path.join(ROOT, 'exercises/chat/solution'), path.join(klass, 'ana'), { recursive: true });
    for (const id of STUDENTS.slice(1)) {
      fs.cpSync(path.join(FIXTURES, id), path.join(klass, id), { recursive: true });
      fs.rmSync(path.join(klass, id, 'expected.json'));
    }
    const run = await grade([klass, '--pairs', '--exercise', 'chat', '--reporter', 'json', '--out', out], { timeout: 120_000 });
    code = run.exitCode;
    doc = JSON.parse(fs.readFileSync(path.join(out, 'pairs.json'), 'utf8')) as PairsDoc;
  }, 120_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('runs every student pair, none left not-run', () => {
    expect(code).toBe(0);
    for (const client of STUDENTS) for (const server of STUDENTS) expect(cell(client, server).verdict, `${client} × ${server}`).not.toBe('not-run');
  });

  it('passes the solution against itself and against a working classmate server', () => {
    for (const [client, server] of [['ana', 'ana'], ['ana', 'chat-threaded'], ['chat-threaded', 'ana']]) {
      const p = cell(client, server);
      expect({ pair: `${client} × ${server}`, verdict: p.verdict, cause: p.cause }).toEqual({ pair: `${client} × ${server}`, verdict: 'pass', cause: null });
    }
  });

  it('shows both directions of a passing pair on their lanes: typed line up to R, R’s line printed by the client', () => {
    const t = cell('ana', 'ana').transcript;
    const typed = t.find((e) => e.from === 'grader' && e.to === 'client' && e.kind === 'stdin' && e.text.startsWith('ola do cliente'));
    expect(typed).toBeDefined();
    const line = typed!.text.trim();
    expect(t.some((e) => e.from === 'client' && e.to === 'server' && e.kind === 'send' && e.text.includes(line))).toBe(true);
    expect(t.some((e) => e.from === 'server' && e.to === 'R' && e.kind === 'recv' && e.text.includes(line))).toBe(true);
    const pushed = t.find((e) => e.from === 'R' && e.kind === 'send' && e.text.startsWith('ola da referencia'))!.text.trim();
    expect(t.some((e) => e.from === 'client' && e.kind === 'stdout' && e.text.includes(pushed))).toBe(true);
  });

  it('fails every working client against the server that relays nothing, with no-relay and the line it did get', () => {
    for (const client of STUDENTS.filter((id) => id !== CRASHING)) {
      const p = cell(client, 'chat-print-only');
      expect({ client, verdict: p.verdict, cause: p.cause }).toEqual({ client, verdict: 'fail', cause: 'no-relay' });
      const sent = /reached the server \(`([^`]+)`\)/.exec(p.message ?? '')?.[1];
      expect(sent, p.message ?? '').toMatch(/^ola do cliente [0-9a-f]{6}$/);
      // The sentence quotes what crossed the relay, and R indeed received nothing.
      expect(p.transcript.some((e) => e.from === 'client' && e.to === 'server' && e.kind === 'send' && e.text.includes(sent!))).toBe(true);
      expect(p.transcript.filter((e) => e.to === 'R' && e.kind === 'recv')).toEqual([]);
    }
  });

  it('fails the GUI client against every server as a crash before connecting, quoting its error', () => {
    for (const server of STUDENTS) {
      const p = cell(CRASHING, server);
      expect({ server, verdict: p.verdict, cause: p.cause }).toEqual({ server, verdict: 'fail', cause: 'gui-program' });
      expect(p.message).toMatch(/exited with status 1 before it connected: .*TclError/);
      expect(p.transcript.some((e) => e.from === 'client' && e.to === 'server')).toBe(false);
    }
  });

  it('adds the reference row and column from the checks', () => {
    const m = doc.exercises.find((x) => x.exercise === 'chat')!;
    expect(m.clients.map((c) => c.id)).toContain(REF);
    expect(m.servers.map((s) => s.id)).toContain(REF);
    for (const id of STUDENTS) {
      expect(cell(REF, id).verdict, `${REF} × ${id}`).toBe(id === 'chat-print-only' ? 'fail' : 'pass');
      expect(cell(id, REF).verdict, `${id} × ${REF}`).toBe(id === CRASHING ? 'fail' : 'pass');
    }
  });
});
