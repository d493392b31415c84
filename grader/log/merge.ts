// Merging shards (or runs) as if graded in one run: used by `grade merge` on whole logs, and by
// the run summary when one stream holds several run:begin. The only place these rules live.
import { UsageError } from '../errors.js';
import type { GradeEvent, IsolationInfo, PlannedSubmissionSummary, RunBeginEvent, RunEndEvent } from '../events.js';

const TIER_RANK: Record<IsolationInfo['tier'], number> = { none: 0, partial: 1, full: 2 };

/**
 * One plan for several: every submission once, in id order (the order a single run plans), the
 * earliest start, every exercise, and the weakest isolation, which is the honest tier for the whole.
 */
export function mergeBegins(begins: RunBeginEvent[]): RunBeginEvent {
  const first = begins[0];
  if (!first) throw new Error('mergeBegins needs at least one run:begin');
  const submissions = new Map<string, PlannedSubmissionSummary>();
  for (const begin of begins) for (const s of begin.submissions) submissions.set(s.id, s);
  return {
    ...first,
    // A begin without a start time (an odd log) must not make the whole run start at "".
    startedAt: begins.map((b) => b.startedAt).filter(Boolean).sort()[0] ?? '',
    settings: { ...first.settings, exercises: [...new Set(begins.flatMap((b) => b.settings.exercises))], shard: undefined },
    isolation: begins.map((b) => b.isolation).reduce((a, b) => (TIER_RANK[b.tier] < TIER_RANK[a.tier] ? b : a)),
    submissions: [...submissions.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** One end for several runs, `undefined` standing for a run that never ended. */
export function mergeEnds(ends: (RunEndEvent | undefined)[]): RunEndEvent {
  return {
    type: 'run:end',
    // Shards run side by side, so the whole took as long as the slowest.
    durationMs: Math.max(0, ...ends.map((e) => e?.durationMs ?? 0)),
    // A log without run:end was cut short: the merged run is incomplete too.
    interrupted: ends.some((e) => e === undefined || e.interrupted),
  };
}

/**
 * Combines logs: one run:begin, every other event in log order, one run:end. A submission
 * graded in two logs keeps its last result, since the summary keeps the last submission:end.
 */
export function mergeEventLogs(logs: GradeEvent[][]): GradeEvent[] {
  const begins = logs.flatMap((log) => log.filter((e): e is RunBeginEvent => e.type === 'run:begin'));
  if (begins.length === 0) throw new UsageError('no run:begin event in any of the logs, so there is no run to merge.', 'no-run-begin');
  const ends = logs.map((log) => log.find((e): e is RunEndEvent => e.type === 'run:end'));
  const body = logs.flatMap((log) => log.filter((e) => e.type !== 'run:begin' && e.type !== 'run:end'));
  return [mergeBegins(begins), ...body, mergeEnds(ends)];
}
