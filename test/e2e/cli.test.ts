// The CLI's contract: exit codes, one-sentence usage errors, the exercise list, reference solutions.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, grade, readResults, ROOT, tempOut } from './cli.js';

describe('usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing path', ['/nonexistent/class'], /does not exist/],
    ['a file instead of a folder', [path.join(ROOT, 'package.json')], /is not a folder/],
    ['an empty folder', [tempOut('sg-empty-')], /holds no submissions/],
    ['an unknown exercise', [FIXTURES, '--exercise', 'nope'], /Unknown exercise "nope"/],
    ['a bad option value', [FIXTURES, '--jobs', 'many'], /--jobs must be a number/],
    ['an unknown language', [FIXTURES, '--lang', 'fr'], /--lang must be en or pt-BR/],
  ];
  it.each(cases)('%s exits 2 with one sentence and no stack trace', async (_name, args, message) => {
    const run = await grade([...args, '--out', tempOut()]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('grade exercises', () => {
  it('lists every exercise with its files, checks and weights', async () => {
    const run = await grade(['exercises', '--json']);
    const list = JSON.parse(run.stdout) as { id: string; checks: { id: string; weight: number }[]; programs: { files: string[] }[] }[];
    expect(list.map((e) => e.id)).toEqual(['tcp-hello', 'chat', 'udp-hello', 'tcp-echo']);
    const chat = list.find((e) => e.id === 'chat')!;
    expect(chat.checks.find((c) => c.id === 'chat-server-broadcast')?.weight).toBe(2);
    expect(chat.checks).toHaveLength(18);
    expect(list.find((e) => e.id === 'udp-hello')!.programs[0].files).toEqual(['servidor_udp.py', 'udp_server.py']);
    const text = await grade(['exercises']);
    expect(text.stdout).toMatch(/chat-server-idle-cpu\s+weight 1/);
  });
});

describe('reference solutions', () => {
  it.each(['tcp-hello', 'chat', 'udp-hello'])('%s scores 100', async (id) => {
    const out = tempOut();
    const run = await grade([path.join(ROOT, 'exercises', id, 'solution'), '--exercise', id, '--reporter', 'json', '--out', out]);
    expect(run.exitCode).toBe(0);
    const [submission] = readResults(out).submissions;
    const failed = submission.exercises[0].checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`);
    expect(failed).toEqual([]);
    expect(submission.score).toBe(100);
  });
});

describe('CI mode', () => {
  it('grades one student folder and exits 1 under --min-score', async () => {
    const out = tempOut();
    const run = await grade([path.join(FIXTURES, 'server-never-prints'), '--min-score', '90', '--reporter', 'json', '--out', out]);
    expect(run.exitCode).toBe(1);
    const results = readResults(out);
    expect(results.submissions.map((s) => s.id)).toEqual(['server-never-prints']);
    expect(results.submissions[0].score).toBeLessThan(90);
    expect(fs.existsSync(path.join(out, 'events.jsonl'))).toBe(true);
  });

  it('exits 0 when every submission reaches --min-score', async () => {
    const run = await grade([path.join(FIXTURES, 'argv-clean'), '--min-score', '100', '--reporter', 'json', '--out', tempOut()]);
    expect(run.exitCode).toBe(0);
  });
});
