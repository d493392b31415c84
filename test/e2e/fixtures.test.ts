// Runs the real CLI on every fixture with real python3 and sockets: at the full tier every
// fixture three times in one run, at --jobs 8 beside a CPU hog (regrading is deterministic under
// more lanes and under load), and at the none tier once; asserts each check's verdict, each
// failure's cause and the diagnostics, for every copy.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCases, FIXTURES, grade, readResults, tempOut, type Expected, type Results } from './cli.js';
import { boxesOfRun, runIdOf } from './corpus.js';

const cases = fixtureCases();

/** How each tier's run is made: how many copies of every fixture, how many lanes, a CPU hog. */
const RUNS = [
  { tier: 'full', copies: 3, jobs: 8, hog: true },
  { tier: 'none', copies: 1, jobs: 2, hog: false },
];

/** A class of `copies` copies of every fixture, named `<fixture>` and `<fixture>.copy-<n>`. */
function copiesOfFixtures(copies: number): string {
  if (copies === 1) return FIXTURES;
  const dir = tempOut('sg-e2e-copies-');
  for (const { id } of cases) {
    for (let n = 1; n <= copies; n++) fs.cpSync(path.join(FIXTURES, id), path.join(dir, n === 1 ? id : `${id}.copy-${n}`), { recursive: true });
  }
  return dir;
}

/** One busy loop per core, each its own process, stopped by pid. */
function cpuHog(): ChildProcess[] {
  return [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

describe.each(RUNS)('grading fixtures/submissions at the $tier tier ($copies× at --jobs $jobs)', ({ tier, copies, jobs, hog }) => {
  let results: Results;
  let exitCode: number | undefined;
  let runId: string;
  let hogs: ChildProcess[] = [];

  beforeAll(async () => {
    const out = tempOut();
    const target = copiesOfFixtures(copies);
    if (hog) hogs = cpuHog();
    try {
      const run = await grade([target, '--reporter', 'json', '--out', out, '--jobs', String(jobs), '--isolation', tier === 'full' ? 'auto' : tier]);
      exitCode = run.exitCode;
      if (run.exitCode !== 0) throw new Error(`grade failed (${run.exitCode}): ${run.stderr}`);
    } finally {
      for (const h of hogs) h.kill('SIGKILL');
      if (target !== FIXTURES) fs.rmSync(target, { recursive: true, force: true });
    }
    results = readResults(out);
    runId = runIdOf(out);
  });
  afterAll(() => {
    for (const h of hogs) h.kill('SIGKILL');
  });

  it('exits 0 and leaves no student process behind', () => {
    expect(exitCode).toBe(0);
    // Only this run's boxes: other runs on the machine are not ours to judge.
    expect(boxesOfRun(runId)).toEqual([]);
  });

  it('grades every fixture', () => {
    const ids = cases.flatMap((c) => Array.from({ length: copies }, (_, n) => (n === 0 ? c.id : `${c.id}.copy-${n + 1}`)));
    expect(results.submissions.map((s) => s.id).sort()).toEqual(ids.sort());
  });

  describe.each(cases)('$id', ({ id, expected }) => {
    it('gets the expected verdict and cause for every check, and the expected diagnostics, in every copy', () => {
      for (let n = 1; n <= copies; n++) {
        const submission = results.submissions.find((s) => s.id === (n === 1 ? id : `${id}.copy-${n}`))!;
        expect(submission, `copy ${n}`).toBeDefined();
        for (const exercise of submission.exercises) assertExercise(exercise, expected.exercises[exercise.id]);
        for (const exerciseId of Object.keys(expected.exercises)) {
          expect(submission.exercises.map((e) => e.id), `expected.json names ${exerciseId}`).toContain(exerciseId);
        }
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
  // A note expected.json names is among that check's notes (English: the run's default language).
  for (const [check, text] of Object.entries(want.notes ?? {})) {
    const notes = exercise.checks.find((c) => c.id === check)?.notes ?? [];
    expect.soft(notes.some((n) => n.includes(text)), `${exercise.id}/${check} notes ${JSON.stringify(notes)} include ${JSON.stringify(text)}`).toBe(true);
  }
  for (const [check, text] of Object.entries(want.messages ?? {})) {
    const message = exercise.checks.find((c) => c.id === check)?.message ?? '';
    expect.soft(message, `${exercise.id}/${check} message`).toContain(text);
  }
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
