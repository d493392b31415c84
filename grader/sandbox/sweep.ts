// Removing what crashed runs left behind: box processes, cgroups and scratch folders.
import fs from 'node:fs';
import path from 'node:path';
import { sweepStaleCgroups } from './cgroup.js';
import { allPids, CLOCK_TICKS } from './proc.js';
import { BOX_MARKER } from './start.js';

/** A new run's id: the grader's pid (to tell whether the run is alive) and its start time. */
export function newRunId(pid = process.pid, now = Date.now()): string {
  return `r${pid}-${now.toString(36)}`;
}

/**
 * A run is alive while the grader process whose pid is in its id still runs. A process that
 * started after the run did merely reuses the pid: that run is over. The minute of slack keeps
 * a live run alive across a forward step of the clock (btime moves with it).
 */
export function runIsAlive(runId: string): boolean {
  const match = /^r(\d+)-([0-9a-z]+)$/.exec(runId);
  if (!match) return false;
  const started = processStartMs(Number(match[1]));
  return started !== undefined && started <= parseInt(match[2], 36) + 60_000;
}

/** When a process started (ms since the epoch), or undefined if it is gone. */
export function processStartMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootSeconds = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    return bootSeconds * 1000 + (startTicks / CLOCK_TICKS) * 1000;
  } catch {
    return undefined;
  }
}

/** Processes carrying a box marker, with the run they belong to. */
export function boxProcesses(): { pid: number; runId: string }[] {
  const found: { pid: number; runId: string }[] = [];
  const needle = `${BOX_MARKER}=`;
  for (const pid of allPids()) {
    let environ: string;
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      continue;
    }
    const entry = environ.split('\0').find((e) => e.startsWith(needle));
    if (entry) found.push({ pid, runId: entry.slice(needle.length).split(':')[0] });
  }
  return found;
}

/** SIGKILLs box processes of runs that are over; the last resort where no cgroup holds them. */
export function killBoxProcesses(isOver: (runId: string) => boolean): number {
  let killed = 0;
  for (const { pid, runId } of boxProcesses()) {
    if (!isOver(runId)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // Gone meanwhile.
    }
  }
  return killed;
}

/** What a sweep removed. */
export interface SweepResult {
  folders: number;
  cgroups: number;
  processes: number;
}

/** Removes every trace of runs that are over: their processes, cgroups and folders under `runsBase`. */
export function sweepRuns(runsBase: string, cgroupBases: string[], isOver: (runId: string) => boolean): SweepResult {
  const cgroups = sweepStaleCgroups(cgroupBases, (id) => !isOver(id));
  const processes = killBoxProcesses(isOver);
  let folders = 0;
  for (const name of safeList(runsBase)) {
    if (!isOver(name)) continue;
    fs.rmSync(path.join(runsBase, name), { recursive: true, force: true });
    folders++;
  }
  return { folders, cgroups, processes };
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
