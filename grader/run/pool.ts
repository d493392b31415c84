// Runs submissions in worker processes, at most `jobs` at a time, each in its own namespace.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEATHSIG } from '../sandbox/box.js';
import type { IsolationPlan } from '../sandbox/isolation.js';
import type { WorkerJob, WorkerMessage } from './protocol.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.js');

/** The command that starts a worker: in a fresh network + mount namespace with loopback up where possible. */
export function workerCommand(plan: IsolationPlan): string[] {
  return namespaceCommand(plan, [process.execPath, WORKER]);
}

/** Wraps any command the way a worker is wrapped, so a test can see exactly what a worker sees. */
export function namespaceCommand(plan: IsolationPlan, command: string[]): string[] {
  // pdeathsig survives the execs below, so a SIGKILLed grader takes its workers (and their boxes) along.
  if (!plan.netns) return [...DEATHSIG, ...command];
  const unshare = ['unshare', ...(plan.userns ? ['-Urnm'] : ['-n', '-m'])];
  // tcp_max_tw_buckets=0 makes this namespace drop TIME_WAIT sockets at once: a student server
  // without SO_REUSEADDR can always rebind its fixed port in the next check (measured: the
  // handout server closes before our FIN arrives and would hold 5000 in TIME_WAIT for 60 s).
  return [...DEATHSIG, ...unshare, '/bin/sh', '-c', 'ip link set lo up && echo 0 > /proc/sys/net/ipv4/tcp_max_tw_buckets && exec "$0" "$@"', ...command];
}

/** A running pool; `stop` kills every worker (and so every box) at once. */
export class WorkerPool {
  private readonly running = new Set<ChildProcess>();
  private stopped = false;

  constructor(
    private readonly plan: IsolationPlan,
    private readonly jobs: number,
  ) {}

  /** Runs every job, calling `onMessage` for each worker message and `onExit` when a worker ends. */
  async run(
    jobs: WorkerJob[],
    onStart: (job: WorkerJob) => void,
    onMessage: (job: WorkerJob, message: WorkerMessage) => void,
    onExit: (job: WorkerJob, ok: boolean, detail: string) => void,
  ): Promise<void> {
    const queue = [...jobs];
    const lane = async () => {
      for (let job = queue.shift(); job && !this.stopped; job = queue.shift()) {
        onStart(job);
        const { ok, detail } = await this.runOne(job, (m) => onMessage(job!, m));
        onExit(job, ok, detail);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.jobs, jobs.length)) }, lane));
  }

  private runOne(job: WorkerJob, onMessage: (m: WorkerMessage) => void): Promise<{ ok: boolean; detail: string }> {
    const [file, ...args] = workerCommand(this.plan);
    const child = spawn(file, args, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], detached: true });
    this.running.add(child);
    let stderr = '';
    let ended = false;
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'submission:end') ended = true;
      onMessage(m);
    });
    child.send(job);
    return new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.running.delete(child);
        const detail = ended ? '' : `worker ended with ${signal ?? `status ${code}`} before finishing: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
        resolve({ ok: ended, detail });
      });
    });
  }

  /** Kills every worker's whole group; their boxes die with them. */
  stop(): void {
    this.stopped = true;
    for (const child of this.running) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
