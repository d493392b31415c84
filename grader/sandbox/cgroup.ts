// A pids cgroup per box: counts processes (RLIMIT_NPROC does not bind root) and kills escapees.
import fs from 'node:fs';
import path from 'node:path';

const CANDIDATES = ['/sys/fs/cgroup/pids', '/sys/fs/cgroup/unified', '/sys/fs/cgroup'];

/** The writable folder under which sockgrade makes its cgroups, or undefined. */
export function cgroupBase(): string | undefined {
  for (const root of CANDIDATES) {
    const hasPids = fs.existsSync(path.join(root, 'pids.max')) || readable(path.join(root, 'cgroup.controllers')).includes('pids') || root.endsWith('/pids');
    if (!hasPids || !fs.existsSync(path.join(root, 'cgroup.procs'))) continue;
    const base = path.join(root, 'sockgrade');
    try {
      fs.mkdirSync(base, { recursive: true });
      if (!root.endsWith('/pids')) fs.writeFileSync(path.join(root, 'cgroup.subtree_control'), '+pids');
      if (!root.endsWith('/pids')) fs.writeFileSync(path.join(base, 'cgroup.subtree_control'), '+pids');
      return base;
    } catch {
      continue;
    }
  }
  return undefined;
}

function readable(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Creates a box's cgroup with a process limit; returns its folder or undefined on failure. */
export function createBoxCgroup(base: string, runId: string, boxId: string, maxPids: number): string | undefined {
  const dir = path.join(base, runId, boxId);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pids.max'), String(maxPids));
    return dir;
  } catch {
    return undefined;
  }
}

/** Pids currently in a cgroup. */
export function cgroupPids(dir: string): number[] {
  return readable(path.join(dir, 'cgroup.procs'))
    .split('\n')
    .filter(Boolean)
    .map(Number);
}

/** SIGKILLs everything in the cgroup; true once it is empty. */
export function killCgroup(dir: string): boolean {
  try {
    fs.writeFileSync(path.join(dir, 'cgroup.kill'), '1');
  } catch {
    // cgroup v1 has no cgroup.kill: kill each member.
    for (const pid of cgroupPids(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  return cgroupPids(dir).length === 0;
}

/** Removes a box's cgroup folder once empty; failures are left for the next run's sweep. */
export function removeCgroup(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // Still has members for a moment; the sweep of a later run removes it.
  }
}

/** Kills and removes the cgroups of runs whose grader process is gone. */
export function sweepStaleCgroups(base: string, isAlive: (runId: string) => boolean): number {
  let swept = 0;
  for (const runId of safeList(base)) {
    if (isAlive(runId)) continue;
    const runDir = path.join(base, runId);
    for (const box of safeList(runDir)) {
      killCgroup(path.join(runDir, box));
      removeCgroup(path.join(runDir, box));
    }
    removeCgroup(runDir);
    swept++;
  }
  return swept;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
