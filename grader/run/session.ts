// One student program across its checks: launches in boxes, readiness, the port it really uses.
import fs from 'node:fs';
import path from 'node:path';
import getPort from 'get-port';
import type { ExerciseOptions, ProgramDef } from '../check/api.js';
import type { LaunchProbe, LaunchRecord, ProgramHost } from '../check/launch-record.js';
import { readHead } from '../intake/scan.js';
import { defaultArgs } from '../plan/args.js';
import type { MatchedFile } from '../intake/types.js';
import type { IsolationPlan } from '../sandbox/isolation.js';
import type { LaunchedProgram } from '../sandbox/launch.js';
import type { Limits } from '../sandbox/limits.js';
import { acceptQueues } from '../sandbox/accept-queue.js';
import { listeningPorts, portLiterals } from '../sandbox/ports.js';
import { readStat } from '../sandbox/proc.js';
import { backlogStuck, caughtUp, isSettled, nothingUnread } from '../sandbox/settled.js';
import { threadStates } from '../sandbox/threads.js';
import { snapshotFolder, type FolderSnapshot } from '../sandbox/written-files.js';
import { watchUntil } from '../sandbox/wait.js';
import type { PythonInfo } from '../sandbox/python.js';
import { startBox, type BoxTmp } from '../sandbox/start.js';

/** The handout's port: a hardcoded program most likely uses it. */
export const HANDOUT_PORT = 5000;

/** What a worker knows that every session needs. */
export interface SessionEnv {
  runId: string;
  plan: IsolationPlan;
  python: PythonInfo;
  /** For the programs the plan gives to Python 2 (python2: run). */
  python2?: PythonInfo;
  limits: Limits;
  outputCap: number;
  timeoutScale: number;
  /** Where each box gets its private /tmp. */
  tmp: BoxTmp;
  /** Module names of the submission's Python files (from the plan). */
  localModules: string[];
  /** The course's changes to the exercise's conversation (from the class file). */
  options?: ExerciseOptions;
}

/** One launch and what was learned about it (the record lives below check/). */
export type Launch = LaunchRecord;

/**
 * How long a program may take to dump its thread stacks when asked (× timeout scale). A dump
 * normally ends, whole, within milliseconds; the margin is for a loaded machine, where a dump
 * cut at 300 ms lost the frames a cause is read from (a thread-exit, a deadlock) once in a few
 * hundred graded copies.
 */
const STACKS_TIMEOUT_MS = 1500;
/** A probe this recent still describes the program: one deadline, one probe. */
const PROBE_REUSE_MS = 150;

/** How long a program seen dying may take for its exit to reach us. */
const EXIT_RECORD_MS = 1000;

/** Runs one program (server or client) of one exercise for one submission. */
export class ProgramSession implements ProgramHost {
  readonly launches: Launch[] = [];
  /** Source text of the student's file (capped), for port literals and the report. */
  readonly source: string;
  /** The work folder before this program first ran: what it writes there is evidence. */
  readonly folderBefore: FolderSnapshot;
  private boxCount = 0;

  constructor(
    readonly def: ProgramDef,
    readonly file: MatchedFile & { portLiterals?: number[]; args?: string[]; fixedPort?: number; interpreter?: 'python2' },
    private readonly workDir: string,
    private readonly env: SessionEnv,
  ) {
    this.source = readHead(path.join(workDir, file.relPath));
    this.folderBefore = snapshotFolder(workDir);
  }

  /** Ports the program may use without being told: the handout's and the literals in its source. */
  get options(): ExerciseOptions | undefined {
    return this.env.options;
  }

  get fixedPorts(): number[] {
    const fixed = this.file.fixedPort ? [this.file.fixedPort] : [];
    return [...new Set([HANDOUT_PORT, ...fixed, ...(this.file.portLiterals ?? portLiterals(this.source))])];
  }

  /**
   * The argv a launch on `port` gets: the course's template, or the exercise's (`PORT`; `HOST PORT`),
   * which a fixed port leaves without its port entries (the program already knows the port).
   */
  argsFor(port: number, host = '127.0.0.1', nick = 'aluno'): string[] {
    // The course's template, then the exercise's own (a scenario's args), then the role's usual one.
    const template = this.file.args ?? this.def.args ?? defaultArgs(this.def.role, this.file.fixedPort);
    const values: Record<string, string> = { host, port: String(port), nick };
    return template.map((arg) => arg.replace(/\{(host|port|nick)\}/g, (_, name: string) => values[name]));
  }

  /** The most recent launch, if it is still running. */
  get current(): Launch | undefined {
    const last = this.launches[this.launches.length - 1];
    return last?.program.running ? last : undefined;
  }

  /** Picks a fresh port to give the program, never one it might hardcode. */
  async pickPort(): Promise<number> {
    // A course that fixes the port grades every launch on it (the worker's namespace is its own).
    if (this.file.fixedPort) return this.file.fixedPort;
    const exclude = [...this.fixedPorts, ...this.launches.map((l) => l.givenPort)];
    return getPort({ exclude });
  }

  private spare?: Promise<Launch>;

  /**
   * A fresh server for the next check, started while this check runs: it hides a Python
   * start-up per check. Only for servers seen to use the port they are given, so a spare
   * never fights the running instance for a fixed port.
   */
  prepareSpare(): void {
    const last = this.launches[this.launches.length - 1];
    if (this.spare || this.def.role !== 'server' || this.def.instance !== 'per-check') return;
    if (!last || last.usedPort === undefined || last.usedPort !== last.givenPort) return;
    this.spare = this.pickPort().then((port) => this.launch(port, this.argsFor(port), false));
  }

  /** Starts a server: the spare when one is ready, else a new launch. */
  async startServer(): Promise<Launch> {
    const spare = this.spare;
    this.spare = undefined;
    const launch = spare ? await spare : undefined;
    if (launch?.program.running) {
      this.launches.push(launch);
      return launch;
    }
    if (launch) await launch.program.kill();
    const port = await this.pickPort();
    return this.launch(port, this.argsFor(port));
  }

  /** The interpreter this program runs on: Python 2 only where the plan chose it and one is installed. */
  get interpreter(): PythonInfo {
    return this.file.interpreter === 'python2' && this.env.python2 ? this.env.python2 : this.env.python;
  }

  /** The command line as a student would type it, for the transcript. */
  commandLine(args: string[]): string {
    const name = this.interpreter === this.env.python ? 'python3' : 'python2';
    return [name, this.file.relPath, ...args].join(' ');
  }

  /** Launches the program in a new box with the given argv; `track` false keeps a spare out of the record. */
  launch(givenPort: number, args: string[], track = true): Launch {
    const boxId = `${this.def.role}-${++this.boxCount}-${process.pid}`;
    const { runId, tmp, limits, outputCap } = this.env;
    const python = this.interpreter;
    const program = startBox(this.env.plan, { runId, boxId, python, script: this.file.relPath, args, workDir: this.workDir, tmp, limits, outputCap, stdin: this.def.stdin, port: givenPort });
    const launch: Launch = { program, givenPort, listening: [], overdue: false, probes: [] };
    program.onExit(() => (launch.exitedAt = Date.now()));
    if (track) this.launches.push(launch);
    return launch;
  }

  /**
   * Waits until the launch listens (TCP LISTEN or bound UDP in /proc), exits, or the deadline.
   * The sitecustomize's listen()/bind() event says when to look; /proc says what is true, and is
   * also read on a slow timer for a program whose events never come.
   */
  /**
   * A server ready in the other protocol (SOCK_STREAM in a UDP exercise) and seen settled twice,
   * 30 ms or more apart: blocked in accept()/recv(), it will not open the right socket by itself.
   */
  private settledInOtherProtocol(launch: Launch): boolean {
    if (this.readyInOtherProtocol(launch).ports.length === 0 || !this.settled(launch)) {
      this.otherProtocolSettledAt.delete(launch);
      return false;
    }
    const since = this.otherProtocolSettledAt.get(launch) ?? Date.now();
    this.otherProtocolSettledAt.set(launch, since);
    return Date.now() - since >= 30;
  }

  private readonly otherProtocolSettledAt = new WeakMap<Launch, number>();

  readyInOtherProtocol(launch: LaunchRecord): { protocol: 'tcp' | 'udp'; ports: number[] } {
    const protocol = this.def.protocol === 'udp' ? 'tcp' : 'udp';
    const pid = launch.program.pid;
    return { protocol, ports: pid === undefined || !launch.program.running ? [] : listeningPorts(pid, protocol) };
  }

  async waitListening(launch: Launch, timeoutMs: number): Promise<number[] | undefined> {
    const { program } = launch;
    const pid = program.pid;
    if (pid === undefined) return undefined;
    const ports = await watchUntil(
      () => {
        const found = listeningPorts(pid, this.def.protocol);
        return found.length > 0 ? found : undefined;
      },
      (wake) => {
        const offEvents = program.socketEvents.subscribe(wake);
        const offExit = program.onExit(wake);
        return () => (offEvents(), offExit());
      },
      timeoutMs,
      () => !program.running || this.settledInOtherProtocol(launch),
    );
    // One more turn of the event loop, then /proc again: a program that killed the process the
    // grader started (its parent) dies with it, and must not pass as listening for a moment.
    // A zombie is dead already: only the grader has not reaped it yet.
    const alive = () => program.running && readStat(pid)?.state !== 'Z';
    const confirmed = ports && (await new Promise((resolve) => setImmediate(resolve)), alive()) ? listeningPorts(pid, this.def.protocol) : [];
    // Seen listening, then gone: it is dying (its parent killed). Its exit is what happened, so
    // wait (briefly) until it is recorded, or the failure would read "never listened".
    if (ports && (confirmed.length === 0 || !alive()) && program.running) await program.waitExit(EXIT_RECORD_MS);
    launch.listening = alive() ? confirmed : [];
    launch.readyWaited = true;
    return launch.listening.length > 0 ? launch.listening : undefined;
  }

  settled(launch: Launch): boolean {
    const pid = launch.program.pid;
    return pid !== undefined && launch.program.running && isSettled(pid);
  }

  backlogStuck(launch: Launch): boolean {
    const pid = launch.program.pid;
    return pid !== undefined && launch.program.running && backlogStuck(pid);
  }

  caughtUp(launch: Launch, countBacklog = true): boolean {
    const pid = launch.program.pid;
    return pid === undefined || !launch.program.running || caughtUp(pid, countBacklog);
  }

  nothingUnread(): boolean {
    return nothingUnread();
  }

  /** Where a living launch's threads are now: Python stacks, blocking calls, accept queues. */
  async probe(launch: Launch): Promise<LaunchProbe | undefined> {
    const pid = launch.program.pid;
    if (pid === undefined || !launch.program.running) return undefined;
    const last = launch.probes[launch.probes.length - 1];
    if (last && Date.now() - last.at < PROBE_REUSE_MS) return last;
    // /proc first: the dump's signal briefly wakes every thread from its blocking call.
    const threads = threadStates(pid);
    const queues = acceptQueues(pid);
    const stacks = await launch.program.dumpStacks(STACKS_TIMEOUT_MS * this.env.timeoutScale);
    const probe: LaunchProbe = { at: Date.now(), stacks, threads, queues };
    launch.probes.push(probe);
    return probe;
  }

  /** Kills every launch's tree. */
  async stopAll(): Promise<void> {
    const spare = this.spare;
    this.spare = undefined;
    await Promise.all([...this.launches.map((l) => l.program.kill()), spare?.then((l) => l.program.kill())]);
  }
}
