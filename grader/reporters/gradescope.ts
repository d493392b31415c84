// --reporter gradescope: the autograder results file Gradescope reads from /autograder/results/results.json.
//
// Format (Gradescope's "Autograder Specifications", gradescope-autograders.readthedocs.io/en/latest/specs/):
// top level `score` (optional; when present it overrides the sum of the tests), `execution_time`
// (seconds), `output`, `output_format`, `visibility`, `stdout_visibility`, `extra_data`, `tests`;
// each test `score`, `max_score`, `status` ('passed' | 'failed'), `name`, `output`, `output_format`
// ('text' | 'html' | 'simple_format' | 'md' | 'ansi'), `visibility` ('hidden' | 'after_due_date' |
// 'after_published' | 'visible').
//
// Scores: each test is one check, worth its weight (CheckResult.weight, the exercise's points); the
// top-level score is the submission's total on 0–100, the same number every other report shows (the
// mean of the exercise scores, which is not the sum of the weights when exercises differ in points).
// Set the assignment's autograder points to 100. Gradescope grades one submission: the first graded.
import type { CheckResult, ExerciseResult, Msg, Reporter, ReporterOptions, RunSummary, SubmissionSummary } from '../events.js';
import { causeText } from './causes.js';
import { warn } from './feedback-text.js';
import { writeOut } from './out.js';
import { fmtScore, label, say } from './safe.js';

export const DEFAULT_GRADESCOPE_FILE = 'gradescope.json';

type T = (msg: Msg) => string;

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: 'text';
  visibility: 'visible';
}

export interface GradescopeResults {
  score: number;
  max_score: number;
  execution_time?: number;
  output: string;
  output_format: 'text';
  visibility: 'visible';
  tests: GradescopeTest[];
}

/** Writes `<outDir>/<gradescopeFile>` (default gradescope.json) once the run is over. */
export function createGradescopeReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'gradescope',
    end: async (run) => {
      const results = gradescopeResults(run, opts.t);
      if (gradedSubmissions(run).length > 1) warn(opts, 'lms.gradescope.others', { count: gradedSubmissions(run).length - 1 });
      await writeOut(opts.outDir, opts.gradescopeFile || DEFAULT_GRADESCOPE_FILE, `${JSON.stringify(results, null, 2)}\n`);
    },
  };
}

function gradedSubmissions(run: RunSummary): SubmissionSummary[] {
  return (Array.isArray(run.submissions) ? run.submissions : []).filter((s) => s.result);
}

/** The results for the run's first graded submission, or a zero with the grader's errors when none was graded. */
export function gradescopeResults(run: RunSummary, t: T): GradescopeResults {
  const first = gradedSubmissions(run)[0];
  const errors = (Array.isArray(run.errors) ? run.errors : [])
    .filter((e) => !first || e.submissionId === undefined || e.submissionId === first.id)
    .map((e) => label(t, 'lms.gradescope.error', { message: String(e.message ?? '') }));
  const isolation = isolationLine(run, t);
  if (!first?.result) {
    return {
      score: 0,
      max_score: 100,
      output: [label(t, 'lms.gradescope.noSubmission'), ...errors, isolation].join('\n'),
      output_format: 'text',
      visibility: 'visible',
      tests: [],
    };
  }
  const result = first.result;
  // One decimal, as every other report shows the total.
  const score = Number.isFinite(result.score) ? Number(fmtScore(result.score)) : 0;
  const exercises = Array.isArray(result.exercises) ? result.exercises : [];
  return {
    score,
    max_score: 100,
    ...(Number.isFinite(result.durationMs) ? { execution_time: Math.round(result.durationMs / 1000) } : {}),
    output: [label(t, 'lms.gradescope.total', { score: fmtScore(score) }), ...errors, isolation].join('\n'),
    output_format: 'text',
    visibility: 'visible',
    tests: exercises.flatMap((x) => exerciseTests(x, t)),
  };
}

/** A test per check; an exercise with no checks (missing, or the grader failed) is one zero test. */
function exerciseTests(x: ExerciseResult, t: T): GradescopeTest[] {
  const checks = Array.isArray(x.checks) ? x.checks : [];
  if (checks.length === 0) {
    const key = x.status === 'error' ? 'lms.gradescope.errorTest' : 'lms.gradescope.missingTest';
    return [test(`${x.id} · ${label(t, `ui.exercise.status.${x.status === 'error' ? 'error' : 'missing'}`)}`, 0, points(x.maxPoints), false, label(t, key))];
  }
  return checks.map((c) => test(`${x.id} · ${c.id}`, c.status === 'pass' ? points(c.weight) : 0, points(c.weight), c.status === 'pass', checkOutput(x, c, t)));
}

/** The check's message, hint and cause, translated, one a line; a passed check says only that. */
function checkOutput(x: ExerciseResult, c: CheckResult, t: T): string {
  const hint = say(t, c.hint);
  const lines = [
    say(t, c.message) ?? label(t, `ui.check.status.${c.status}`),
    ...(c.status !== 'pass' && hint ? [label(t, 'lms.gradescope.hint', { hint })] : []),
    ...(c.status !== 'pass' ? [causeText(x, c, t)] : []),
  ];
  return lines.filter((l): l is string => !!l).join('\n');
}

function test(name: string, score: number, max: number, passed: boolean, output: string): GradescopeTest {
  return { name, score, max_score: max, status: passed ? 'passed' : 'failed', output, output_format: 'text', visibility: 'visible' };
}

function points(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}

/** What isolation the programs ran under, said plainly: Gradescope's students see this. */
function isolationLine(run: RunSummary, t: T): string {
  const iso = run.begin?.isolation;
  const tier = iso?.tier === 'full' || iso?.tier === 'partial' ? iso.tier : 'none';
  const mechanisms = (Array.isArray(iso?.mechanisms) ? iso!.mechanisms : []).filter((m) => m?.ok).map((m) => m.name);
  const missing = Array.isArray(iso?.missing) && iso!.missing.length > 0 ? iso!.missing.join(', ') : '—';
  if (tier === 'full') return label(t, 'lms.gradescope.isolationFull', { mechanisms: mechanisms.join(', ') || '—' });
  return label(t, tier === 'partial' ? 'lms.gradescope.isolationPartial' : 'lms.gradescope.isolationNone', { missing });
}
