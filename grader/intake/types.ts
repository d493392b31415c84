// What intake produces: who each submission belongs to, where its files are, and which file is which program.
import type { Msg } from '../events.js';

export type { Layout, StudentIdentity } from '../events.js';
export { LAYOUTS } from '../events.js';
import type { StudentIdentity } from '../events.js';

/** One student's submission as intake found it. */
export interface IntakeSubmission {
  student: StudentIdentity;
  /** The folder holding the student's files (inside the run's folder when they came from a zip). */
  dir: string;
  /** What the report shows as its place when `dir` is a scratch copy: the archive or class folder. */
  shownPath?: string;
  /** One sentence when the submission cannot be graded (a corrupt or encrypted archive, a bomb). */
  error?: Msg;
  /** Facts the teacher should know: ignored online text, an inner zip unpacked, a file skipped. */
  notes: Msg[];
}

/** One program of an exercise (server or client) and the file names that count as it, in priority order. */
export interface ProgramFiles {
  role: string;
  files: string[];
}

/** A program's file as found in a submission. */
export interface MatchedFile {
  role: string;
  /** Path relative to the submission root, with forward slashes. */
  relPath: string;
  depth: number;
  /** Other candidates that lost, relative paths; the report notes the choice. */
  alternatives: string[];
  /** Why this file: `intake.why.exact-name`, `intake.why.near-name` or `intake.why.content` (with its evidence). */
  why?: Msg;
  /** Chosen by what the file does, not its name: the report says so, never silently. */
  byContent?: boolean;
}
