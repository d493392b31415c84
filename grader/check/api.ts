// The API an exercise is written against: programs, checks, and the check context.
// Exercises import only this file; they never see execa, ports or raw sockets.
import type { Msg } from '../events.js';
export { CheckFailure, lastLine, msg, quote } from './failure.js';
export type { Msg } from '../events.js';

/** One program of an exercise and how it is launched. */
export interface ProgramDef {
  role: 'server' | 'client';
  /** File names that count as this program, in priority order (matched case-insensitively). */
  files: string[];
  protocol: 'tcp' | 'udp';
  /** `closed`: empty stdin closed at once; `pipe`: kept open for the check to write. */
  stdin: 'closed' | 'pipe';
  /** `shared`: one server across checks, restarted only if it died; `per-check`: fresh each check. */
  instance: 'shared' | 'per-check';
  /**
   * The exercise's own argv template (`{host}`, `{port}` and literal words), when it is not the
   * role's usual one (server `{port}`, client `{host} {port}`); a scenario's `args` travel here.
   */
  args?: string[];
}

/** One scored check. */
export interface CheckDef {
  id: string;
  program: 'server' | 'client';
  weight: number;
  /** The check's own deadline before timeout scaling. */
  timeoutMs: number;
  /** Checks that must have passed; otherwise this one is skipped. */
  needs?: string[];
  /** Hint shown when it fails; defaults to `<exercise>.<check>.hint`. */
  hint?: string;
  /** Facts that, when the evidence shows them, contradict the fixed hint, so it is not shown. */
  hintContradictedBy?: HintFact[];
  run(ctx: CheckContext): Promise<void>;
}

/**
 * What the evidence of a failure may show: `receiver-thread` (a thread of the client sits in
 * recv), `socket-found` (the server was found listening with the right protocol), `silent-after-stdin`
 * (nothing reached the reference server after the line typed into the program).
 */
export type HintFact = 'receiver-thread' | 'socket-found' | 'silent-after-stdin';

/** Limits an exercise may set for its programs (the command line still wins). */
export interface ExerciseLimits {
  cpuSeconds?: number;
  memoryMiB?: number;
  fileMiB?: number;
  openFiles?: number;
  processes?: number;
}

/** An exercise: data plus small check functions. */
export interface ExerciseDef {
  id: string;
  programs: ProgramDef[];
  checks: CheckDef[];
  /** Overrides of the default limits (10 s CPU, 512 MiB, 10 MiB files, 256 fds, 64 processes). */
  limits?: ExerciseLimits;
}

/** Text a student program printed, with waiting. */
export interface OutputView {
  readonly text: string;
  /** Resolves true once the text satisfies `test`. */
  waitFor(test: (text: string) => boolean, timeoutMs: number): Promise<boolean>;
  /** Resolves true once the program has printed nothing for `quietMs`; false if that never happens within `timeoutMs`. */
  waitQuiet(quietMs: number, timeoutMs: number): Promise<boolean>;
}

/** A running student program as a check sees it. */
export interface StudentProgram {
  /** The port it was told to use in argv and env. */
  readonly givenPort: number;
  readonly stdout: OutputView;
  readonly running: boolean;
  readonly exitCode: number | null | undefined;
  /**
   * Resolves true if it exits within the time. With `until`, stops waiting (false) as soon as
   * what it printed satisfies it: a flood that already decides the verdict need not be watched longer.
   */
  waitExit(timeoutMs: number, until?: (printed: string) => boolean): Promise<boolean>;
  /** Writes to its stdin (when the program's stdin is a pipe). */
  write(text: string): void;
  /** Watches the tree for a window: CPU share of one core, and how often a thread was runnable. */
  activity(windowMs: number): Promise<{ cpuShare: number; runnableShare: number }>;
  /** The tail of what it wrote to stderr (for messages). */
  stderrTail(): string;
}

/** A student server, listening. */
export interface StudentServer extends StudentProgram {
  /** The port it really listens on (may differ from givenPort when hardcoded). */
  readonly port: number;
}

/** A reference TCP connection, seen from the grader's side. */
export interface Peer {
  readonly name: string;
  /** Everything received, UTF-8 with replacement. */
  readonly received: string;
  readonly closedByStudent: boolean;
  /** How the student's side ended the connection: an orderly FIN, a reset (RST), or not yet. */
  readonly closeKind: 'fin' | 'reset' | undefined;
  send(text: string | Uint8Array): void;
  /** Shuts down our sending side (FIN) and keeps reading. */
  end(): void;
  /** Closes cleanly like Python's socket.close(): FIN, and nothing more is read. */
  close(): void;
  /** Aborts with RST. */
  reset(): void;
  /** Fails the check unless `text` is received within the time. */
  expect(text: string | ((received: string) => boolean), timeoutMs: number, describe?: string): Promise<void>;
  /** Resolves true if `text` is received within the time; never fails. */
  sees(text: string | ((received: string) => boolean), timeoutMs: number): Promise<boolean>;
  /** Resolves true if the student closes the connection within the time. */
  waitClosed(timeoutMs: number): Promise<boolean>;
}

/** A connection the reference server accepted from a student client. */
export interface AcceptedConnection extends Peer {
  /** The port the student client dialled. */
  readonly port: number;
}

/** A reference UDP socket. */
export interface UdpEndpoint {
  /** Ports it is bound to. */
  readonly ports: number[];
  /** Each datagram: its text, the port of ours it reached, and the sender's port. */
  readonly received: { text: string; port: number; from: number }[];
  send(port: number, text: string): Promise<void>;
  /** Answers a received datagram: sends `text` to its sender, from the socket it reached. */
  reply(to: { port: number; from: number }, text: string): Promise<void>;
  /** Resolves with the first datagram satisfying `test`, or undefined at the deadline. */
  waitFor(test: (text: string) => boolean, timeoutMs: number): Promise<{ text: string; port: number; from: number } | undefined>;
}

/** What a check function can do. Every wait has a deadline; failures are CheckFailure. */
/** What a course may change in an exercise's conversation (sockgrade.yaml); absent: the handout's. */
export interface ExerciseOptions {
  /** The text a client must send and the reference client sends (tcp-hello, udp-hello). */
  greeting?: string;
  /** How a reference chat client talks: its nickname line (`{nick}`; null for none), a message (`{text}`), lines after connecting. */
  protocol?: { nick: string | null; send: string; afterConnect: string[] };
  /** The client is given its nickname in argv (`{nick}`): nobody types it. */
  nickInArgs?: boolean;
}

export interface CheckContext {
  /** A random token that makes each check's message unique. */
  readonly nonce: string;
  /** The course's changes to the conversation, if any. */
  readonly options: ExerciseOptions;
  /** Scales a base duration by --timeout-scale. */
  ms(base: number): number;
  /** Starts (or reuses) the student server and waits until it listens. */
  server(): Promise<StudentServer>;
  /** Connects a named reference client to the student server; fails the check if it cannot. */
  connect(name: string, timeoutMs?: number): Promise<Peer>;
  /** A reference UDP socket on an ephemeral port, for talking to a student UDP server. */
  udp(name: string): Promise<UdpEndpoint>;
  /** Starts the student client against a reference TCP server on every port it may dial. */
  client(onAccept?: (conn: AcceptedConnection) => void): Promise<{ program: StudentProgram; accept(timeoutMs: number): Promise<AcceptedConnection | undefined> }>;
  /** Starts the student client against a reference UDP socket on every port it may use (named `name` in the transcript, `server` by default). */
  udpClient(name?: string): Promise<{ program: StudentProgram; endpoint: UdpEndpoint }>;
  /** Waits a short quiet window (for negative checks: "nothing else happens"). */
  quiet(ms: number): Promise<void>;
  /** Records a note that does not change the verdict. */
  note(message: Msg): void;
  /** Records a grader-side line in the transcript (what is being checked now). */
  step(text: string): void;
  /**
   * Runs `compute` once for all checks of this program that ask for the same key (one client
   * run observed by several checks); later checks get its result and a copy of its transcript.
   */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * The deadline of a wait that an earlier check of this program may already have shown to be in
   * vain: `fullMs` (scaled), or `shortMs` (scaled) once a check taught `lesson` and none since saw
   * the contrary. If this check then fails, it carries the note `<lesson>.cut-short` ({check},
   * {full}, {waited} in seconds). A short wait still passes a program that does the thing.
   */
  patience(lesson: string, fullMs: number, shortMs: number): number;
  /**
   * Whether the programs of this check have taken everything sent to them: no unread bytes, no
   * connection left unaccepted. A wait shortened by `patience` should go on while this is false:
   * a loaded machine may not have let the program look at the input yet. `countBacklog` false
   * leaves connections the program never accepted out.
   */
  caughtUp(countBacklog?: boolean): boolean;
  /** Records that this check waited `waitedMs` (scaled) in vain for what `lesson` names. */
  learn(lesson: string, waitedMs: number): void;
  /** The program did what `lesson` says it does not: later checks wait the full time again. */
  unlearn(lesson: string): void;
  /**
   * One sample of whether the programs this check talks to have settled: true when this sample and
   * the one before (at least 30 ms apart) found every thread waiting for input, nothing unread, and
   * no student activity between, so what has not happened will not without more input. For loops
   * that keep sending (each wait of the API already ends early on its own when this holds). With
   * `wait`, a true result is recorded as that wait stopping early, for the failure's note.
   */
  settled(wait?: { startedAt: number; fullMs: number }): boolean;
  /** Fails the check with a message and, optionally, a specific hint key. */
  fail(key: string, params?: Msg['params'], hintKey?: string): never;
}
