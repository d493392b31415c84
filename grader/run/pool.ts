// Runs submissions in worker processes, at most `jobs` at a time, each lane in its own namespace.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEATHSIG } from '../sandbox/box.js';
import type { IsolationPlan } from '../sandbox/isolation.js';
import type { AnyJob, WorkerEvent, WorkerMessage } from './protocol.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.js');

/** The command that starts a worker: in a fresh network + mount namespace with loopback up where possible. */
export function workerCommand(plan: IsolationPlan): string[] {
  // The grader's own node flags (--cpu-prof, --inspect) reach its workers, as fork() would pass them.
  return namespaceCommand(plan, [process.execPath, ...process.execArgv, WORKER]);
}

/** Wraps any command the way a worker is wrapped, so a test can see exactly what a worker sees. */
export function namespaceCommand(plan: IsolationPlan, command: string[]): string[] {
  // pdeathsig survives the execs below, so a SIGKILLed grader takes its workers (and their boxes) along.
  if (!plan.netns) return [...DEATHSIG, ...command];
  const unshare = ['unshare', ...(plan.userns ? ['-Urnm'] : ['-n', '-m'])];
  // Two namespaces, one inside the other, so the inner one (the lane's) gets a TCP hash table of
  // its own: a namespace shares the host's (262144 buckets here) unless its creator's namespace
  // sets tcp_child_ehash_entries (Linux 6.1+; older kernels ignore the write). Every read of
  // /proc/net/tcp walks every bucket: 1.5 ms a read on the host's table, 0.15 ms on 128 buckets,
  // and readiness, settling and the accept queue read it several times a launch.
  const ownHash = ['/bin/sh', '-c', 'echo 128 > /proc/sys/net/ipv4/tcp_child_ehash_entries 2>/dev/null; exec "$@"', 'sh', 'unshare', '-n'];
  // tcp_max_tw_buckets=0 makes this namespace drop TIME_WAIT sockets at once: a student server
  // without SO_REUSEADDR can always rebind its fixed port in the next check (measured: the
  // handout server closes before our FIN arrives and would hold 5000 in TIME_WAIT for 60 s).
  return [...DEATHSIG, ...unshare, ...ownHash, '/bin/sh', '-c', 'ip link set lo up && echo 0 > /proc/sys/net/ipv4/tcp_max_tw_buckets && exec "$0" "$@"', ...command];
}

/** How a job ended in its lane. */
interface JobOutcome {
  ok: boolean;
  detail: string;
}

/**
 * One lane: a long-lived worker in its own namespace that grades jobs one after another.
 * Starting a worker costs a Node start-up and module load (about 300 ms measured here),
 * so a worker is reused while its namespace stays clean, and replaced when it does not.
 */
class Lane {
  private child?: ChildProcess;
  private current?: { child: ChildProcess; onMessage: (m: WorkerEvent) => void; resolve: (o: JobOutcome) => void; ended: boolean; endsWithDone: boolean };
  private stderr = '';

  constructor(
    private readonly plan: IsolationPlan,
    private readonly registry: Set<ChildProcess>,
  ) {}

  /** Starts the worker ahead of its first job, so its start-up overlaps other work. */
  warm(): void {
    if (this.child) return;
    const [file, ...args] = workerCommand(this.plan);
    const child = spawn(file, args, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], detached: true });
    this.child = child;
    this.registry.add(child);
    this.stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    child.on('message', (m: WorkerMessage) => this.onMessage(m));
    child.on('close', (code, signal) => {
      this.registry.delete(child);
      if (this.child === child) this.child = undefined;
      // Only the job running on this very worker fails with it (a replaced worker may close late).
      if (this.current?.child !== child) return;
      const tail = this.stderr.trim().split('\n').slice(-3).join(' | ');
      this.finish({ ok: this.current?.ended ?? false, detail: `worker ended with ${signal ?? `status ${code}`} before finishing: ${tail}` });
    });
  }

  /** Grades one job; resolves once the worker says it is done (or dies). */
  run(job: AnyJob, onMessage: (m: WorkerEvent) => void): Promise<JobOutcome> {
    this.warm();
    const child = this.child!;
    return new Promise((resolve) => {
      // A column of pairs has no closing event of its own: its job:done is its end.
      this.current = { child, onMessage, resolve, ended: false, endsWithDone: job.kind === 'pairs' };
      child.send(job);
    });
  }

  private onMessage(m: WorkerMessage): void {
    if (!this.current) return;
    if (m.type !== 'job:done') {
      if (m.type === 'submission:end') this.current.ended = true;
      this.current.onMessage(m);
      return;
    }
    // A namespace with sockets left over could change the next submission's result: replace it.
    if (!m.clean) this.kill();
    const ok = this.current.ended || this.current.endsWithDone;
    this.finish({ ok, detail: ok ? '' : 'the worker finished without a result' });
  }

  private finish(outcome: JobOutcome): void {
    const current = this.current;
    this.current = undefined;
    current?.resolve(outcome);
  }

  /**
   * Ends an idle worker by closing its channel (it exits at once, so a --cpu-prof profile gets
   * written), then kills its group for anything left; at most 1 s.
   */
  async retire(): Promise<void> {
    const child = this.child;
    if (!child?.connected) return this.kill();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      // 'exit', not 'close': a child whose channel the parent disconnected never emits 'close'
      // (Node 20, measured), so every run waited out the full second here.
      child.once('exit', () => (clearTimeout(timer), resolve()));
      child.disconnect();
    });
    this.kill();
  }

  /** Kills the worker's whole group; its boxes die with it. */
  kill(): void {
    const child = this.child;
    this.child = undefined;
    if (child?.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** A running pool of lanes; `stop` kills every worker (and so every box) at once. */
export class WorkerPool {
  private readonly running = new Set<ChildProcess>();
  private readonly lanes: Lane[] = [];
  private stopped = false;

  constructor(
    private readonly plan: IsolationPlan,
    private readonly jobs: number,
  ) {}

  /** Runs every job, calling `onMessage` for each worker event and `onExit` when a job ends. */
  async run<J extends AnyJob>(
    jobs: J[],
    onStart: (job: J) => void,
    onMessage: (job: J, message: WorkerEvent) => void,
    onExit: (job: J, ok: boolean, detail: string) => void,
  ): Promise<void> {
    const queue = [...jobs];
    const laneLoop = async (lane: Lane) => {
      for (let job = queue.shift(); job && !this.stopped; job = queue.shift()) {
        onStart(job);
        const { ok, detail } = await lane.run(job, (m) => onMessage(job!, m));
        onExit(job, ok, detail);
        if (queue.length > 0 && !this.stopped) lane.warm();
      }
      await lane.retire();
    };
    this.warm(jobs.length);
    await Promise.all(this.lanes.map(laneLoop));
  }

  /** Starts the workers for up to `count` jobs now, so their start-up overlaps the run's own set-up. */
  warm(count: number): void {
    const lanes = Math.max(1, Math.min(this.jobs, count));
    while (this.lanes.length < lanes) this.lanes.push(new Lane(this.plan, this.running));
    for (const lane of this.lanes) lane.warm();
  }

  /** Kills every worker's whole group; their boxes die with them. */
  stop(): void {
    this.stopped = true;
    for (const lane of this.lanes) lane.kill();
    for (const child of this.running) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
