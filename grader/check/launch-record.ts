// The record of one launch of a student program, and the host that makes launches for checks.
// It lives below check/ so the check context needs nothing from run/: run/ implements the host.
import type { LaunchedProgram } from '../sandbox/launch.js';
import type { ThreadState } from '../sandbox/threads.js';
import type { ExerciseOptions, ProgramDef } from './api.js';

/** Where a living program's threads were at a deadline: read from the program and from /proc. */
export interface LaunchProbe {
  /** Epoch ms of the probe. */
  at: number;
  /** Raw faulthandler dump; undefined when the program could not be asked (Python 2, a crash). */
  stacks?: string;
  /** Each thread's blocking system call, from /proc. */
  threads: ThreadState[];
  /** Connections waiting in each listening socket's accept queue. */
  queues: { port: number; queued: number; backlog: number }[];
}

/** One launch: the box's program, the ports it was told and found to use, and what was learned. */
export interface LaunchRecord {
  program: LaunchedProgram;
  givenPort: number;
  /** Listening ports discovered in /proc, for servers. */
  listening: number[];
  /** The port it really listened on or dialled, once known. */
  usedPort?: number;
  /** Readiness was already waited for (successfully or not). */
  readyWaited?: boolean;
  /** A check waited for it to end by itself and it did not. */
  overdue: boolean;
  /** Epoch ms of its exit, once it exited. */
  exitedAt?: number;
  /** Probes taken at deadlines it missed, oldest first. */
  probes: LaunchProbe[];
}

/** The submission-relative file of a program and the alternatives it was chosen from. */
export interface ProgramFile {
  relPath: string;
}

/** What the check context needs from the program's session: launches, readiness, ports. */
export interface ProgramHost {
  readonly def: ProgramDef;
  readonly file: ProgramFile;
  readonly launches: LaunchRecord[];
  /** The most recent launch, if it is still running. */
  readonly current: LaunchRecord | undefined;
  /** Ports the program may use without being told: the handout's and the literals in its source. */
  readonly fixedPorts: number[];
  pickPort(): Promise<number>;
  startServer(): Promise<LaunchRecord>;
  prepareSpare(): void;
  launch(givenPort: number, args: string[]): LaunchRecord;
  /** The argv a launch on `port` gets (the course's template, or the exercise's own). */
  argsFor(port: number): string[];
  /** The command line as a student would type it (`python3 servidor.py 5000`), for the transcript. */
  commandLine(args: string[]): string;
  /** The course's changes to the exercise's conversation. */
  readonly options?: ExerciseOptions;
  waitListening(launch: LaunchRecord, timeoutMs: number): Promise<number[] | undefined>;
  /** The ports a living launch has ready in the other protocol (TCP LISTEN for a UDP exercise, bound UDP for a TCP one). */
  readyInOtherProtocol(launch: LaunchRecord): { protocol: 'tcp' | 'udp'; ports: number[] };
  /** Whether a living launch waits for input in every thread, with nothing unread (sandbox/settled.ts). */
  settled(launch: LaunchRecord): boolean;
  /** Whether connections wait in the launch's accept queue while it has settled: none will be taken. */
  backlogStuck(launch: LaunchRecord): boolean;
  /** Whether a launch has taken everything sent to it (bytes and connections); true once it exited. */
  caughtUp(launch: LaunchRecord, countBacklog?: boolean): boolean;
  /** Whether no socket of the grader's namespace holds unread bytes (all a check's programs exited). */
  nothingUnread(): boolean;
  /** Records where a living launch is, once per deadline it misses (only on failure paths). */
  probe(launch: LaunchRecord): Promise<LaunchProbe | undefined>;
}

/** How a launch ended, for messages. */
export function exitText(launch: LaunchRecord): string {
  const exit = launch.program.exit;
  if (!exit) return 'running';
  return exit.signal ? `signal ${exit.signal}` : `status ${exit.code}`;
}
