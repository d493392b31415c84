// `node dist/bench/box-overhead.js`: what a box costs per launch, for each tier, against a bare
// python3 launch of the same script. Prints figures; asserts nothing (the target is ≤ 30 ms).
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectIsolation, type IsolationPlan } from '../grader/sandbox/isolation.js';
import { DEFAULT_LIMITS } from '../grader/sandbox/limits.js';
import { resolvePython, type PythonInfo } from '../grader/sandbox/python.js';
import { writeReuseAddrSite } from '../grader/sandbox/reuseaddr.js';
import { boxEnv, startBox } from '../grader/sandbox/start.js';
import { newRunId, sweepRuns } from '../grader/sandbox/sweep.js';

const LAUNCHES = Number(process.env.LAUNCHES ?? 30);
const WARMUP = 3;

/** Median and 90th percentile of a sample, in ms. */
function stats(samples: number[]): { median: number; p90: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p90: sorted[Math.floor(sorted.length * 0.9)] };
}

/**
 * Times each launcher LAUNCHES times, round-robin so that load drifts hit every one alike, and
 * starting each round one launcher later: the first launch of a round runs measurably faster.
 */
async function timedRoundRobin(launchers: (() => Promise<void>)[]): Promise<number[][]> {
  const samples = launchers.map(() => [] as number[]);
  for (let round = 0; round < WARMUP + LAUNCHES; round++) {
    for (let k = 0; k < launchers.length; k++) {
      const i = (k + round) % launchers.length;
      const started = performance.now();
      await launchers[i]();
      if (round >= WARMUP) samples[i].push(performance.now() - started);
    }
  }
  return samples;
}

/** One boxed launch of `pass.py`, from creating its cgroups to removing them after it exits. */
async function boxedLaunch(plan: IsolationPlan, python: PythonInfo, runId: string, dir: string, n: number): Promise<void> {
  const program = startBox(plan, {
    runId,
    boxId: `bench-${n}`,
    python,
    script: 'pass.py',
    args: [],
    workDir: path.join(dir, 'work'),
    // As in a run: the none tier's sitecustomize (SO_REUSEADDR) is part of its cost.
    tmp: { root: path.join(dir, 'tmp'), bounded: false, site: plan.netns ? undefined : writeReuseAddrSite(path.join(dir, 'site')) },
    limits: DEFAULT_LIMITS,
    outputCap: 1 << 20,
    stdin: 'closed',
    port: 5000,
  });
  await program.waitExit(10_000);
  if (program.exit?.code !== 0) throw new Error(`the boxed launch failed: ${JSON.stringify(program.exit)} ${program.stderr.text}`);
  await program.kill();
}

async function main(): Promise<void> {
  const python = await resolvePython('python3');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-bench-box-'));
  fs.mkdirSync(path.join(dir, 'work'));
  fs.writeFileSync(path.join(dir, 'work', 'pass.py'), 'pass\n');
  const runId = newRunId();
  const plans = await Promise.all([detectIsolation(), detectIsolation('partial'), detectIsolation('none')]);
  // The bare launch gets the box's environment too, so only the box differs.
  const env = boxEnv({ runId, boxId: 'bare', port: 5000 });
  const bare = () => execa(python.path, ['-s', '-B', 'pass.py'], { cwd: path.join(dir, 'work'), env, extendEnv: false }).then(() => undefined);
  let n = 0;
  const boxed = plans.map((plan) => () => boxedLaunch(plan, python, runId, dir, n++));
  const [bareMs, ...boxedMs] = (await timedRoundRobin([bare, ...boxed])).map(stats);
  console.log(`${LAUNCHES} launches each of python3 -s -B pass.py (${python.version}) on ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}`);
  console.log(`${'bare'.padEnd(22)} median ${bareMs.median.toFixed(1)} ms   p90 ${bareMs.p90.toFixed(1)} ms`);
  for (const [i, plan] of plans.entries()) {
    const what = plan.bwrap ? 'bwrap' : plan.pidns ? 'unshare -p' : 'sh + setpriv';
    const label = `${plan.info.tier} (${what})`.padEnd(22);
    const { median, p90 } = boxedMs[i];
    console.log(`${label} median ${median.toFixed(1)} ms   p90 ${p90.toFixed(1)} ms   overhead ${(median - bareMs.median).toFixed(1)} ms`);
  }
  sweepRuns(path.join(os.tmpdir(), 'sockgrade-runs'), plans[0].cgroups, (id) => id === runId);
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
