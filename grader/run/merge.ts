// Merging the event logs of several shards (or runs) into one stream, as if graded in one run.
import type { GradeEvent, IsolationInfo, RunBeginEvent, RunEndEvent } from '../events.js';

const TIER_RANK: Record<IsolationInfo['tier'], number> = { none: 0, partial: 1, full: 2 };

/**
 * Combines logs: one run:begin listing every submission in id order (the order a single run
 * plans), every result, one run:end. A submission graded in two logs keeps its last result.
 */
export function mergeEventLogs(logs: GradeEvent[][]): GradeEvent[] {
  const begins = logs.map((log) => log.find((e): e is RunBeginEvent => e.type === 'run:begin'));
  const present = begins.filter((b): b is RunBeginEvent => b !== undefined);
  const first = present[0];
  if (!first) throw new Error('no run:begin event in any log');
  const submissions = new Map<string, { id: string; path: string }>();
  for (const begin of present) for (const s of begin.submissions) submissions.set(s.id, s);
  const merged: RunBeginEvent = {
    ...first,
    startedAt: present.map((b) => b.startedAt).sort()[0]!,
    settings: { ...first.settings, exercises: [...new Set(present.flatMap((b) => b.settings.exercises))], shard: undefined },
    isolation: weakest(present.map((b) => b.isolation)),
    submissions: [...submissions.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
  const ends = logs.map((log) => log.find((e): e is RunEndEvent => e.type === 'run:end'));
  const end: RunEndEvent = {
    type: 'run:end',
    // Shards run side by side, so the whole took as long as the slowest.
    durationMs: Math.max(0, ...ends.map((e) => e?.durationMs ?? 0)),
    // A log without run:end was cut short: the merged run is incomplete too.
    interrupted: ends.some((e) => e === undefined || e.interrupted),
  };
  const body = logs.flatMap((log) => log.filter((e) => e.type !== 'run:begin' && e.type !== 'run:end'));
  return [merged, ...body, end];
}

/** The weakest isolation of any log is the honest tier for the whole run. */
function weakest(infos: IsolationInfo[]): IsolationInfo {
  return infos.reduce((a, b) => (TIER_RANK[b.tier] < TIER_RANK[a.tier] ? b : a));
}
