// Merging the event logs of several shards (or runs) into one stream, as if graded in one run.
import type { GradeEvent, RunBeginEvent, RunEndEvent } from '../events.js';

/** Combines logs: one run:begin listing every submission in id order, all results, one run:end. */
export function mergeEventLogs(logs: GradeEvent[][]): GradeEvent[] {
  const begins = logs.map((log) => log.find((e): e is RunBeginEvent => e.type === 'run:begin'));
  const first = begins.find((b) => b !== undefined);
  if (!first) throw new Error('no run:begin event in any log');
  const submissions = new Map<string, { id: string; path: string }>();
  for (const begin of begins) for (const s of begin?.submissions ?? []) submissions.set(s.id, s);
  const exercises = [...new Set(begins.flatMap((b) => b?.settings.exercises ?? []))];
  const merged: RunBeginEvent = {
    ...first,
    startedAt: begins.map((b) => b?.startedAt ?? first.startedAt).sort()[0],
    settings: { ...first.settings, exercises, shard: undefined },
    submissions: [...submissions.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
  const ends = logs.map((log) => log.find((e): e is RunEndEvent => e.type === 'run:end'));
  const end: RunEndEvent = {
    type: 'run:end',
    durationMs: Math.max(0, ...ends.map((e) => e?.durationMs ?? 0)),
    interrupted: ends.some((e) => e === undefined || e.interrupted),
  };
  const body = logs.flatMap((log) => log.filter((e) => e.type !== 'run:begin' && e.type !== 'run:end'));
  return [merged, ...body, end];
}
