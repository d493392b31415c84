// One column of the matrix, inside a worker: a student's server started once, then every client
// of the column run against it in turn; the server is restarted only when it died.
import fs from 'node:fs';
import path from 'node:path';
import getPort from 'get-port';
import { plannedExercise } from '../builtin-exercises.js';
import type { PairEndEvent } from '../events.js';
import { lockPorts, type PortLease } from '../sandbox/locks.js';
import { writeGraderSite } from '../sandbox/reuseaddr.js';
import { HANDOUT_PORT, ProgramSession, type Launch, type SessionEnv } from '../run/session.js';
import { copySubmission, mountWorkTmpfs } from '../run/workcopy.js';
import { PORT_WAIT_MS } from '../run/grade-submission.js';
import { helloOutcome, type PairOutcome } from './hello-cause.js';
import { runHelloPair } from './hello-pair.js';
import { chatOutcome } from './chat-cause.js';
import { runChatPair } from './chat-pair.js';
import type { PairColumnJob, PairSide } from './job.js';
import type { PairResult } from './types.js';

/** How long a server may take to listen (× timeout scale), as server-listens allows. */
const SERVER_READY_MS = 5000;

/** The hello pair runs each exercise knows; chat has its own (chat-pair.ts), any other is reported as not run. */
const HELLO_PROTOCOL: Record<string, 'tcp' | 'udp'> = { 'tcp-hello': 'tcp', 'udp-hello': 'udp' };

/** Runs the column's pairs and sends one pair:end per client, in order. */
export async function runPairColumn(job: PairColumnJob, send: (event: PairEndEvent) => void): Promise<void> {
  const def = await plannedExercise(job.exercise);
  const protocol = HELLO_PROTOCOL[job.exercise];
  // The tmpfs first: anything written before it is mounted would be hidden under it.
  const bounded = job.mountTmpfs && (await mountWorkTmpfs(job.jobDir, job.server.limits.diskMiB));
  const site = writeGraderSite(path.join(job.jobDir, 'site'));
  const envOf = (side: PairSide, name: string): { env: SessionEnv; workDir: string } => {
    const workDir = path.join(job.jobDir, name, 'work');
    copySubmission(side.dir, workDir);
    const { box } = job;
    const tmp = { root: path.join(job.jobDir, name, 'tmp'), bounded, site };
    fs.mkdirSync(tmp.root, { recursive: true });
    const env: SessionEnv = { runId: job.runId, plan: box.isolation, python: box.python, python2: box.python2, limits: side.limits, outputCap: box.outputCap, timeoutScale: box.timeoutScale, tmp, localModules: side.localModules, options: side.options };
    return { env, workDir };
  };
  const serverDef = def.programs.find((p) => p.role === 'server')!;
  const clientDef = def.programs.find((p) => p.role === 'client')!;
  const s = envOf(job.server, 'server');
  const server = new ProgramSession(serverDef, job.server.program, s.workDir, s.env);
  const lease = await lockColumnPorts(job);
  try {
    for (const [i, side] of job.clients.entries()) {
      const started = Date.now();
      const base = { exercise: job.exercise, client: side.id, server: job.server.id };
      if (!protocol && job.exercise !== 'chat') {
        send({ type: 'pair:end', pair: { ...base, verdict: 'not-run', durationMs: 0, transcript: [], message: { key: 'pairs.not-run.exercise' } } });
        continue;
      }
      const ready = await runningServer(server, job.box.timeoutScale);
      if (!ready) {
        send({ type: 'pair:end', pair: { ...base, verdict: 'fail', cause: 'server-down', durationMs: Date.now() - started, transcript: [], message: serverDownMessage(server) } });
        continue;
      }
      const c = envOf(side, `client-${i}`);
      const client = new ProgramSession(clientDef, side.program, c.workDir, c.env);
      try {
        if (!protocol) {
          const run = await runChatPair({ client, server, serverLaunch: ready.launch, serverPort: ready.port, nick: `aluno-${i + 1}`, protocol: job.server.options?.protocol ?? side.options?.protocol, scale: job.box.timeoutScale, pickPort: () => getPort() });
          send({ type: 'pair:end', pair: pairResult(base, chatOutcome(run), run.transcript.entries, started) });
          continue;
        }
        const run = await runHelloPair({ protocol, client, server, serverLaunch: ready.launch, serverPort: ready.port, greeting: side.options?.greeting ?? job.server.options?.greeting ?? 'Ola Mundo!', scale: job.box.timeoutScale, pickPort: () => getPort() });
        send({ type: 'pair:end', pair: pairResult(base, helloOutcome(run, protocol), run.transcript.entries, started) });
      } finally {
        await client.stopAll();
        fs.rmSync(path.join(job.jobDir, `client-${i}`), { recursive: true, force: true });
      }
    }
  } finally {
    await server.stopAll();
    lease?.release();
  }
}

function pairResult(base: Pick<PairResult, 'exercise' | 'client' | 'server'>, outcome: PairOutcome, transcript: PairResult['transcript'], started: number): PairResult {
  return { ...base, ...outcome, durationMs: Date.now() - started, transcript };
}

/** The server's launch and the port it really listens on, started (again) if it is not running. */
async function runningServer(server: ProgramSession, scale: number): Promise<{ launch: Launch; port: number } | undefined> {
  let launch = server.current;
  if (!launch) {
    // A server that failed to listen once is not started for every client.
    if (server.launches.length > 0 && server.launches.every((l) => l.listening.length === 0)) return undefined;
    launch = await server.startServer();
  }
  const ports = launch.listening.length > 0 ? launch.listening : await server.waitListening(launch, Math.round(SERVER_READY_MS * scale));
  return ports && ports.length > 0 ? { launch, port: ports.includes(launch.givenPort) ? launch.givenPort : ports[0]! } : undefined;
}

/** Why no client could be tried: the server never listened, or exited each time. */
function serverDownMessage(server: ProgramSession) {
  const last = server.launches[server.launches.length - 1];
  const error = last?.program.stderr.tail(400).trim().split('\n').pop()?.trim();
  return { key: 'pairs.cause.server-down', params: { error: error ? JSON.stringify(error).slice(1, -1) : '-' } };
}

/** Without a network namespace, the ports the column's programs may hardcode are taken for its whole run. */
async function lockColumnPorts(job: PairColumnJob): Promise<PortLease | undefined> {
  if (job.box.isolation.netns) return undefined;
  const sides = [job.server, ...job.clients];
  const ports = new Set([HANDOUT_PORT, ...sides.flatMap((s) => [...s.program.portLiterals, ...(s.program.fixedPort ? [s.program.fixedPort] : [])])]);
  return lockPorts(job.lockDir, [...ports], PORT_WAIT_MS * job.box.timeoutScale);
}
