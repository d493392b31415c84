// The private, writable copy of a submission that its programs run in.
import fs from 'node:fs';
import path from 'node:path';
import { runCommand } from '../sandbox/run-command.js';

// Never copied: version control, dependencies, caches. They are not the student's program.
const SKIPPED = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', '__MACOSX']);
/** Files larger than this are left out of the copy (a submission is source code). */
export const MAX_COPIED_FILE = 5 * 1024 * 1024;

/** Copies regular files and folders only: links are skipped so the copy cannot point outside. */
export function copySubmission(from: string, to: string, depth = 0): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory() && depth < 6) copySubmission(src, dst, depth + 1);
    else if (entry.isFile() && fs.statSync(src).size <= MAX_COPIED_FILE) fs.copyFileSync(src, dst);
  }
}

/** Mounts a size- and inode-limited tmpfs at `dir` (inside the worker's own mount namespace); false if it failed. */
export async function mountWorkTmpfs(dir: string, sizeMiB: number): Promise<boolean> {
  fs.mkdirSync(dir, { recursive: true });
  return succeeds('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,nr_inodes=20000,mode=0755`, 'sockgrade', dir]);
}

/** Unmounts a job's tmpfs so its memory is freed before the worker takes the next job. */
export async function unmountWorkTmpfs(dir: string): Promise<void> {
  await succeeds('umount', ['-l', dir]);
  fs.rmSync(dir, { recursive: true, force: true });
}

// Through runCommand, not execa: these run in every worker, and loading execa costs a worker
// about 140 ms of CPU at its start.
async function succeeds(file: string, args: string[]): Promise<boolean> {
  return (await runCommand(file, args, 10_000)).exitCode === 0;
}
