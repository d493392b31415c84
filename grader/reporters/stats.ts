// Class-wide numbers shared by the HTML index and the GitHub summary.
import type { SubmissionSummary } from './collect.js';

/** How often one check failed across the class, and the finding most often seen with it. */
export interface FailedCheckStat {
  exercise: string;
  check: string;
  count: number;
  topDiagnostic?: { code: string; count: number };
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
      // A diagnostic code counts once per submission, however often it was raised.
      const codes = new Set(x.diagnostics.map((d) => d.code));
      const failed = new Set(x.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id));
      for (const check of failed) {
        const key = `${x.id}\u0000${check}`;
        const entry = stats.get(key) ?? { stat: { exercise: x.id, check, count: 0 }, codes: new Map() };
        entry.stat.count += 1;
        for (const code of codes) entry.codes.set(code, (entry.codes.get(code) ?? 0) + 1);
        stats.set(key, entry);
      }
    }
  }
  const list = [...stats.values()].map(({ stat, codes }) => ({ ...stat, topDiagnostic: topCode(codes) }));
  // Stable order for equal counts keeps reports reproducible.
  list.sort((a, b) => b.count - a.count || a.exercise.localeCompare(b.exercise) || a.check.localeCompare(b.check));
  return list.slice(0, limit);
}

function topCode(codes: Map<string, number>): FailedCheckStat['topDiagnostic'] {
  let best: FailedCheckStat['topDiagnostic'];
  for (const [code, count] of [...codes].sort(([a], [b]) => a.localeCompare(b))) {
    if (!best || count > best.count) best = { code, count };
  }
  return best;
}
