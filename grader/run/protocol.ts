// Messages between the grading process and its per-submission workers (over Node's IPC channel).
import type { CheckEndEvent, ErrorEvent, ExerciseResult, SubmissionEndEvent } from '../events.js';
import type { IsolationPlan } from '../sandbox/isolation.js';
import type { Limits } from '../sandbox/limits.js';
import type { PythonInfo } from '../sandbox/python.js';

/** What a worker needs to grade one submission. */
export interface WorkerJob {
  runId: string;
  submission: { id: string; path: string };
  exerciseIds: string[];
  /** Folder owned by this job; nothing is written outside it. */
  jobDir: string;
  lockDir: string;
  plan: IsolationPlan;
  python: PythonInfo;
  limits: Limits;
  /** Limits typed on the command line, which win over an exercise's own. */
  limitsFromCli: Partial<Limits>;
  outputCap: number;
  timeoutScale: number;
  /** Mount a size-limited tmpfs over the work folder (the worker has its own mount namespace). */
  mountTmpfs: boolean;
}

/**
 * submission:end as a worker sends it: every check already crossed the pipe in its check:end,
 * so the exercises carry none; the runner puts them back (see assemble.ts) before emitting it.
 */
export interface WorkerSubmissionEnd extends Omit<SubmissionEndEvent, 'exercises'> {
  exercises: (Omit<ExerciseResult, 'checks'> & { checks: [] })[];
}

/** Events a worker sends back; the runner turns them into the run's events. */
export type WorkerEvent = CheckEndEvent | WorkerSubmissionEnd | ErrorEvent;

/** Sent after a job's events: whether the namespace is clean enough to grade the next one. */
export interface JobDone {
  type: 'job:done';
  clean: boolean;
  detail: string;
}

/** Everything a worker may send. */
export type WorkerMessage = WorkerEvent | JobDone;
