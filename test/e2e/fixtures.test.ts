// Runs the real CLI on every fixture with real python3 and sockets, at the full and the none
// isolation tiers; asserts each check's verdict, each failure's cause and the diagnostics.
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureCases, FIXTURES, grade, readResults, tempOut, type Expected, type Results } from './cli.js';
import { boxesOfRun, runIdOf } from './corpus.js';

const cases = fixtureCases();

describe.each(['full', 'none'])('grading fixtures/submissions at the %s tier', (tier) => {
  let results: Results;
  let exitCode: number | undefined;
  let runId: string;

  beforeAll(async () => {
    const out = tempOut();
    const run = await grade([FIXTURES, '--reporter', 'json', '--out', out, '--jobs', '2', '--isolation', tier === 'full' ? 'auto' : tier]);
    exitCode = run.exitCode;
    if (run.exitCode !== 0) throw new Error(`grade failed (${run.exitCode}): ${run.stderr}`);
    results = readResults(out);
    runId = runIdOf(out);
  });

  it('exits 0 and leaves no student process behind', () => {
    expect(exitCode).toBe(0);
    // Only this run's boxes: other runs on the machine are not ours to judge.
    expect(boxesOfRun(runId)).toEqual([]);
  });

  it('grades every fixture', () => {
    expect(results.submissions.map((s) => s.id).sort()).toEqual(cases.map((c) => c.id));
  });

  describe.each(cases)('$id', ({ id, expected }) => {
    it('gets the expected verdict and cause for every check, and the expected diagnostics', () => {
      const submission = results.submissions.find((s) => s.id === id)!;
      for (const exercise of submission.exercises) assertExercise(exercise, expected.exercises[exercise.id]);
      for (const exerciseId of Object.keys(expected.exercises)) {
        expect(submission.exercises.map((e) => e.id), `expected.json names ${exerciseId}`).toContain(exerciseId);
      }
    });
  });
});

type ExerciseResult = Results['submissions'][number]['exercises'][number];

function assertExercise(exercise: ExerciseResult, want: Expected['exercises'][string] | undefined): void {
  if (!want) {
    expect.soft(exercise.status, `${exercise.id} should be missing`).toBe('missing');
    return;
  }
  expect.soft(exercise.status, `${exercise.id} status`).toBe(want.status);
  const got = Object.fromEntries(exercise.checks.map((c) => [c.id, c.status]));
  expect.soft(got, `${exercise.id} checks`).toEqual(want.checks);
  // Every failed or skipped check names the cause expected.json gives it, and no other has one.
  const causes = Object.fromEntries(exercise.checks.filter((c) => c.cause).map((c) => [c.id, c.cause]));
  expect.soft(causes, `${exercise.id} causes`).toEqual(want.causes ?? {});
  expect.soft([...new Set(exercise.diagnostics.map((d) => d.code))].sort(), `${exercise.id} diagnostics`).toEqual([...new Set(want.diagnostics)].sort());
  for (const d of exercise.diagnostics) {
    for (const check of d.checks ?? []) expect.soft(causes[check], `${d.code} explains ${check}`).toBe(d.code);
  }
  // A message never says "nothing received" when its own transcript shows bytes received.
  for (const c of exercise.checks) {
    for (const claim of (c.message ?? '').matchAll(/([A-Z][\w-]*(?:, [A-Z][\w-]*)*) (?:expected .*? but )?(?:received nothing|received no bytes|never received anything)/g)) {
      const peers = claim[1].split(', ');
      const got = c.transcript.filter((e) => e.kind === 'recv' && e.text.length > 0 && peers.includes(e.to));
      expect.soft(got, `${exercise.id}/${c.id} says ${claim[1]} received nothing`).toEqual([]);
    }
  }
}
