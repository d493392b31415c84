// Pure scoring: check results → exercise and submission scores.
import type { CheckResult, ExerciseResult } from './events.js';

/**
 * Passed weight over total weight, as 0–100 with points; skips and errors count as failed. A
 * check with a `fraction` (the pairs checks: 12 of 15 classmates) earns that share of its weight.
 */
export function scoreChecks(checks: Pick<CheckResult, 'status' | 'weight' | 'fraction'>[]): { score: number; points: number; maxPoints: number } {
  const maxPoints = checks.reduce((sum, c) => sum + c.weight, 0);
  const earned = (c: (typeof checks)[number]) => (c.fraction !== undefined ? c.fraction : c.status === 'pass' ? 1 : 0);
  const points = Math.round(checks.reduce((sum, c) => sum + c.weight * earned(c), 0) * 100) / 100;
  const score = maxPoints === 0 ? 0 : round1((100 * points) / maxPoints);
  return { score, points, maxPoints };
}

/** A submission's score: the mean over the exercises graded (missing exercises count as 0). */
export function scoreSubmission(exercises: Pick<ExerciseResult, 'score' | 'status'>[]): number {
  if (exercises.length === 0) return 0;
  return round1(exercises.reduce((sum, e) => sum + (e.status === 'graded' ? e.score : 0), 0) / exercises.length);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
