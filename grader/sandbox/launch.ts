// A student program running in its box: its output, how it ended, and killing its whole tree.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { Readable } from 'node:stream';
import type { BoxCommand } from './box.js';
import type { BoxCgroup } from './cgroup.js';
import { logBoxCpu } from './cpu-log.js';
import { CappedOutput } from './output.js';
import { SocketEventChannel } from './socket-events.js';
import { StackChannel } from './stacks.js';
import { pollUntil, waitUntil } from './wait.js';

/** How a launched program ended. */
export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** True when the grader killed it. */
  killed: boolean;
  /** The kernel stopped it at a resource limit (CPU: SIGXCPU, or SIGKILL at the hard limit). */
  limit?: 'cpu';
}

/** Options of one launch. */
export interface LaunchOptions {
  env: Record<string, string>;
  /** `closed`: an empty pipe closed at once; `pipe`: left open for the checks to write. */
  stdin: 'closed' | 'pipe';
  outputCap: number;
  cgroup?: BoxCgroup;
  /** RLIMIT_CPU of the box, to recognise a SIGKILL at the hard CPU limit. */
  cpuLimitSeconds: number;
  /** Called once the tree is dead (removes the box's private /tmp). */
  cleanup?: () => void;
}

const SIGNAL_NAMES = new Map<number, string>();
for (const [name, n] of Object.entries(os.constants.signals)) if (!SIGNAL_NAMES.has(n)) SIGNAL_NAMES.set(n, name);

/** bwrap and the none tier's waiting shell report death by signal n as status 128+n; undo that. */
export function decodeExit(code: number | null, signal: string | null): { code: number | null; signal: string | null } {
  if (signal === null && code !== null && code > 128 && SIGNAL_NAMES.has(code - 128)) return { code: null, signal: SIGNAL_NAMES.get(code - 128)! };
  return { code, signal };
}

/** Whether an exit not caused by the grader was the kernel enforcing the CPU limit. */
export function hitCpuLimit(signal: string | null, killed: boolean, boxCpuSeconds: number | undefined, cpuLimit: number): boolean {
  if (killed) return false;
  // Past the soft limit comes SIGXCPU; a program that ignores it gets SIGKILL at the hard limit,
  // which only the box's CPU total tells apart from a SIGKILL the program sent itself.
  return signal === 'SIGXCPU' || (signal === 'SIGKILL' && boxCpuSeconds !== undefined && boxCpuSeconds >= cpuLimit);
}

/** A running student program: its output, its exit, and the means to stop it. */
export class LaunchedProgram {
  readonly stdout: CappedOutput;
  readonly stderr: CappedOutput;
  readonly startedAt = Date.now();
  exit?: ExitInfo;
  private killedByGrader = false;
  private killing?: Promise<void>;
  private readonly exitListeners = new Set<() => void>();
  private readonly subprocess: ChildProcess;
  private readonly stacks: StackChannel;
  /** listen() and datagram bind() calls the program reported (socket-events.ts). */
  readonly socketEvents: SocketEventChannel;

  constructor(command: BoxCommand, private readonly options: LaunchOptions) {
    this.stdout = new CappedOutput(options.outputCap);
    this.stderr = new CappedOutput(options.outputCap);
    // node:child_process rather than execa: a launch happens 20-odd times a submission, and
    // execa's promise, stream and signal plumbing cost 2.5 ms of CPU each, about as much as the spawn.
    this.subprocess = spawn(command.file, command.args, {
      cwd: command.cwd,
      env: { ...options.env, ...command.env },
      // fd 3 is the stack pipe (stacks.ts): faulthandler writes there, never to stdout or stderr;
      // fd 4 carries readiness events (socket-events.ts).
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      // Its own process group, so one signal reaches the whole tree where no namespace does.
      detached: true,
    });
    livePrograms.add(this);
    capture(this.subprocess.stdout, this.stdout);
    capture(this.subprocess.stderr, this.stderr);
    // Extra 'pipe' fds are duplex sockets; the program only writes to these two.
    this.stacks = new StackChannel(this.subprocess.stdio[3] as Readable | null);
    this.socketEvents = new SocketEventChannel(this.subprocess.stdio[4] as Readable | null);
    this.subprocess.stdin?.on('error', () => {}); // A program that exits early closes its stdin: not our fault.
    if (options.stdin === 'closed') this.subprocess.stdin?.end();
    this.subprocess.on('exit', (code, signal) => this.onExited(code, signal));
    // A spawn that failed never exits: it surfaces as an exit with code null.
    this.subprocess.on('error', () => {
      if (this.subprocess.pid === undefined) this.onExited(null, null);
    });
  }

  /** Host pid of the box's outermost process. */
  get pid(): number | undefined {
    return this.subprocess.pid;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** Writes to the program's stdin if it is still open. */
  write(text: string | Buffer): void {
    if (this.subprocess.stdin && !this.subprocess.stdin.destroyed) this.subprocess.stdin.write(text);
  }

  /** Calls `listener` when the program exits. */
  onExit(listener: () => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Resolves true if the program exits within `timeoutMs`. */
  waitExit(timeoutMs: number): Promise<boolean> {
    return waitUntil(() => !this.running, (wake) => this.onExit(wake), timeoutMs);
  }

  /**
   * Every Python thread's stack, from each Python process of the tree, without touching its
   * stdout or stderr; undefined when nothing came (not started yet, exited, no sitecustomize).
   */
  dumpStacks(timeoutMs = 300): Promise<string | undefined> {
    const pid = this.subprocess.pid;
    if (!this.running || pid === undefined) return Promise.resolve(undefined);
    return this.stacks.dump(pid, timeoutMs);
  }

  /** SIGKILLs the whole tree once: process group, then the cgroup for anything that escaped it. */
  kill(): Promise<void> {
    this.killing ??= this.killTree();
    return this.killing;
  }

  private onExited(rawCode: number | null, rawSignal: string | null): void {
    if (this.exit) return;
    livePrograms.delete(this);
    const { code, signal } = decodeExit(rawCode, rawSignal);
    const killed = this.killedByGrader;
    const cpuLimit = hitCpuLimit(signal, killed, this.options.cgroup?.cpuSeconds(), this.options.cpuLimitSeconds);
    this.exit = { code, signal, killed, ...(cpuLimit ? { limit: 'cpu' as const } : {}) };
    for (const listener of [...this.exitListeners]) listener();
  }

  private async killTree(): Promise<void> {
    if (this.running) this.killedByGrader = true;
    this.killGroup();
    const cgroup = this.options.cgroup;
    if (cgroup) {
      await pollUntil(() => (cgroup.kill() ? true : undefined), 2000);
      logBoxCpu(this.subprocess.pid, () => cgroup.cpuSeconds());
      cgroup.remove();
    }
    await this.waitExit(2000);
    // The last bytes written before the exit may still be in the pipes; a stream we paused at the
    // cap never ends, and one an escaped grandchild holds would keep us waiting: bounded wait.
    const drained = () => [this.stdout, this.stderr].every((o) => o.closed || o.overflowed);
    await waitUntil(drained, (wake) => subscribeBoth(this.stdout, this.stderr, wake), 500);
    this.subprocess.stdout?.destroy();
    this.subprocess.stderr?.destroy();
    this.subprocess.stdin?.destroy();
    this.subprocess.stdio[3]?.destroy();
    this.subprocess.stdio[4]?.destroy();
    this.options.cleanup?.();
  }

  /** SIGKILLs the program's process group at once (the cgroup catches what left it). */
  killGroup(): void {
    const pid = this.subprocess.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
}

/** Programs not yet seen exiting: a grader that exits takes their process groups with it. */
const livePrograms = new Set<LaunchedProgram>();
process.on('exit', () => {
  for (const program of livePrograms) program.killGroup();
});

function subscribeBoth(a: CappedOutput, b: CappedOutput, wake: () => void): () => void {
  const offA = a.subscribe(wake);
  const offB = b.subscribe(wake);
  return () => {
    offA();
    offB();
  };
}

// Past the cap we keep reading, so a text printed after the noise is still found, but only up to
// the ceiling: then we stop, the writer blocks on a full pipe instead of making the grader read
// (and drop) a gigabyte, and the kill at the end of the check ends it.
function capture(stream: Readable | null | undefined, out: CappedOutput): void {
  stream?.on('data', (chunk: Buffer) => {
    out.push(chunk);
    if (out.saturated) stream.pause();
  });
  stream?.on('end', () => out.close());
  // execa used to swallow a pipe's error; unhandled, it would end the worker, so it ends the capture.
  stream?.on('error', () => out.close());
}
