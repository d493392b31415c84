// Runs the real CLI on every fixture with real python3 and sockets; asserts each verdict.
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureCases, FIXTURES, grade, readResults, tempOut, type Results } from './cli.js';
import { boxesOfRun, runIdOf } from './corpus.js';

const cases = fixtureCases();
let results: Results;
let exitCode: number | undefined;
let runId: string;

beforeAll(async () => {
  const out = tempOut();
  const run = await grade([FIXTURES, '--reporter', 'json', '--out', out, '--jobs', '2']);
  exitCode = run.exitCode;
  if (run.exitCode !== 0) throw new Error(`grade failed (${run.exitCode}): ${run.stderr}`);
  results = readResults(out);
  runId = runIdOf(out);
});

describe('grading fixtures/submissions', () => {
  it('exits 0 and leaves no student process behind', () => {
    expect(exitCode).toBe(0);
    // Only this run's boxes: other runs on the machine are not ours to judge.
    expect(boxesOfRun(runId)).toEqual([]);
  });

  it('grades every fixture', () => {
    expect(results.submissions.map((s) => s.id).sort()).toEqual(cases.map((c) => c.id));
  });

  describe.each(cases)('$id', ({ id, expected }) => {
    it('gets the expected verdict for every check, and the expected diagnostics', () => {
      const submission = results.submissions.find((s) => s.id === id)!;
      for (const exercise of submission.exercises) {
        const want = expected.exercises[exercise.id];
        if (!want) {
          expect.soft(exercise.status, `${exercise.id} should be missing`).toBe('missing');
          continue;
        }
        expect.soft(exercise.status, `${exercise.id} status`).toBe(want.status);
        const got = Object.fromEntries(exercise.checks.map((c) => [c.id, c.status]));
        expect.soft(got, `${exercise.id} checks`).toEqual(want.checks);
        expect.soft([...new Set(exercise.diagnostics.map((d) => d.code))].sort(), `${exercise.id} diagnostics`).toEqual([...new Set(want.diagnostics)].sort());
      }
      for (const exerciseId of Object.keys(expected.exercises)) {
        expect(submission.exercises.map((e) => e.id), `expected.json names ${exerciseId}`).toContain(exerciseId);
      }
    });
  });
});
