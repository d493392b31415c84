// The interop matrix (grade --pairs): one student's client against one classmate's server.
import type { Msg, TranscriptEntry } from '../events.js';

/** The id that stands for the grader's own reference program, as a row or a column. */
export const REFERENCE_ID = '@reference';

/** How a pair went: worked, failed, worked only through the grader's port relay, or was not run. */
export type PairVerdict = 'pass' | 'fail' | 'relay' | 'not-run';

/** One pair, as the worker graded it. */
export interface PairResult {
  exercise: string;
  /** Submission id of the client, or REFERENCE_ID. */
  client: string;
  /** Submission id of the server, or REFERENCE_ID. */
  server: string;
  verdict: PairVerdict;
  /** A diagnostic code from the same vocabulary as the checks' causes (`no-newline`, `port-mismatch`…). */
  cause?: string;
  /** The plain sentence built from the transcript ("the client sent `Ola Mundo!` without a newline…"). */
  message?: Msg;
  /** The client dialled a port literal of its own and reached the server through the relay. */
  relay?: { clientPort: number; serverPort: number };
  /** Both programs pass against the reference, yet together they fail. */
  disagreement?: boolean;
  durationMs: number;
  /** Lanes: `client` (the student client), `server` (the student server), `R` (the reference), `grader`. */
  transcript: TranscriptEntry[];
}

/** The pair event: one per pair, in the same stream as the checks. */
export interface PairEndEvent {
  type: 'pair:end';
  pair: PairResult;
}

/** One pair to run: which exercise, which client, which server. */
export interface PlannedPair {
  exercise: string;
  client: string;
  server: string;
}
