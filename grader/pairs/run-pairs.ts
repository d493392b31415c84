// Running the matrix after the checks (main process): columns on the worker lanes, then the
// reference row and column from the checks, each pair emitted as pair:end (the fold, log/summary.ts,
// flags the disagreements once both reference cells of a pair are known).
import type { GradeEvent, SubmissionEndEvent } from '../events.js';
import type { WorkerPool } from '../run/pool.js';
import type { PairColumnJob } from './job.js';
import { ownCause, referencePairs } from './reference.js';
import type { PairResult } from './types.js';

/** Runs every column and emits every pair, the reference ones last; returns the pairs emitted. */
export async function runPairColumns(
  pool: WorkerPool,
  jobs: PairColumnJob[],
  results: Map<string, SubmissionEndEvent>,
  emit: (event: GradeEvent) => void,
): Promise<number> {
  let count = 0;
  const emitPair = (pair: PairResult) => {
    count++;
    emit({ type: 'pair:end', pair: withRootCause(pair, results) });
  };
  const seen = new Set<string>();
  await pool.run(
    jobs,
    () => {},
    (_job, message) => {
      if (message.type === 'pair:end') {
        seen.add(pairKey(message.pair));
        emitPair(message.pair);
      } else if (message.type === 'error') emit(message);
    },
    (job, ok, detail) => {
      if (!ok) emit({ type: 'error', submissionId: job.server.id, message: `pairs of ${job.exercise} against ${job.server.id}: ${detail}` });
      // A column cut short (its worker died, an interrupt) leaves its other cells not run, never missing.
      for (const client of job.clients) {
        const pair: PairResult = { exercise: job.exercise, client: client.id, server: job.server.id, verdict: 'not-run', durationMs: 0, transcript: [], message: { key: 'pairs.not-run.cut' } };
        if (!seen.has(pairKey(pair))) emitPair(pair);
      }
    },
  );
  const exercises = [...new Set(jobs.map((j) => j.exercise))];
  for (const exercise of exercises) for (const result of results.values()) for (const pair of referencePairs(result, exercise)) emitPair(pair);
  return count;
}

function pairKey(pair: Pick<PairResult, 'exercise' | 'client' | 'server'>): string {
  return `${pair.exercise}\u0000${pair.client}\u0000${pair.server}`;
}

/** Causes that only say a program failed on its own; its checks may already know the root cause. */
const OWN_FAILURE: Record<string, 'server' | 'client'> = { 'server-down': 'server', 'client-crashed': 'client', 'killed-by-signal': 'client' };

/**
 * A pair that failed because one program fails by itself (its server never listens, its client
 * crashes) takes the root cause its own checks found (`python2-name`, `gui-program`…), so the
 * matrix speaks the diagnostics' words; the pair's sentence, quoting its transcript, stays.
 */
function withRootCause(pair: PairResult, results: Map<string, SubmissionEndEvent>): PairResult {
  const role = pair.cause ? OWN_FAILURE[pair.cause] : undefined;
  if (!role) return pair;
  const root = ownCause(results.get(role === 'server' ? pair.server : pair.client), pair.exercise, role);
  return root ? { ...pair, cause: root } : pair;
}
