// CPU figures for `npm run bench`: each grader process appends what it used itself, and each box
// what its programs used (from its cgroup: a killed box's programs are never waited for, so no
// parent's rusage, nor GNU time, ever counts them).
import fs from 'node:fs';

/** Set to a file path to have the grading process, every worker and every box append their CPU time. */
export const CPU_LOG_ENV = 'SOCKGRADE_CPU_LOG';

/**
 * Appends `<role> <pid> <ms>` (user + system of this process only, never its children: the
 * student programs' CPU is theirs) when the variable names a file; does nothing otherwise.
 */
export function logOwnCpu(role: 'main' | 'worker'): void {
  if (!process.env[CPU_LOG_ENV]) return;
  const { user, system } = process.cpuUsage();
  append(`${role} ${process.pid} ${Math.round((user + system) / 1000)}`);
}

/** Appends `box <pid> <ms>`: what every process of one box used, read from its cgroup before removal. */
export function logBoxCpu(pid: number | undefined, cpuSeconds: () => number | undefined): void {
  // Asked only when logging: a grading run does not read every box's cpu.stat for nothing.
  if (!process.env[CPU_LOG_ENV]) return;
  const seconds = cpuSeconds();
  if (seconds !== undefined) append(`box ${pid ?? 0} ${Math.round(seconds * 1000)}`);
}

function append(line: string): void {
  try {
    fs.appendFileSync(process.env[CPU_LOG_ENV]!, `${line}\n`);
  } catch {
    // A benchmark aid: a failed write only loses the figure.
  }
}
