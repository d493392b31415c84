// What a worker needs to run one column of the matrix: one student's server and the clients against it.
import type { ExerciseOptions } from '../check/api.js';
import type { BoxSettings, PlannedProgram } from '../plan/types.js';
import type { Limits } from '../sandbox/limits.js';

/** One side of a pair: a student's program of one exercise, as the plan chose it. */
export interface PairSide {
  /** Submission id. */
  id: string;
  /** The folder holding the student's files (copied before running). */
  dir: string;
  program: PlannedProgram;
  localModules: string[];
  options?: ExerciseOptions;
  limits: Limits;
}

/** A column: the server is started once, the clients run against it one after another. */
export interface PairColumnJob {
  kind: 'pairs';
  runId: string;
  exercise: string;
  server: PairSide;
  clients: PairSide[];
  box: BoxSettings;
  /** Folder owned by this job; nothing is written outside it. */
  jobDir: string;
  lockDir: string;
  mountTmpfs: boolean;
}
