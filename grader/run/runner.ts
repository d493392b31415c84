// The pipeline of one grading run: intake → plan → run (workers) → events → reporters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GradeConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { LOG_VERSION, type ExerciseResult, type GradeEvent, type Reporter } from '../events.js';
import { EXERCISES, exercisesById } from '../exercises.js';
import { findSubmissions, type Submission } from '../intake/submissions.js';
import { listPythonFiles } from '../intake/scan.js';
import { matchPrograms } from '../intake/match.js';
import { toolInfo } from '../paths.js';
import { detectIsolation, tierAdvice, type IsolationPlan } from '../sandbox/isolation.js';
import { OUTPUT_CAP } from '../sandbox/output.js';
import { LOCKS_DIR } from '../sandbox/locks.js';
import { resolvePython } from '../sandbox/python.js';
import { boxProcesses, newRunId, runIsAlive, sweepRuns } from '../sandbox/sweep.js';
import { pollUntil } from '../sandbox/wait.js';
import { createLiveLogReporter } from '../log/write.js';
import { ResultAssembler } from './assemble.js';
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
  const pythonProbe = resolvePython(config.python);
  const plan = await detectIsolation(config.isolation === 'auto' ? undefined : config.isolation);
  // Workers load while the interpreter is resolved (a pyenv shim alone takes ~0.5 s).
  const pool = new WorkerPool(plan, config.jobs);
  pool.warm(submissions.length);
  const python = await pythonProbe.catch((error: unknown) => {
    pool.stop();
    throw error;
  });
  const runId = newRunId();
  const runDir = prepareRunDir(runId, plan.cgroups);
  warnIsolation(plan);
  // The log hears each event first, so the record is ahead of whatever a reporter does with it.
  const hub = new EventEmitterHub([openLog(path.join(config.out, 'events.jsonl'), pool), ...makeReporters()]);
  const results = new ResultAssembler();
  let faults = 0;
  const scores: number[] = [];
  const emit = (event: GradeEvent) => {
    if (event.type === 'error') faults++;
    if (event.type === 'submission:end') scores.push(event.score);
    hub.emit(event);
  };
  emit({
    type: 'run:begin',
    logVersion: LOG_VERSION,
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
    lockDir: LOCKS_DIR,
    plan,
    python,
    limits: config.limits,
    limitsFromCli: config.limitsFromCli,
    outputCap: OUTPUT_CAP,
    timeoutScale: config.timeoutScale,
    mountTmpfs: plan.netns && !plan.userns,
  }));
  try {
    await pool.run(
      jobs,
      (job) => emit({ type: 'submission:begin', submissionId: job.submission.id, path: job.submission.path }),
      (_job, message) => emit(results.accept(message)),
      (job, ok, detail) => {
        if (ok || interrupted) return;
        emit({ type: 'error', submissionId: job.submission.id, message: detail });
        results.forget(job.submission.id);
        emit(erroredSubmission(job, exercises.map((e) => e.id)));
      },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanupRun(runId, plan.cgroups);
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

/** The live log; an out folder that cannot be written stops the warmed workers, or they would keep us alive. */
function openLog(file: string, pool: WorkerPool): Reporter {
  try {
    return createLiveLogReporter(file);
  } catch (error) {
    pool.stop();
    throw error;
  }
}

function erroredSubmission(job: WorkerJob, exerciseIds: string[]): GradeEvent {
  const exercises: ExerciseResult[] = exerciseIds.map((id) => ({ id, status: 'error', score: 0, points: 0, maxPoints: 0, checks: [], diagnostics: [], programs: [] }));
  return { type: 'submission:end', submissionId: job.submission.id, path: job.submission.path, score: 0, durationMs: 0, exercises };
}

/** The base folder of every run's scratch space. */
export const RUNS_BASE = path.join(os.tmpdir(), 'sockgrade-runs');

/** Makes this run's folder after removing what crashed runs left (processes, cgroups, folders). */
function prepareRunDir(runId: string, cgroups: string[]): string {
  fs.mkdirSync(RUNS_BASE, { recursive: true });
  sweepRuns(RUNS_BASE, cgroups, (id) => !runIsAlive(id));
  const dir = path.join(RUNS_BASE, runId);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// The run's own traces go too: normally nothing is left, but an escaped grandchild at the none
// tier, or a box still dying after an interrupt killed its worker, is caught here.
async function cleanupRun(runId: string, cgroups: string[]): Promise<void> {
  const isOver = (id: string) => id === runId || !runIsAlive(id);
  sweepRuns(RUNS_BASE, cgroups, isOver);
  // Dying boxes keep their cgroups busy for a moment: sweep again once they are gone.
  await pollUntil(() => (boxProcesses().some((p) => p.runId === runId) ? undefined : true), 2000);
  sweepRuns(RUNS_BASE, cgroups, isOver);
}

/** Below the full tier, says on stderr what is lost and how to get full isolation. */
function warnIsolation(plan: IsolationPlan): void {
  if (plan.info.tier === 'full') return;
  const lines = [`grade: warning: isolation tier is "${plan.info.tier}".`, ...plan.info.missing.map((m) => `  - ${m}`), tierAdvice(plan.info.tier)];
  process.stderr.write(`${lines.join('\n')}\n`);
}
