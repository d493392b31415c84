// The pipeline of one grading run: intake → plan → run (workers) → events → reporters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GradeConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { ExerciseResult, GradeEvent, Reporter } from '../events.js';
import { EXERCISES, exercisesById } from '../exercises.js';
import { findSubmissions, type Submission } from '../intake/submissions.js';
import { listPythonFiles } from '../intake/scan.js';
import { matchPrograms } from '../intake/match.js';
import { toolInfo } from '../paths.js';
import { sweepStaleCgroups } from '../sandbox/cgroup.js';
import { detectIsolation } from '../sandbox/isolation.js';
import { OUTPUT_CAP } from '../sandbox/output.js';
import { resolvePython } from '../sandbox/python.js';
import { EventEmitterHub } from './emitter.js';
import { WorkerPool } from './pool.js';
import type { WorkerJob } from './protocol.js';
import { shardOf } from './shard.js';

/** How the run ended, for the exit code. */
export interface RunOutcome {
  interrupted: boolean;
  graderFaults: number;
  reporterFailures: number;
  scores: number[];
}

/** Grades the configured target and feeds every event to the reporters. */
export async function runGrade(config: GradeConfig, makeReporters: () => Reporter[]): Promise<RunOutcome> {
  const started = Date.now();
  const allPrograms = EXERCISES.flatMap((e) => e.programs);
  let submissions = findSubmissions(config.target, allPrograms);
  const exercises = config.exercises ? exercisesById(config.exercises) : exercisesPresent(submissions);
  if (config.shard) submissions = shardOf(submissions, config.shard.index, config.shard.total);
  const [python, plan] = await Promise.all([resolvePython(config.python), detectIsolation(config.isolation === 'auto' ? undefined : config.isolation)]);
  const runId = `r${process.pid}-${Date.now().toString(36)}`;
  const runDir = prepareRunDir(runId, plan.cgroupRoot);
  const hub = new EventEmitterHub(makeReporters(), path.join(config.out, 'events.jsonl'));
  let faults = 0;
  const scores: number[] = [];
  const emit = (event: GradeEvent) => {
    if (event.type === 'error') faults++;
    if (event.type === 'submission:end') scores.push(event.score);
    hub.emit(event);
  };
  emit({
    type: 'run:begin',
    runId,
    startedAt: new Date(started).toISOString(),
    tool: toolInfo(),
    settings: {
      exercises: exercises.map((e) => e.id),
      jobs: config.jobs,
      timeoutScale: config.timeoutScale,
      python: python.path,
      pythonVersion: python.version,
      lang: config.lang,
      shard: config.shard ? `${config.shard.index}/${config.shard.total}` : undefined,
    },
    isolation: plan.info,
    submissions: submissions.map((s) => ({ id: s.id, path: s.path })),
  });
  const pool = new WorkerPool(plan, config.jobs);
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    pool.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const jobs: WorkerJob[] = submissions.map((s, i) => ({
    runId,
    submission: { id: s.id, path: s.path },
    exerciseIds: exercises.map((e) => e.id),
    jobDir: path.join(runDir, String(i)),
    lockDir: path.join(runDir, 'locks'),
    plan,
    python,
    limits: config.limits,
    outputCap: OUTPUT_CAP,
    timeoutScale: config.timeoutScale,
    mountTmpfs: plan.netns && !plan.userns,
  }));
  try {
    await pool.run(
      jobs,
      (job) => emit({ type: 'submission:begin', submissionId: job.submission.id, path: job.submission.path }),
      (_job, message) => emit(message),
      (job, ok, detail) => {
        if (ok || interrupted) return;
        emit({ type: 'error', submissionId: job.submission.id, message: detail });
        emit(erroredSubmission(job, exercises.map((e) => e.id)));
      },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanupRun(runId, runDir, plan.cgroupRoot);
  }
  emit({ type: 'run:end', durationMs: Date.now() - started, interrupted });
  await hub.close();
  return { interrupted, graderFaults: faults, reporterFailures: hub.reporterFailures.length, scores };
}

/** Exercises whose files appear in at least one submission; none at all is a usage error. */
function exercisesPresent(submissions: Submission[]) {
  const present = EXERCISES.filter((def) => submissions.some((s) => matchPrograms(listPythonFiles(s.path), def.programs).size > 0));
  if (present.length === 0) {
    const names = EXERCISES.flatMap((e) => e.programs.flatMap((p) => p.files)).join(', ');
    throw new UsageError(`No exercise files were found in the submissions (looked for ${names}).`, 'no-exercise-files');
  }
  return present;
}

function erroredSubmission(job: WorkerJob, exerciseIds: string[]): GradeEvent {
  const exercises: ExerciseResult[] = exerciseIds.map((id) => ({ id, status: 'error', score: 0, points: 0, maxPoints: 0, checks: [], diagnostics: [], programs: [] }));
  return { type: 'submission:end', submissionId: job.submission.id, path: job.submission.path, score: 0, durationMs: 0, exercises };
}

/** The base folder of every run's scratch space. */
export const RUNS_BASE = path.join(os.tmpdir(), 'sockgrade-runs');

/** Makes this run's folder and removes what crashed runs left (folders and cgroups). */
function prepareRunDir(runId: string, cgroupRoot: string | undefined): string {
  fs.mkdirSync(RUNS_BASE, { recursive: true });
  for (const name of fs.readdirSync(RUNS_BASE)) {
    if (!runIsAlive(name)) fs.rmSync(path.join(RUNS_BASE, name), { recursive: true, force: true });
  }
  if (cgroupRoot) sweepStaleCgroups(cgroupRoot, runIsAlive);
  const dir = path.join(RUNS_BASE, runId);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A run is alive while the grader process whose pid is in its id still runs. */
export function runIsAlive(runId: string): boolean {
  const pid = Number(/^r(\d+)-/.exec(runId)?.[1]);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function cleanupRun(runId: string, runDir: string, cgroupRoot: string | undefined): void {
  if (cgroupRoot) sweepStaleCgroups(cgroupRoot, (id) => id !== runId && runIsAlive(id));
  fs.rmSync(runDir, { recursive: true, force: true });
}
