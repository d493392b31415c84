// Per-port locks between workers, used only where no network namespace separates submissions.
import fs from 'node:fs';
import path from 'node:path';
import { delay } from './wait.js';

/** Held locks; release() frees them all. */
export interface PortLease {
  release(): void;
}

/** Takes all the ports' locks at once (or none), waiting while another worker holds one. */
export async function lockPorts(lockDir: string, ports: number[], timeoutMs: number): Promise<PortLease> {
  const wanted = [...new Set(ports)].sort((a, b) => a - b);
  const deadline = Date.now() + timeoutMs;
  fs.mkdirSync(lockDir, { recursive: true });
  for (let backoff = 5; ; backoff = Math.min(100, backoff * 2)) {
    const taken: string[] = [];
    for (const port of wanted) {
      const file = path.join(lockDir, String(port));
      try {
        fs.mkdirSync(file);
        taken.push(file);
      } catch {
        break;
      }
    }
    const lease = { release: () => taken.forEach((f) => fs.rmSync(f, { recursive: true, force: true })) };
    if (taken.length === wanted.length) return lease;
    lease.release();
    // Past the deadline we go on unlocked: a clash then shows as a visible bind failure, not a hang.
    if (Date.now() > deadline) return { release: () => {} };
    await delay(backoff);
  }
}
