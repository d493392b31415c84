// The worker executes the plan it receives: it grades the files the job names, never its own choice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli.js';
// The built modules: the pool starts dist/grader/run/worker.js beside itself.
import { makePlan } from '../../dist/grader/plan/make-plan.js';
import { WorkerPool } from '../../dist/grader/run/pool.js';
import { OUTPUT_CAP } from '../../dist/grader/sandbox/output.js';
import { DEFAULT_LIMITS } from '../../dist/grader/sandbox/limits.js';
import { detectIsolation } from '../../dist/grader/sandbox/isolation.js';
import { resolvePython } from '../../dist/grader/sandbox/python.js';
import { LOCKS_DIR } from '../../dist/grader/sandbox/locks.js';
import { newRunId } from '../../dist/grader/sandbox/sweep.js';
import type { WorkerEvent, WorkerJob } from '../../grader/run/protocol.js';

const solution = path.join(ROOT, 'exercises/tcp-hello/solution');

describe('a worker given a plan', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-plan-'));
  const submission = path.join(dir, 'ana');
  let events: WorkerEvent[] = [];
  let planned: ReturnType<typeof makePlan>['submissions'][number];

  beforeAll(async () => {
    fs.mkdirSync(submission);
    // The accepted names hold broken decoys; the real programs sit under names no matcher takes.
    fs.copyFileSync(path.join(solution, 'servidor.py'), path.join(submission, 'parte_a.py'));
    fs.copyFileSync(path.join(solution, 'cliente.py'), path.join(submission, 'parte_b.py'));
    fs.writeFileSync(path.join(submission, 'servidor.py'), 'this is not python\n');
    fs.writeFileSync(path.join(submission, 'cliente.py'), 'this is not python\n');
    const student = { id: 'ana', name: 'Ana', layout: 'folders' as const };
    const plan = makePlan({ layout: 'folders', submissions: [{ student, dir: submission, notes: [] }], notes: [], exerciseIds: ['tcp-hello'], limits: DEFAULT_LIMITS, limitsFromCli: {} });
    planned = plan.submissions[0];
    // The plan chose the decoys by name; point it at the real programs, as a teacher's pin would.
    const x = planned.exercises[0];
    for (const p of x.programs) p.relPath = p.role === 'server' ? 'parte_a.py' : 'parte_b.py';
    const isolation = await detectIsolation();
    const python = await resolvePython('python3');
    const runDir = path.join(dir, 'run');
    const job: WorkerJob = {
      runId: newRunId(),
      submission: planned,
      box: { isolation, python, outputCap: OUTPUT_CAP, timeoutScale: 1 },
      jobDir: path.join(runDir, '0'),
      lockDir: LOCKS_DIR,
      limits: DEFAULT_LIMITS,
      mountTmpfs: isolation.netns && !isolation.userns,
    };
    const pool = new WorkerPool(isolation, 1);
    await pool.run([job], () => {}, (_job, message) => events.push(message), () => {});
    pool.stop();
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is told the files and ports, and no folder listing to redo', () => {
    const x = planned.exercises[0];
    expect(x.status).toBe('graded');
    expect(x.programs.map((p) => [p.role, p.relPath])).toEqual([
      ['server', 'parte_a.py'],
      ['client', 'parte_b.py'],
    ]);
    expect(planned.localModules.sort()).toEqual(['cliente', 'parte_a', 'parte_b', 'servidor']);
  });

  it('grades exactly the files of the job: every check of the real programs passes', () => {
    const checks = events.flatMap((e) => (e.type === 'check:end' ? [e.check] : []));
    expect(checks.length).toBeGreaterThan(3);
    expect(checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
    const end = events.find((e) => e.type === 'submission:end');
    expect(end && end.type === 'submission:end' ? end.score : -1).toBe(100);
    expect(end && end.type === 'submission:end' ? end.student?.name : undefined).toBe('Ana');
  });

  it('has no code path that lists or matches files', () => {
    const worker = ['grade-submission.ts', 'worker.ts', 'exercise.ts', 'session.ts'].map((f) => fs.readFileSync(path.join(ROOT, 'grader/run', f), 'utf8'));
    for (const text of worker) expect(text).not.toMatch(/intake\/(match|choose|submissions)\.js|listPythonFiles|matchPrograms/);
  });
});
