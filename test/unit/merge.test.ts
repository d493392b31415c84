// Merging shards, on logs cut from one real run: `grade merge` (mergeEventLogs) and the run summary
// of one stream holding several run:begin follow the same rules, and equal the single run byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeEvent, RunBeginEvent, RunEndEvent } from '../../grader/events.js';
import { UsageError } from '../../grader/errors.js';
import { summarize } from '../../grader/log/summary.js';
import { REPORTERS } from '../../grader/reporters/index.js';
import { mergeEventLogs } from '../../grader/log/merge.js';
import { shardOf } from '../../grader/run/shard.js';
import { decodeEvents, options, realEvents, replay, tempDir } from '../reporters/helpers.js';

const FILE_REPORTERS = ['json', 'html', 'junit', 'csv'];

const beginOf = (log: GradeEvent[]) => log.find((e): e is RunBeginEvent => e.type === 'run:begin')!;
const endOf = (log: GradeEvent[]) => log.find((e): e is RunEndEvent => e.type === 'run:end');
const owner = (e: GradeEvent) => ('submissionId' in e ? e.submissionId : undefined);

/** The log shard `index` of `total` would have written: its own plan, start, results and end. */
function cutShard(whole: GradeEvent[], index: number, total: number, startDelayMs: number, durationMs: number): GradeEvent[] {
  const begin = beginOf(whole);
  const mine = shardOf(begin.submissions, index, total);
  const ids = new Set(mine.map((s) => s.id));
  const startedAt = new Date(Date.parse(begin.startedAt) + startDelayMs).toISOString();
  const shardBegin: RunBeginEvent = { ...begin, runId: `${begin.runId}-s${index}`, startedAt, settings: { ...begin.settings, shard: `${index}/${total}` }, submissions: mine };
  const body = whole.filter((e) => e.type !== 'run:begin' && e.type !== 'run:end' && ids.has(owner(e) ?? ''));
  return [shardBegin, ...body, { type: 'run:end', durationMs, interrupted: false }];
}

/** Every file each file reporter writes for a log, keyed by relative path. */
async function render(events: GradeEvent[]): Promise<Map<string, string>> {
  const dir = tempDir();
  for (const name of FILE_REPORTERS) await replay(REPORTERS[name]!(options(dir)), events);
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, d.name);
      if (d.isDirectory()) walk(r);
      else files.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return files;
}

describe('mergeEventLogs', () => {
  const whole = realEvents();
  const duration = endOf(whole)!.durationMs;

  it('reproduces every report of the single run byte for byte', async () => {
    // Shard 1 starts with the run and shard 2 is the slowest, so the merged timing is the whole run's.
    const merged = mergeEventLogs([cutShard(whole, 2, 2, 5000, duration), cutShard(whole, 1, 2, 0, duration - 1000)]);
    const [expected, actual] = await Promise.all([render(whole), render(merged)]);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(actual.size).toBe(4 + 6);
    for (const [file, text] of expected) expect(actual.get(file), file).toBe(text);
  });

  it('plans every submission in id order, without a shard setting, from the earliest start', () => {
    const merged = mergeEventLogs([cutShard(whole, 2, 3, 3000, 10), cutShard(whole, 1, 3, 2000, 30), cutShard(whole, 3, 3, 1000, 20)]);
    const begin = beginOf(merged);
    expect(begin.submissions).toEqual(beginOf(whole).submissions);
    expect(begin.settings.shard).toBeUndefined();
    expect(begin.startedAt).toBe(new Date(Date.parse(beginOf(whole).startedAt) + 1000).toISOString());
    expect(endOf(merged)).toEqual({ type: 'run:end', durationMs: 30, interrupted: false });
    expect(merged.filter((e) => e.type === 'run:begin' || e.type === 'run:end')).toHaveLength(2);
    expect(merged.filter((e) => e.type === 'submission:end')).toHaveLength(6);
  });

  it('unites the exercises and keeps the weakest isolation of any shard', () => {
    const a = cutShard(whole, 1, 2, 0, 1);
    const b = cutShard(whole, 2, 2, 0, 1);
    beginOf(a).settings.exercises = ['tcp-hello'];
    beginOf(b).settings.exercises = ['udp-hello', 'tcp-hello'];
    beginOf(b).isolation = { tier: 'partial', mechanisms: [], missing: ['bubblewrap'] };
    const begin = beginOf(mergeEventLogs([a, b]));
    expect(begin.settings.exercises).toEqual(['tcp-hello', 'udp-hello']);
    expect(begin.isolation.tier).toBe('partial');
  });

  it('marks the merged run interrupted when any shard was cut short or interrupted', () => {
    const cut = cutShard(whole, 2, 2, 0, 1).filter((e) => e.type !== 'run:end');
    expect(endOf(mergeEventLogs([cutShard(whole, 1, 2, 0, 1), cut]))!.interrupted).toBe(true);
    const interrupted = cutShard(whole, 2, 2, 0, 1).map((e) => (e.type === 'run:end' ? { ...e, interrupted: true } : e));
    expect(endOf(mergeEventLogs([cutShard(whole, 1, 2, 0, 1), interrupted]))!.interrupted).toBe(true);
  });

  it('keeps the later result when one submission appears in two logs', async () => {
    const first = cutShard(whole, 1, 1, 0, 1);
    const regraded = first.map((e) => (e.type === 'submission:end' && e.submissionId === 'handout-py2' ? { ...e, score: 42 } : e));
    const files = await render(mergeEventLogs([first, regraded]));
    const doc = JSON.parse(files.get('results.json')!);
    expect(doc.submissions.map((s: { id: string }) => s.id)).toEqual(beginOf(whole).submissions.map((s) => s.id));
    expect(doc.submissions.find((s: { id: string }) => s.id === 'handout-py2').score).toBe(42);
  });

  it('refuses logs without any run:begin, as a usage error', () => {
    const logs: GradeEvent[][] = [[{ type: 'run:end', durationMs: 1, interrupted: false }]];
    expect(() => mergeEventLogs(logs)).toThrow(/no run:begin/);
    expect(() => mergeEventLogs(logs)).toThrow(UsageError);
  });
});

describe('one stream holding several shards', () => {
  const whole = realEvents();
  const duration = endOf(whole)!.durationMs;

  it('renders exactly what grade merge renders, and the single run', async () => {
    const shards = [cutShard(whole, 2, 2, 5000, duration), cutShard(whole, 1, 2, 0, duration - 1000)];
    const [single, merged, stream] = await Promise.all([render(whole), render(mergeEventLogs(shards)), render(shards.flat())]);
    expect(stream.size).toBe(4 + 6);
    for (const [file, text] of merged) expect(stream.get(file), file).toBe(text);
    for (const [file, text] of single) expect(stream.get(file), file).toBe(text);
  });

  it('plans in id order, keeps the weakest tier and the earliest start, and lasts as long as the slowest', () => {
    const a = cutShard(whole, 1, 2, 2000, 10);
    const b = cutShard(whole, 2, 2, 1000, 30);
    beginOf(b).isolation = { tier: 'partial', mechanisms: [], missing: ['bubblewrap'] };
    const run = summarize(decodeEvents([...a, ...b]));
    expect(run.submissions.map((s) => s.id)).toEqual(beginOf(whole).submissions.map((s) => s.id));
    expect(run.begin!.submissions).toEqual(beginOf(mergeEventLogs([a, b])).submissions);
    expect(run.begin!.isolation.tier).toBe('partial');
    expect(run.begin!.settings.shard).toBeUndefined();
    expect(run.begin!.startedAt).toBe(beginOf(b).startedAt);
    expect(run.end).toEqual({ type: 'run:end', durationMs: 30, interrupted: false });
  });

  it('is interrupted while any shard in it has not ended', () => {
    const cut = cutShard(whole, 2, 2, 0, 1).filter((e) => e.type !== 'run:end');
    expect(summarize(decodeEvents([...cutShard(whole, 1, 2, 0, 1), ...cut])).end!.interrupted).toBe(true);
    expect(summarize(decodeEvents([...cut, ...cutShard(whole, 1, 2, 0, 1)])).end!.interrupted).toBe(true);
  });

  it('keeps the last result of a submission graded twice', () => {
    const first = cutShard(whole, 1, 1, 0, 1);
    const regraded = first.map((e) => (e.type === 'submission:end' && e.submissionId === 'handout-py2' ? { ...e, score: 42 } : e));
    const run = summarize(decodeEvents([...first, ...regraded]));
    expect(run.submissions).toHaveLength(beginOf(whole).submissions.length);
    expect(run.submissions.find((s) => s.id === 'handout-py2')!.result!.score).toBe(42);
  });
});
