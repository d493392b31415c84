// `grade --shard i/n` + `grade merge`, the way Playwright tests merge-reports: grade a small class
// once whole and once as two shards with the real CLI, merge, and compare every report file.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradeEvent, RunBeginEvent } from '../../grader/events.js';
import { shardOf } from '../../grader/run/shard.js';
import { FIXTURES, grade, tempOut } from './cli.js';

// Single-threaded servers only: a threaded server's print() may interleave its text and newline
// with another thread's differently in each run (seen in CI with client-wrong-text).
const CASES = ['argv-clean', 'str-send-py3', 'handout-py2', 'server-one-shot', 'udp-pair', 'udp-stream-by-mistake'];
const REPORTERS = ['--reporter', 'json', 'html', 'junit', 'csv'];

/** Every file under `dir` but the event log, keyed by relative path. */
function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, d.name);
      if (d.isDirectory()) walk(r);
      else if (d.name !== 'events.jsonl') files.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return files;
}

/**
 * What two gradings of the same submissions cannot share: timing (durations, offsets, start
 * times, run ids, tmp paths) and what the kernel and the checks draw at random each run (ephemeral
 * ports, each check's nonce, how stdout arrived in pipe chunks and so split into transcript
 * entries). Conversations are compared in the unit test, where both sides come from one grading.
 */
function normalise(file: string, text: string, tmp: string[]): string {
  let out = text;
  for (const dir of tmp) out = out.split(dir).join('<tmp>');
  if (file.endsWith('.json')) out = JSON.stringify(JSON.parse(out, (k, v) => (k === 'transcript' ? [] : k === 'startedAt' || k === 'durationMs' ? 0 : v)), null, 1);
  if (file.endsWith('.html')) out = out.replace(/<details class="conversation"[^]*?<\/details>\s*<\/details>/g, '<conversation/>');
  if (file.endsWith('.xml')) out = out.replace(/ (time|timestamp)="[^"]*"/g, '').replace(/^\+\d+ms .*$\n?/gm, '');
  return out
    .replace(/\b\d+(\.\d+)?\s?(ms|s)\b/g, '<time>')
    .replace(/\b\d+m \d\ds\b/g, '<time>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, '<date>')
    .replace(/\b\d{4,5}\b/g, '<port>')
    .replace(/\b[0-9a-f]{6}\b/g, '<nonce>');
}

let klass: string;
let whole: string;
let shards: string[];
let merged: string;

beforeAll(async () => {
  klass = tempOut('sg-merge-class-');
  for (const id of CASES) fs.cpSync(path.join(FIXTURES, id), path.join(klass, id), { recursive: true });
  whole = tempOut('sg-merge-whole-');
  shards = [tempOut('sg-merge-s1-'), tempOut('sg-merge-s2-')];
  merged = tempOut('sg-merge-out-');
  // One after another: a grading run uses both cores, and verdicts must not depend on load.
  const runs = [[klass, '--out', whole], ...shards.map((out, i) => [klass, '--shard', `${i + 1}/2`, '--out', out])];
  for (const args of runs) {
    const run = await grade([...args, ...REPORTERS, '--jobs', '2', '--lang', 'en']);
    if (run.exitCode !== 0) throw new Error(`grade ${args.join(' ')} failed (${run.exitCode}): ${run.stderr}`);
  }
  const run = await grade(['merge', ...shards, '--out', merged, ...REPORTERS, '--lang', 'en']);
  if (run.exitCode !== 0) throw new Error(`grade merge failed (${run.exitCode}): ${run.stderr}`);
});

describe('grade --shard and grade merge', () => {
  it('splits the class between the shards with nothing graded twice', () => {
    const planned = shards.map((dir) => JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')).submissions.map((s: { id: string }) => s.id));
    expect(planned.flat().sort()).toEqual([...CASES].sort());
    expect(planned[0]).toEqual(shardOf(CASES.map((id) => ({ id })), 1, 2).map((s) => s.id));
  });

  it('writes the same files as the single run', () => {
    expect([...filesOf(merged).keys()].sort()).toEqual([...filesOf(whole).keys()].sort());
    expect(filesOf(merged).size).toBe(4 + CASES.length);
  });

  it('gives every reporter the same output as the single run, up to timing and per-run randomness', () => {
    const expected = filesOf(whole);
    const actual = filesOf(merged);
    const tmp = [klass, whole, merged, ...shards];
    for (const [file, text] of expected) expect(normalise(file, actual.get(file)!, tmp), file).toBe(normalise(file, text, tmp));
  });

  it('writes a grades.csv identical byte for byte', () => {
    expect(fs.readFileSync(path.join(merged, 'grades.csv'), 'utf8')).toBe(fs.readFileSync(path.join(whole, 'grades.csv'), 'utf8'));
  });

  it('reproduces the single run byte for byte when merging logs cut from it', async () => {
    // Cut the single run's own log the way --shard splits a class, then merge with the real CLI:
    // both sides now come from one grading, so nothing at all may differ.
    const log = fs.readFileSync(path.join(whole, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as GradeEvent);
    const begin = log[0] as RunBeginEvent;
    const cuts = [1, 2].map((i) => {
      const ids = new Set(shardOf(begin.submissions, i, 2).map((s) => s.id));
      const mine = log.filter((e) => e.type === 'run:begin' || e.type === 'run:end' || ids.has((e as { submissionId?: string }).submissionId ?? ''));
      const dir = tempOut('sg-merge-cut-');
      const events = mine.map((e) => (e.type === 'run:begin' ? { ...e, settings: { ...e.settings, shard: `${i}/2` }, submissions: begin.submissions.filter((s) => ids.has(s.id)) } : e));
      fs.writeFileSync(path.join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e) + '\n').join(''));
      return dir;
    });
    const out = tempOut('sg-merge-cut-out-');
    const run = await grade(['merge', ...cuts, '--out', out, ...REPORTERS, '--lang', 'en']);
    expect(run.exitCode, run.stderr).toBe(0);
    const expected = filesOf(whole);
    for (const [file, text] of filesOf(out)) expect(text, file).toBe(expected.get(file));
  });

  it('records the merged run in its own events.jsonl, which merges again to the same report', async () => {
    const again = tempOut('sg-merge-again-');
    const run = await grade(['report', merged, '--out', again, ...REPORTERS, '--lang', 'en']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(filesOf(again)).toEqual(filesOf(merged));
  });
});
