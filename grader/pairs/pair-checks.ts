// --pairs-weight: each program's pairs as one scored check (pairs-client, pairs-server), earning
// the fraction of classmates it worked with; the submission is scored again with them.
import type { CheckResult, ExerciseResult, SubmissionEndEvent } from '../events.js';
import { scoreChecks, scoreSubmission } from '../score.js';
import { REFERENCE_ID, type PairResult } from './types.js';

/** A program's standing against classmates: its own pair and the reference's are not counted. */
function standing(pairs: PairResult[], exercise: string, id: string, role: 'client' | 'server'): { worked: number; relay: number; total: number } {
  const mine = pairs.filter((p) => p.exercise === exercise && p[role] === id && p.client !== p.server && p.client !== REFERENCE_ID && p.server !== REFERENCE_ID && p.verdict !== 'not-run');
  return { worked: mine.filter((p) => p.verdict === 'pass').length, relay: mine.filter((p) => p.verdict === 'relay').length, total: mine.length };
}

/** The pairs check of one program, or undefined when it met no classmate. */
function pairsCheck(pairs: PairResult[], exercise: string, id: string, role: 'client' | 'server', weight: number): CheckResult | undefined {
  const s = standing(pairs, exercise, id, role);
  if (s.total === 0) return undefined;
  const fraction = Math.round((s.worked / s.total) * 1000) / 1000;
  return {
    id: `pairs-${role}`,
    program: role,
    status: s.worked === s.total ? 'pass' : 'fail',
    weight,
    fraction,
    durationMs: 0,
    message: { key: `pairs.check.${role}${s.relay > 0 ? '-relay' : ''}`, params: { worked: s.worked, total: s.total, relay: s.relay } },
    notes: [],
    transcript: [],
  };
}

/** The submission with its pairs checks added to each exercise that had pairs, and scored again. */
export function withPairsChecks(end: SubmissionEndEvent, pairs: PairResult[], weight: number): { end: SubmissionEndEvent; added: { exerciseId: string; check: CheckResult }[] } {
  const added: { exerciseId: string; check: CheckResult }[] = [];
  const exercises: ExerciseResult[] = end.exercises.map((x) => {
    if (x.status !== 'graded') return x;
    const checks = (['client', 'server'] as const).flatMap((role) => {
      const check = x.programs.some((p) => p.role === role && p.file) ? pairsCheck(pairs, x.id, end.submissionId, role, weight) : undefined;
      return check ? [check] : [];
    });
    if (checks.length === 0) return x;
    for (const check of checks) added.push({ exerciseId: x.id, check });
    const all = [...x.checks, ...checks];
    return { ...x, checks: all, ...scoreChecks(all) };
  });
  return { end: { ...end, exercises, score: scoreSubmission(exercises) }, added };
}
