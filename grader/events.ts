// The grading event stream: the only thing reporters know about a run.
// Every event is plain JSON so that a log can be written, replayed and merged.

/**
 * The format of events.jsonl that this sockgrade writes (in run:begin). Bumped when an event
 * changes shape; grader/log/decode.ts upgrades older logs and refuses newer ones.
 */
export const LOG_VERSION = 2;

import type { PairEndEvent, PairResult } from './pairs/types.js';

export type { PairEndEvent, PairResult, PairVerdict } from './pairs/types.js';
// The one value reporters need from the pairs: how the reference program is named in a row or a column.
export { REFERENCE_ID } from './pairs/types.js';

/** A localisable message: a key in the locale files plus its parameters. */
export interface Msg {
  key: string;
  params?: Record<string, string | number>;
}

/** Verdict of one check; `skip` counts as failed in the score. */
export type CheckStatus = 'pass' | 'fail' | 'skip' | 'error';

/** One line of the conversation between reference peers and the student's program. */
export interface TranscriptEntry {
  /** Milliseconds since the check started. */
  t: number;
  /** A lane: `student`, a reference peer name such as `A`, or `grader`. */
  from: string;
  to: string;
  /** What crossed the wire (or what the program printed), trimmed to a cap. */
  text: string;
  /** `send`, `recv`, `stdout`, `stdin`, `connect`, `close`, `reset`, `expect`, `exit`. */
  kind: string;
  note?: Msg;
  /** Marks the expectation that was due here and never met. */
  missed?: boolean;
}

/** One short fact behind a diagnosis or a failed check: a stuck line, a quoted reply, a file. */
export interface EvidenceItem {
  /**
   * What kind of fact: `thread` (where a thread sat), `holder` (the line holding a lock),
   * `reply` (what the server answered), `received` (what a peer received), `exit`, `queue`
   * (connections waiting to be accepted), `file` (a file the program wrote), `bytes` (non-text
   * bytes), `import` (the import line), `traceback`.
   */
  kind: string;
  /** The fact as plain text: student bytes already quoted; reporters escape it. */
  text: string;
  /** Submission-relative file and line the fact points at, when it points at one. */
  file?: string;
  line?: number;
}

/** The result of one check, as reporters see it. */
export interface CheckResult {
  id: string;
  program: string;
  status: CheckStatus;
  weight: number;
  durationMs: number;
  message?: Msg;
  hint?: Msg;
  /** Notes that do not change the verdict (for example "decode the bytes"). */
  notes: Msg[];
  transcript: TranscriptEntry[];
  /** Code of the diagnostic that explains this failure (or, for a skip, the failure it depended on). */
  cause?: string;
  /** What the grader saw when the check failed: stuck threads, replies, an exit. */
  evidence?: EvidenceItem[];
  /** A share of the weight earned, 0–1 (the pairs checks: the fraction of classmates it worked with). */
  fraction?: number;
}

/** A non-scored finding about a program (a Python 2 construct, a traceback, a limit). */
export interface Diagnostic {
  code: string;
  program: string;
  file?: string;
  line?: number;
  message: Msg;
  hint: Msg;
  /** Ids of the checks this diagnostic explains (their `cause`); empty or absent for a side finding. */
  checks?: string[];
  /** Short structured facts the message is drawn from. */
  evidence?: EvidenceItem[];
}

/** How the class arrived: an LMS download, a GitHub Classroom folder, plain folders, or one submission. */
export type Layout = 'moodle' | 'canvas' | 'classroom' | 'folders' | 'single';

/** Every layout, in the order they are tried when none is forced. */
export const LAYOUTS: readonly Layout[] = ['moodle', 'canvas', 'classroom', 'folders', 'single'];

/** Who a submission belongs to, as the teacher and their LMS know them. */
export interface StudentIdentity {
  /** Unique within the run and safe as a file name (report pages, shards, logs). */
  id: string;
  /** What the report shows: the LMS's full name, the login, or the folder name. */
  name: string;
  /** The LMS's own key: Moodle's participant id, Canvas's user id, the GitHub login. */
  lmsId?: string;
  layout: Layout;
  /** Canvas marks a late submission in its file names. */
  late?: boolean;
}

/** What happened to one student program across its checks. */
export interface ProgramReport {
  role: string;
  /** Path relative to the submission, or undefined when missing. */
  file?: string;
  /** Why this file was chosen among several candidates. */
  choice?: Msg;
  /** Why this file is this program: its exact name, a near name, or what its code does. */
  why?: Msg;
  launches: number;
  stdoutTail: string;
  stderrTail: string;
  /** Source of the student's file, capped, for line-numbered display. */
  source?: string;
}

/** An exercise's outcome inside one submission. */
export interface ExerciseResult {
  id: string;
  status: 'graded' | 'missing' | 'error';
  /** 0–100: passed weight over total weight. */
  score: number;
  points: number;
  maxPoints: number;
  checks: CheckResult[];
  diagnostics: Diagnostic[];
  programs: ProgramReport[];
}

/** Facts about the isolation mechanisms, detected once per run. */
export interface IsolationInfo {
  tier: 'full' | 'partial' | 'none';
  mechanisms: { name: string; ok: boolean; detail: string }[];
  missing: string[];
}

export interface RunBeginEvent {
  type: 'run:begin';
  /** The log format (LOG_VERSION); a log without it is version 1. */
  logVersion: number;
  runId: string;
  startedAt: string;
  tool: { name: string; version: string };
  settings: {
    exercises: string[];
    jobs: number;
    timeoutScale: number;
    python: string;
    pythonVersion: string;
    /** The Python 2 interpreter of `python2: run`, when one was found. */
    python2?: string;
    python2Version?: string;
    lang: string;
    shard?: string;
    /** How the class arrived (intake's layout). */
    layout?: Layout;
    /** The scale of the totals the class file asks for (scores stay 0–100 everywhere else). */
    scale?: { max: number; decimals: number };
    /** The class file graded with (sockgrade.yaml), and its sha256. */
    classFile?: { file: string; sha256: string };
    /** The effective settings: defaults, then the class file, then the command line. */
    effective?: Record<string, unknown>;
    /** The same, resolved for showing by the grader (reporters read only the log). */
    shown?: SettingsShown;
  };
  isolation: IsolationInfo;
  /** Submissions planned in this run, in grading order. */
  submissions: PlannedSubmissionSummary[];
}

/** The effective settings as a report shows them: what each graded exercise's programs get. */
export interface SettingsShown {
  scale: { max: number; decimals: number };
  lang: string;
  python: string;
  python2: string;
  exercises: {
    id: string;
    /** Each program's accepted file names and the argv template it is started with. */
    programs: { role: string; files: string[]; args: string[] }[];
    /** A fixed port, and the *-port-arg checks it drops. */
    port?: number;
    dropped?: string[];
    greeting?: string;
    /** The chat protocol in one line, as the class file writes it. */
    protocol?: string;
    /** Weights that differ from the exercise's own. */
    weights?: Record<string, number>;
  }[];
}

/** The plan's summary of one submission, as run:begin records it. */
export interface PlannedSubmissionSummary {
  id: string;
  path: string;
  student?: StudentIdentity;
  /** The file chosen for each program: exercise id → role → path in the submission. */
  files?: Record<string, Record<string, string>>;
  /** Why it cannot be graded (a corrupt or encrypted archive). */
  problem?: Msg;
}

export interface SubmissionBeginEvent {
  type: 'submission:begin';
  submissionId: string;
  path: string;
  student?: StudentIdentity;
}

export interface CheckEndEvent {
  type: 'check:end';
  submissionId: string;
  exerciseId: string;
  check: CheckResult;
}

export interface SubmissionEndEvent {
  type: 'submission:end';
  submissionId: string;
  path: string;
  /** Who it belongs to (absent in logs written before intake knew). */
  student?: StudentIdentity;
  /** Why it could not be graded at all (its archive was corrupt or encrypted); the score is 0. */
  problem?: Msg;
  /** What intake and the file choice want the teacher to know (a program chosen by content…). */
  notes?: Msg[];
  /** Mean over the exercises graded, 0–100. */
  score: number;
  durationMs: number;
  exercises: ExerciseResult[];
}

export interface RunEndEvent {
  type: 'run:end';
  durationMs: number;
  interrupted: boolean;
}

/** A fault of the grader itself, never of a student. */
export interface ErrorEvent {
  type: 'error';
  submissionId?: string;
  message: string;
  stack?: string;
}

export type GradeEvent =
  | RunBeginEvent
  | SubmissionBeginEvent
  | CheckEndEvent
  | SubmissionEndEvent
  | PairEndEvent
  | RunEndEvent
  | ErrorEvent;

/** One submission of the run; `result` is absent when it never finished. */
export interface SubmissionSummary {
  id: string;
  path: string;
  /** Who it belongs to, from run:begin or the submission's own events. */
  student?: StudentIdentity;
  result?: SubmissionEndEvent;
}

/**
 * The run as folded so far from the stream (grader/log/summary.ts), in a deterministic order.
 * One object is shared by every reporter: read it, never change it.
 */
export interface RunSummary {
  /** The run's plan; several run:begin (shards) are merged the way `grade merge` merges logs. */
  begin?: RunBeginEvent;
  /** Planned order first (run:begin lists), then unplanned ones in arrival order. */
  submissions: SubmissionSummary[];
  /** Planned exercises first, then any others seen in results. */
  exercises: string[];
  errors: ErrorEvent[];
  /** The interop matrix (grade --pairs): every pair graded, the last result of each kept. */
  pairs: PairResult[];
  end?: RunEndEvent;
}

/**
 * A consumer of the event stream: a hook per event type, each told the event and the run
 * summary with that event already folded in; `end` lets it write its files.
 */
export interface Reporter {
  name: string;
  onRunBegin?(event: RunBeginEvent, run: RunSummary): void | Promise<void>;
  onSubmissionBegin?(event: SubmissionBeginEvent, run: RunSummary): void | Promise<void>;
  onCheckEnd?(event: CheckEndEvent, run: RunSummary): void | Promise<void>;
  onSubmissionEnd?(event: SubmissionEndEvent, run: RunSummary): void | Promise<void>;
  onPairEnd?(event: PairEndEvent, run: RunSummary): void | Promise<void>;
  onRunEnd?(event: RunEndEvent, run: RunSummary): void | Promise<void>;
  onError?(event: ErrorEvent, run: RunSummary): void | Promise<void>;
  end?(run: RunSummary): void | Promise<void>;
}

/** What a reporter is told about where and how to write. */
export interface ReporterOptions {
  outDir: string;
  lang: string;
  quiet: boolean;
  /** Localises a message for this run's language. */
  t: (msg: Msg) => string;
  stream: NodeJS.WritableStream;
  isTTY: boolean;
  color: boolean;
  csvFormat?: string;
  /** Path of the teacher's grading worksheet downloaded from a Moodle assignment: `moodle` fills it in. */
  moodleWorksheet?: string;
  /** The Canvas gradebook column to fill, `<title> (<id>)` as Canvas's export names it; default `sockgrade`. */
  canvasAssignment?: string;
  /** File name under outDir for the Gradescope results (default `gradescope.json`; Gradescope mode passes `results.json`). */
  gradescopeFile?: string;
  /** The clock, for deterministic dates in tests; defaults to the system clock. */
  now?: () => Date;
}
