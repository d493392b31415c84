// `grade report` and `grade merge` with the real built CLI on a log a killed run left: the torn
// last line is skipped with one sentence, and the report holds every submission the log holds.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/grader/cli.js');
const RECORDED = path.join(ROOT, 'test/fixtures/events/real-run.jsonl');
/** Stack frames look like "    at fn (file:line:col)". */
const STACK = /^\s+at /m;

// execa drops the final newline, so stderr reads as the sentence alone.
const grade = (args: string[]) => execa(process.execPath, [CLI, ...args], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' } });
const tempOut = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const results = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as { interrupted: boolean; submissions: { id: string; score: number | null }[] };

let out: string;
let torn: Buffer;
/** Submissions whose submission:end survived the cut. */
let finished: string[];
let planned: string[];

beforeAll(() => {
  const lines = fs.readFileSync(RECORDED, 'utf8').split('\n').filter(Boolean);
  planned = JSON.parse(lines[0]!).submissions.map((s: { id: string }) => s.id);
  // Killed while writing the sixth result (line 13): half a line, no newline, no run:end.
  const kept = lines.slice(0, 12);
  finished = kept.map((l) => JSON.parse(l)).filter((e) => e.type === 'submission:end').map((e) => e.submissionId);
  torn = Buffer.from(`${kept.join('\n')}\n${lines[12]!.slice(0, 1500)}`);
  out = tempOut('sg-torn-');
  fs.writeFileSync(path.join(out, 'events.jsonl'), torn);
});

describe('grade report on a torn log', () => {
  it('exits 0 with one warning sentence and no stack trace, and renders what the log holds', async () => {
    const run = await grade(['report', out, '--lang', 'en']);
    expect(run.exitCode, run.stderr).toBe(0);
    const log = path.join(out, 'events.jsonl');
    expect(run.stderr).toBe(`grade: warning: ${log} ends in a torn line (line 13), probably from a run that was stopped; it was skipped.`);
    expect(run.stderr).not.toMatch(STACK);
    const index = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(finished).toHaveLength(5);
    for (const id of planned) expect(index).toContain(id);
    expect(fs.readdirSync(path.join(out, 'students'))).toHaveLength(planned.length);
    const doc = results(out);
    expect(doc.submissions.filter((s) => s.score !== null).map((s) => s.id)).toEqual(finished);
    expect(doc.submissions.find((s) => s.id === 'udp-stream-by-mistake')!.score).toBeNull();
    // No run:end survived: the run must not look complete.
    expect(doc.interrupted).toBe(true);
    // The record stays as the run left it, torn line and all.
    expect(fs.readFileSync(log).equals(torn)).toBe(true);
  });

  it('copies the torn log byte for byte into another folder', async () => {
    const elsewhere = tempOut('sg-torn-copy-');
    const run = await grade(['report', out, '--out', elsewhere, '--reporter', 'html']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(fs.readFileSync(path.join(elsewhere, 'events.jsonl')).equals(torn)).toBe(true);
    expect(fs.existsSync(path.join(elsewhere, 'index.html'))).toBe(true);
  });

  it('merges it with a whole log, and writes the merged log atomically in the current format', async () => {
    const whole = tempOut('sg-torn-whole-');
    fs.copyFileSync(RECORDED, path.join(whole, 'events.jsonl'));
    const merged = tempOut('sg-torn-merged-');
    const run = await grade(['merge', out, whole, '--out', merged, '--reporter', 'json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain('ends in a torn line (line 13)');
    expect(run.stderr).not.toMatch(STACK);
    expect(results(merged).submissions.every((s) => s.score !== null)).toBe(true);
    const lines = fs.readFileSync(path.join(merged, 'events.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'run:begin', logVersion: 2 });
    expect(fs.readdirSync(merged).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses a log from a newer sockgrade with one sentence, exit 2', async () => {
    const future = tempOut('sg-torn-future-');
    const [begin, ...rest] = fs.readFileSync(RECORDED, 'utf8').split('\n');
    fs.writeFileSync(path.join(future, 'events.jsonl'), [JSON.stringify({ ...JSON.parse(begin!), logVersion: 99 }), ...rest].join('\n'));
    const run = await grade(['report', future]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`grade: ${path.join(future, 'events.jsonl')} was written by a newer sockgrade (log format 99; this one reads up to 2): update sockgrade to read it.`);
    expect(fs.existsSync(path.join(future, 'index.html'))).toBe(false);
  });
});
