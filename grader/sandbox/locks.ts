// Per-port locks between workers of every run on this machine, used only where no network
// namespace separates submissions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { delay } from './wait.js';

/** Machine-wide, so two grading runs at the none tier also take fixed ports in turn. */
export const LOCKS_DIR = path.join(os.tmpdir(), 'sockgrade-locks');

/** Held locks; release() frees them all. */
export interface PortLease {
  release(): void;
}

/**
 * Takes all the ports' locks at once (or none), waiting while a live process holds one. A lock
 * whose owner died (a SIGKILLed grader) is taken over. Past `timeoutMs` it goes on unlocked: a
 * clash then shows as a visible bind failure, never a hang.
 */
export async function lockPorts(lockDir: string, ports: number[], timeoutMs: number): Promise<PortLease> {
  const wanted = [...new Set(ports)].sort((a, b) => a - b);
  const deadline = Date.now() + timeoutMs;
  fs.mkdirSync(lockDir, { recursive: true });
  for (let backoff = 5; ; backoff = Math.min(100, backoff * 2)) {
    const taken = wanted.filter((port) => tryLock(path.join(lockDir, String(port))));
    // Unlocked leftovers past the deadline are not ours to remove.
    if (taken.length === wanted.length || Date.now() > deadline) return leaseOf(lockDir, taken);
    for (const port of taken) unlock(path.join(lockDir, String(port)));
    await delay(backoff);
  }
}

function leaseOf(lockDir: string, ports: number[]): PortLease {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      for (const port of ports) unlock(path.join(lockDir, String(port)));
    },
  };
}

function tryLock(dir: string): boolean {
  try {
    fs.mkdirSync(dir);
  } catch {
    if (!ownerIsGone(dir)) return false;
    unlock(dir);
    try {
      fs.mkdirSync(dir);
    } catch {
      return false;
    }
  }
  fs.writeFileSync(path.join(dir, 'owner'), String(process.pid));
  return true;
}

/** The owner's pid is dead, or the lock has had no owner file long after it was made (a crash in between). */
export function ownerIsGone(dir: string): boolean {
  let text: string | undefined;
  try {
    text = fs.readFileSync(path.join(dir, 'owner'), 'utf8');
  } catch {
    // Not written yet, or never.
  }
  const pid = Number(text);
  if (text !== undefined && Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
  try {
    return Date.now() - fs.statSync(dir).mtimeMs > 10_000;
  } catch {
    return true;
  }
}

// Two workers may take over the same dead owner's lock at once: one removes the folder while the
// other writes its owner file into it (ENOTEMPTY). Losing that race means trying again, never a fault.
function unlock(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // The other worker's lock stands; tryLock's mkdir fails and the caller waits its turn.
  }
}
