// Cgroups per box: pids.max bounds processes (RLIMIT_NPROC does not bind root), and a v2 cgroup's
// cgroup.kill and cpu.stat kill every escapee at once and tell how much CPU the whole box used.
import fs from 'node:fs';
import path from 'node:path';

/** cgroup v1 pids hierarchy, then the v2 hierarchy of a hybrid system, then a pure v2 system. */
const V1_PIDS = '/sys/fs/cgroup/pids';
const V2_ROOTS = ['/sys/fs/cgroup/unified', '/sys/fs/cgroup'];
const BASE = 'sockgrade';

/** Writable folders under which sockgrade makes its cgroups, one per hierarchy it can use. */
export function cgroupBases(): string[] {
  const bases: string[] = [];
  if (fs.existsSync(path.join(V1_PIDS, 'cgroup.procs'))) pushIfMade(bases, path.join(V1_PIDS, BASE));
  const v2 = V2_ROOTS.find((root) => fs.existsSync(path.join(root, 'cgroup.controllers')));
  if (v2) {
    const base = path.join(v2, BASE);
    // Without a v1 pids hierarchy, the v2 one must count processes: delegate pids down to our base.
    if (bases.length === 0 && read(path.join(v2, 'cgroup.controllers')).split(/\s+/).includes('pids')) {
      tryWrite(path.join(v2, 'cgroup.subtree_control'), '+pids');
    }
    pushIfMade(bases, base);
    if (bases.includes(base)) tryWrite(path.join(base, 'cgroup.subtree_control'), '+pids');
  }
  return bases;
}

/** What the cgroup bases offer: a process limit, an atomic kill. */
export function cgroupFeatures(bases: string[]): { pidsMax: boolean; atomicKill: boolean } {
  const probe = BoxCgroup.create(bases, `probe-${process.pid}`, 'probe', 64);
  const features = { pidsMax: probe?.pidsLimited ?? false, atomicKill: probe?.dirs.some((d) => fs.existsSync(path.join(d, 'cgroup.kill'))) ?? false };
  probe?.remove();
  for (const base of bases) rmdir(path.join(base, `probe-${process.pid}`));
  return features;
}

/** The cgroups of one box (one folder per hierarchy), joined before the box's first process runs. */
export class BoxCgroup {
  private constructor(
    readonly dirs: string[],
    /** pids.max was set in at least one hierarchy. */
    readonly pidsLimited: boolean,
  ) {}

  /** Creates the box's cgroups with a process limit; undefined when no hierarchy is writable. */
  static create(bases: string[], runId: string, boxId: string, maxPids: number): BoxCgroup | undefined {
    const dirs: string[] = [];
    let limited = false;
    for (const base of bases) {
      const runDir = path.join(base, runId);
      const dir = path.join(runDir, boxId);
      try {
        fs.mkdirSync(runDir, { recursive: true });
        // cgroup v2 hands a controller to grandchildren only if each level enables it.
        if (read(path.join(base, 'cgroup.subtree_control')).includes('pids')) tryWrite(path.join(runDir, 'cgroup.subtree_control'), '+pids');
        fs.mkdirSync(dir);
      } catch {
        continue;
      }
      dirs.push(dir);
      if (fs.existsSync(path.join(dir, 'pids.max')) && tryWrite(path.join(dir, 'pids.max'), String(maxPids))) limited = true;
    }
    return dirs.length > 0 ? new BoxCgroup(dirs, limited) : undefined;
  }

  /** Pids in the box's cgroups. */
  pids(): number[] {
    return [...new Set(this.dirs.flatMap(cgroupPids))];
  }

  /** SIGKILLs everything in the box; true once it is empty. */
  kill(): boolean {
    for (const dir of this.dirs) killCgroup(dir);
    return this.pids().length === 0;
  }

  /** CPU seconds used by every process that ever ran in the box (cgroup v2 only). */
  cpuSeconds(): number | undefined {
    for (const dir of this.dirs) {
      const usage = /^usage_usec (\d+)$/m.exec(read(path.join(dir, 'cpu.stat')));
      if (usage) return Number(usage[1]) / 1e6;
    }
    return undefined;
  }

  /** Removes the box's folders once empty; a failure is left for a later sweep. */
  remove(): void {
    for (const dir of this.dirs) rmdir(dir);
  }
}

/** Pids currently in one cgroup folder. */
export function cgroupPids(dir: string): number[] {
  return read(path.join(dir, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);
}

/** SIGKILLs everything in one cgroup folder: at once with cgroup.kill, else pid by pid (v1). */
export function killCgroup(dir: string): void {
  if (fs.existsSync(path.join(dir, 'cgroup.kill')) && tryWrite(path.join(dir, 'cgroup.kill'), '1')) return;
  for (const pid of cgroupPids(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Kills and removes the cgroups of runs that `isAlive` says are over; returns how many runs. */
export function sweepStaleCgroups(bases: string[], isAlive: (runId: string) => boolean): number {
  const swept = new Set<string>();
  for (const base of bases) {
    for (const runId of subfolders(base)) {
      if (isAlive(runId)) continue;
      const runDir = path.join(base, runId);
      for (const box of subfolders(runDir)) killCgroup(path.join(runDir, box));
      for (const box of subfolders(runDir)) rmdir(path.join(runDir, box));
      rmdir(runDir);
      swept.add(runId);
    }
  }
  return swept.size;
}

function pushIfMade(bases: string[], base: string): void {
  try {
    fs.mkdirSync(base, { recursive: true });
    bases.push(base);
  } catch {
    // Not writable here (not root, or no delegation): this hierarchy is not used.
  }
}

function subfolders(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tryWrite(file: string, text: string): boolean {
  try {
    fs.writeFileSync(file, text);
    return true;
  } catch {
    return false;
  }
}

function rmdir(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // Still has members for a moment, or already gone; a later sweep removes it.
  }
}
