// Launching one student program in its box, capturing its output, and killing its whole tree.
import { execa, type ResultPromise } from 'execa';
import { CappedOutput } from './output.js';
import { waitUntil } from './wait.js';
import { killCgroup, removeCgroup, cgroupPids } from './cgroup.js';
import { pollUntil } from './wait.js';
import type { BoxCommand } from './box.js';

/** How a launched program ended. */
export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** True when the grader killed it. */
  killed: boolean;
}

/** Options of one launch. */
export interface LaunchOptions {
  env: Record<string, string>;
  /** `closed`: an empty pipe closed at once; `pipe`: left open for the checks to write. */
  stdin: 'closed' | 'pipe';
  outputCap: number;
  cgroupDir?: string;
}

/** A running student program: its output, its exit, and the means to stop it. */
export class LaunchedProgram {
  readonly stdout: CappedOutput;
  readonly stderr: CappedOutput;
  readonly startedAt = Date.now();
  exit?: ExitInfo;
  private killedByGrader = false;
  private readonly exitListeners = new Set<() => void>();
  private readonly subprocess: ResultPromise;

  constructor(command: BoxCommand, private readonly options: LaunchOptions) {
    this.stdout = new CappedOutput(options.outputCap);
    this.stderr = new CappedOutput(options.outputCap);
    this.subprocess = execa(command.file, command.args, {
      cwd: command.cwd,
      env: options.env,
      extendEnv: false,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      // Its own process group, so one signal reaches the whole tree where no namespace does.
      detached: true,
      cleanup: true,
      encoding: 'buffer',
    });
    this.subprocess.stdout?.on('data', (chunk: Buffer) => this.stdout.push(chunk));
    this.subprocess.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.subprocess.stdout?.on('end', () => this.stdout.close());
    this.subprocess.stderr?.on('end', () => this.stderr.close());
    this.subprocess.stdin?.on('error', () => {}); // A program that exits early closes its stdin: not our fault.
    if (options.stdin === 'closed') this.subprocess.stdin?.end();
    this.subprocess.on('exit', (code, signal) => {
      this.exit = { code, signal, killed: this.killedByGrader };
      for (const listener of [...this.exitListeners]) listener();
    });
    this.subprocess.on('error', () => {}); // Spawn failures surface as the exit with code null.
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

  private killing?: Promise<void>;

  /** SIGKILLs the whole tree once: process group, then the cgroup for anything that escaped it. */
  kill(): Promise<void> {
    this.killing ??= this.killTree();
    return this.killing;
  }

  private async killTree(): Promise<void> {
    if (this.running) this.killedByGrader = true;
    const pid = this.subprocess.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    }
    const cgroup = this.options.cgroupDir;
    if (cgroup) {
      await pollUntil(() => (killCgroup(cgroup) ? true : undefined), 2000);
      if (cgroupPids(cgroup).length === 0) removeCgroup(cgroup);
    }
    // Killed first, then awaited: execa's promise waits for every holder of the pipes.
    await Promise.race([this.subprocess, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    this.subprocess.stdout?.destroy();
    this.subprocess.stderr?.destroy();
  }
}
