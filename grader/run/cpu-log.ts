// The grader's own CPU, for `npm run bench`: each grader process appends what it used itself.
import fs from 'node:fs';

/** Set to a file path to have the grading process and every worker append their own CPU time. */
export const CPU_LOG_ENV = 'SOCKGRADE_CPU_LOG';

/**
 * Appends `<role> <pid> <ms>` (user + system of this process only, never its children: the
 * student programs' CPU is theirs) when the variable names a file; does nothing otherwise.
 */
export function logOwnCpu(role: 'main' | 'worker'): void {
  const file = process.env[CPU_LOG_ENV];
  if (!file) return;
  const { user, system } = process.cpuUsage();
  try {
    fs.appendFileSync(file, `${role} ${process.pid} ${Math.round((user + system) / 1000)}\n`);
  } catch {
    // A benchmark aid: a failed write only loses the figure.
  }
}
