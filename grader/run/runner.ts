// The pipeline of one grading run: plan → prepare the machine → grade (workers) → events → reporters → clean up.
import fs from 'node:fs';
import path from 'node:path';
import type { GradeConfig } from '../config.js';
import type { GradeEvent, Reporter, SubmissionEndEvent } from '../events.js';
import { columnJobs, planPairs, type PairsPlan } from '../pairs/plan-pairs.js';
import { withPairsChecks } from '../pairs/pair-checks.js';
import { runPairColumns } from '../pairs/run-pairs.js';
import type { PairResult } from '../pairs/types.js';
import { createLiveLogReporter } from '../log/write.js';
import { planRun } from '../plan/plan-run.js';
import { assignPython2 } from '../plan/python2.js';
import type { RunPlan } from '../plan/types.js';
import { LOCKS_DIR } from '../sandbox/locks.js';
import { OUTPUT_CAP } from '../sandbox/output.js';
import { newRunId } from '../sandbox/sweep.js';
import { ResultAssembler } from './assemble.js';
import { EventEmitterHub } from './emitter.js';
import { cleanupRun, makeRunDir, prepareMachine, probeMachine, type Machine } from './machine.js';
import type { WorkerJob } from './protocol.js';
import { erroredSubmission, runBeginEvent, unreadableSubmission } from './run-events.js';

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
  const runId = newRunId();
  const runDir = makeRunDir(runId);
  let machine: Machine | undefined;
  try {
    // The probes run while the plan reads the submissions: both take a few hundred ms.
    const probes = probeMachine(config);
    const plan = await planRun(config, runDir);
    // A pairs file with a mistake stops the run before anything is graded.
    const pairs = config.pairs ? planPairs(plan, config.pairs) : undefined;
    machine = await prepareMachine(config, plan.submissions.length, probes);
    await planInterpreters(config, plan, machine);
    return await gradeAndReport(config, plan, machine, { runId, runDir, started, pairs }, makeReporters);
  } finally {
    machine?.pool.stop();
    await cleanupRun(runId, machine?.isolation.cgroups ?? []);
    // A run that failed before the machine was ready still leaves nothing behind.
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/** `python2: run`: Python 2 files go to Python 2 where one is installed; where none is, the run says so. */
async function planInterpreters(config: GradeConfig, plan: RunPlan, machine: Machine): Promise<void> {
  if (config.settings?.python2 !== 'run') return;
  await assignPython2(plan, machine.python, machine.python2);
  if (!machine.python2) process.stderr.write('grade: warning: python2: run, but no Python 2 interpreter (python2, python2.7) is installed; Python 2 files are graded with Python 3.\n');
}

interface RunIds {
  runId: string;
  runDir: string;
  started: number;
  pairs?: PairsPlan;
}

async function gradeAndReport(config: GradeConfig, plan: RunPlan, machine: Machine, ids: RunIds, makeReporters: () => Reporter[]): Promise<RunOutcome> {
  // The log hears each event first, so the record is ahead of whatever a reporter does with it.
  const hub = new EventEmitterHub([openLog(path.join(config.out, 'events.jsonl'), machine), ...makeReporters()]);
  let faults = 0;
  const scores: number[] = [];
  const results = new Map<string, SubmissionEndEvent>();
  const pairs: PairResult[] = [];
  // With a pairs weight a submission's score waits for its pairs: its end is held until then.
  const held: SubmissionEndEvent[] = [];
  const holding = ids.pairs !== undefined && config.pairs?.weight !== undefined;
  const emit = (event: GradeEvent) => {
    if (event.type === 'error') faults++;
    if (event.type === 'pair:end') pairs.push(event.pair);
    if (event.type === 'submission:end') {
      results.set(event.submissionId, event);
      if (holding) return void held.push(event);
      scores.push(event.score);
    }
    hub.emit(event);
  };
  emit(runBeginEvent(config, plan, machine, ids.runId, ids.started));
  let interrupted = await gradeAll(config, plan, machine, ids, emit);
  if (ids.pairs && !interrupted) interrupted = await gradePairs(config, machine, ids, results, emit);
  for (const end of held) {
    const scored = interrupted ? { end, added: [] } : withPairsChecks(end, pairs, config.pairs!.weight!);
    for (const { exerciseId, check } of scored.added) hub.emit({ type: 'check:end', submissionId: end.submissionId, exerciseId, check });
    scores.push(scored.end.score);
    hub.emit(scored.end);
  }
  emit({ type: 'run:end', durationMs: Date.now() - ids.started, interrupted });
  await hub.close();
  return { interrupted, graderFaults: faults, reporterFailures: hub.reporterFailures.length, scores };
}

/** Sends every gradable submission to the workers; reports the unreadable ones from the plan. */
async function gradeAll(config: GradeConfig, plan: RunPlan, machine: Machine, ids: RunIds, emit: (event: GradeEvent) => void): Promise<boolean> {
  const results = new ResultAssembler();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    machine.pool.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  for (const s of plan.submissions.filter((s) => s.error)) {
    emit({ type: 'submission:begin', submissionId: s.id, path: s.path, student: s.student });
    emit(unreadableSubmission(s, plan.exercises));
  }
  const box = { isolation: machine.isolation, python: machine.python, python2: machine.python2, outputCap: OUTPUT_CAP, timeoutScale: config.timeoutScale };
  const jobs: WorkerJob[] = plan.submissions
    .filter((s) => !s.error)
    .map((submission, i) => ({
      runId: ids.runId,
      submission,
      box,
      jobDir: path.join(ids.runDir, String(i)),
      lockDir: LOCKS_DIR,
      limits: config.limits,
      mountTmpfs: machine.isolation.netns && !machine.isolation.userns,
    }));
  try {
    await machine.pool.run(
      jobs,
      (job) => emit({ type: 'submission:begin', submissionId: job.submission.id, path: job.submission.path, student: job.submission.student }),
      (_job, message) => emit(results.accept(message)),
      (job, ok, detail) => {
        if (ok || interrupted) return;
        emit({ type: 'error', submissionId: job.submission.id, message: detail });
        results.forget(job.submission.id);
        emit(erroredSubmission(job.submission));
      },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return interrupted;
}

/** The interop matrix, once every submission's own checks are known (the reference row and column come from them). */
async function gradePairs(config: GradeConfig, machine: Machine, ids: RunIds, results: Map<string, SubmissionEndEvent>, emit: (event: GradeEvent) => void): Promise<boolean> {
  for (const note of ids.pairs!.notes) process.stderr.write(`grade: pairs: ${note}\n`);
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    machine.pool.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const box = { isolation: machine.isolation, python: machine.python, python2: machine.python2, outputCap: OUTPUT_CAP, timeoutScale: config.timeoutScale };
  const jobs = columnJobs(ids.pairs!, { runId: ids.runId, box, runDir: ids.runDir, lockDir: LOCKS_DIR, mountTmpfs: machine.isolation.netns && !machine.isolation.userns });
  try {
    await runPairColumns(machine.pool, jobs, results, emit);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return interrupted;
}

/** The live log; an out folder that cannot be written stops the warmed workers, or they would keep us alive. */
function openLog(file: string, machine: Machine): Reporter {
  try {
    return createLiveLogReporter(file);
  } catch (error) {
    machine.pool.stop();
    throw error;
  }
}
