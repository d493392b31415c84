// Reading the process table from /proc: a launch's process tree, its socket inodes, its CPU time.
import fs from 'node:fs';

/** Parent pid and CPU ticks of one process, or undefined when it is gone. */
export interface ProcStat {
  pid: number;
  ppid: number;
  state: string;
  cpuTicks: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so split after the last ')'. */
export function parseStat(pid: number, text: string): ProcStat {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  return { pid, ppid: Number(rest[1]), state: rest[0], cpuTicks: Number(rest[11]) + Number(rest[12]) };
}

/** Reads one process's stat, or undefined if it has exited. */
export function readStat(pid: number): ProcStat | undefined {
  try {
    return parseStat(pid, fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every live pid on the machine. */
export function allPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The pid and all its descendants that are still alive (zombies excluded). */
export function processTree(rootPid: number): ProcStat[] {
  const tree: ProcStat[] = [];
  const queue = [rootPid];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const stat = readStat(pid);
    if (!stat || stat.state === 'Z') continue;
    tree.push(stat);
    queue.push(...childPids(pid));
  }
  return tree;
}

// Readiness polls the tree every few ms: the kernel's per-thread children lists cost a few
// reads, where a scan of every /proc/<pid>/stat costs one read per process on the machine.
function childPids(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tasks) {
    try {
      children.push(...fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && tid === String(pid) && !fs.existsSync(`/proc/${pid}/task/${tid}/children`)) {
        return childrenByScan(pid);
      }
    }
  }
  return children;
}

// Kernels without CONFIG_PROC_CHILDREN: find children by their parent pid.
function childrenByScan(pid: number): number[] {
  return allPids()
    .map(readStat)
    .filter((s): s is ProcStat => s !== undefined && s.ppid === pid)
    .map((s) => s.pid);
}

/** Socket inodes held open by a process (from its fd links `socket:[N]`). */
export function socketInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(Number(match[1]));
    } catch {
      // The fd closed while we looked: nothing to record.
    }
  }
  return inodes;
}

/** Clock ticks per second for /proc CPU times (Linux uses 100 on every common architecture). */
export const CLOCK_TICKS = 100;

/** Pids whose environment carries a marker (used to prove no student process is left). */
export function pidsWithMarker(marker: string): number[] {
  return allPids().filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker);
    } catch {
      return false;
    }
  });
}
