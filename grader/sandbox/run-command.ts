// Running a short probe command to its end: exit code and output, never a throw.
import { execFile } from 'node:child_process';

/** How a probe command ended. */
export interface CommandResult {
  /** Exit status; undefined when it could not start, was killed or timed out. */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** Why it did not end with a status (ENOENT, a timeout), in one line. */
  failure?: string;
}

/**
 * Runs `file` with stdin closed and resolves when it ends. node:child_process rather than execa:
 * the main process probes with it before every run and every worker mounts its tmpfs with it,
 * and execa alone costs 140 ms to load.
 */
export function runCommand(file: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: timeoutMs, encoding: 'utf8', maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : undefined) : 0;
      const failure = error && code === undefined ? error.message.split('\n')[0] : undefined;
      resolve({ exitCode: code, stdout: String(stdout ?? ''), stderr: String(stderr ?? ''), ...(failure ? { failure } : {}) });
    });
    child.stdin?.end();
  });
}
