// Class-wide numbers shared by the HTML index and the GitHub summary.
import type { SubmissionSummary } from '../events.js';

/** How often one check failed across the class, and the causes the grader linked to those failures. */
export interface FailedCheckStat {
  exercise: string;
  check: string;
  count: number;
  /** Each `cause` code among the failing submissions, most frequent first. */
  causes: { code: string; count: number }[];
  /** Failing submissions whose check names no cause. */
  noCause: number;
}

/** Scores of the submissions that finished. */
export function finishedScores(subs: SubmissionSummary[]): number[] {
  return subs.flatMap((s) => (s.result ? [s.result.score] : []));
}

/** Mean of the finished scores, or null when none finished. */
export function meanScore(subs: SubmissionSummary[]): number | null {
  const scores = finishedScores(subs);
  return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
}

/** Counts per score bucket of width 100/buckets; 100 falls in the last one. */
export function histogram(scores: number[], buckets = 10): number[] {
  const counts = new Array<number>(buckets).fill(0);
  for (const score of scores) {
    const clamped = Math.min(100, Math.max(0, score));
    counts[Math.min(buckets - 1, Math.floor((clamped * buckets) / 100))]! += 1;
  }
  return counts;
}

/** Checks that failed (fail or error) in most submissions; skips are consequences, not causes. */
export function failedMost(subs: SubmissionSummary[], limit = 10): FailedCheckStat[] {
  const stats = new Map<string, { stat: FailedCheckStat; codes: Map<string, number> }>();
  for (const s of subs) {
    for (const x of s.result?.exercises ?? []) {
      // A check counts once per submission, even if a log repeats it.
      const seen = new Set<string>();
      for (const c of x.checks) {
        if ((c.status !== 'fail' && c.status !== 'error') || seen.has(c.id)) continue;
        seen.add(c.id);
        const key = `${x.id}\u0000${c.id}`;
        const entry = stats.get(key) ?? { stat: { exercise: x.id, check: c.id, count: 0, causes: [], noCause: 0 }, codes: new Map() };
        entry.stat.count += 1;
        // Only the cause the grader linked to this very check counts: a diagnostic that merely
        // happens to be common in the same submissions explains nothing about it.
        if (c.cause) entry.codes.set(c.cause, (entry.codes.get(c.cause) ?? 0) + 1);
        else entry.stat.noCause += 1;
        stats.set(key, entry);
      }
    }
  }
  const list = [...stats.values()].map(({ stat, codes }) => ({ ...stat, causes: ranked(codes) }));
  // Stable order for equal counts keeps reports reproducible.
  list.sort((a, b) => b.count - a.count || a.exercise.localeCompare(b.exercise) || a.check.localeCompare(b.check));
  return list.slice(0, limit);
}

function ranked(codes: Map<string, number>): FailedCheckStat['causes'] {
  return [...codes].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
