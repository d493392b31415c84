// Messages between the grading process and its per-submission workers (over Node's IPC channel).
import type { CheckEndEvent, ErrorEvent, ExerciseResult, PairEndEvent, SubmissionEndEvent } from '../events.js';
import type { PairColumnJob } from '../pairs/job.js';
import type { Limits } from '../sandbox/limits.js';
import type { BoxSettings, PlannedSubmission } from '../plan/types.js';

/** What a worker needs to grade one submission: its part of the plan, executed as it is. */
export interface WorkerJob {
  kind?: 'submission';
  runId: string;
  submission: PlannedSubmission;
  box: BoxSettings;
  /** Folder owned by this job; nothing is written outside it. */
  jobDir: string;
  lockDir: string;
  /** Default limits (the work folder's tmpfs size); each exercise carries its own. */
  limits: Limits;
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
export type WorkerEvent = CheckEndEvent | WorkerSubmissionEnd | ErrorEvent | PairEndEvent;

/** Any job a lane runs: one submission's checks, or one column of the pairs matrix. */
export type AnyJob = WorkerJob | PairColumnJob;

/** Sent after a job's events: whether the namespace is clean enough to grade the next one. */
export interface JobDone {
  type: 'job:done';
  clean: boolean;
  detail: string;
}

/** Everything a worker may send. */
export type WorkerMessage = WorkerEvent | JobDone;
