// Preparing the machine for a run (isolation, interpreter, workers, scratch folder) and cleaning up after it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GradeConfig } from '../config.js';
import { detectIsolation, tierAdvice, type IsolationPlan } from '../sandbox/isolation.js';
import { resolvePython, resolvePython2, type PythonInfo } from '../sandbox/python.js';
import { boxProcesses, runIsAlive, sweepRuns } from '../sandbox/sweep.js';
import { pollUntil } from '../sandbox/wait.js';
import { WorkerPool } from './pool.js';

/** The base folder of every run's scratch space. */
export const RUNS_BASE = path.join(os.tmpdir(), 'sockgrade-runs');

/** What a run grades with. */
export interface Machine {
  isolation: IsolationPlan;
  python: PythonInfo;
  /** Asked for by `python2: run` and installed; otherwise absent. */
  python2?: PythonInfo;
  pool: WorkerPool;
}

/** The run's own folder (intake unpacks archives there; each job gets a subfolder). */
export function makeRunDir(runId: string): string {
  const dir = path.join(RUNS_BASE, runId);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The machine's probes, started as early as possible: each runs commands and takes a few hundred ms. */
export interface MachineProbes {
  python: Promise<PythonInfo>;
  python2: Promise<PythonInfo | undefined>;
  isolation: Promise<IsolationPlan>;
}

/** Starts the isolation and interpreter probes; a run that fails before it awaits them loses nothing. */
export function probeMachine(config: GradeConfig): MachineProbes {
  const probes: MachineProbes = {
    python: resolvePython(config.python),
    python2: config.settings?.python2 === 'run' ? resolvePython2() : Promise.resolve(undefined),
    isolation: detectIsolation(config.isolation === 'auto' ? undefined : config.isolation),
  };
  // Whoever awaits a probe still sees its failure; one nobody awaits (the plan failed) is no crash.
  for (const probe of Object.values(probes)) (probe as Promise<unknown>).catch(() => undefined);
  return probes;
}

/** Warms `count` workers once isolation is known while the interpreter is resolved, and sweeps crashed runs. */
export async function prepareMachine(config: GradeConfig, count: number, probes: MachineProbes = probeMachine(config)): Promise<Machine> {
  const pythonProbe = probes.python;
  const python2Probe = probes.python2;
  const isolation = await probes.isolation;
  // Workers load while the interpreter is resolved (a pyenv shim alone takes ~0.5 s).
  const pool = new WorkerPool(isolation, config.jobs);
  pool.warm(count);
  const python = await pythonProbe.catch((error: unknown) => {
    pool.stop();
    throw error;
  });
  const python2 = await python2Probe;
  sweepRuns(RUNS_BASE, isolation.cgroups, (id) => !runIsAlive(id));
  warnIsolation(isolation);
  return { isolation, python, pool, ...(python2 ? { python2 } : {}) };
}

/**
 * Removes the run's traces: normally nothing is left, but an escaped grandchild at the none
 * tier, or a box still dying after an interrupt killed its worker, is caught here.
 */
export async function cleanupRun(runId: string, cgroups: string[]): Promise<void> {
  const isOver = (id: string) => id === runId || !runIsAlive(id);
  sweepRuns(RUNS_BASE, cgroups, isOver);
  // Dying boxes keep their cgroups busy for a moment: sweep again once they are gone.
  await pollUntil(() => (boxProcesses().some((p) => p.runId === runId) ? undefined : true), 2000);
  sweepRuns(RUNS_BASE, cgroups, isOver);
}

/** Below the full tier, says on stderr what is lost and how to get full isolation. */
function warnIsolation(plan: IsolationPlan): void {
  if (plan.info.tier === 'full') return;
  const lines = [`grade: warning: isolation tier is "${plan.info.tier}".`, ...plan.info.missing.map((m) => `  - ${m}`), tierAdvice(plan.info.tier)];
  process.stderr.write(`${lines.join('\n')}\n`);
}
