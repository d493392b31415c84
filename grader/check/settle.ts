// Ending a wait that can no longer succeed: the programs under test wait for input nobody sends.
import { msg } from './failure.js';
import type { Msg } from '../events.js';

/** A wait a check stopped early because the programs had settled. */
export interface SettledStop {
  waitedMs: number;
  fullMs: number;
  /** Every program of the check had ended: nothing more could come from them. */
  exited?: boolean;
}

/** Two settled samples at least this far apart settle it. */
const MIN_GAP_MS = 30;
/** Samples further apart than this do not count as one observation. */
const MAX_GAP_MS = 150;
/** A wait is first sampled this far in: a program that does the thing does it sooner. */
export const SETTLE_FIRST_MS = 100;
/** Then every this often (a sample reads /proc: about 1–3 ms). */
const SETTLE_EVERY_MS = 50;

/**
 * Samples whether every running program of a check waits for input with nothing unread (the
 * sample reads the kernel's socket queues, ours included, so what the program sent has reached
 * the grader). A sample counts only together with the previous one: both settled, 30–150 ms
 * apart, so a thread seen between two calls is never mistaken for a waiting one.
 */
export class SettleWatch {
  private since?: number;
  private lastAt = 0;

  constructor(private readonly settledNow: () => boolean) {}

  /**
   * Forgets earlier samples: after the grader changes the programs' world (a new connection, a
   * close, a line typed, a launch), only samples taken since count. A settled server that just
   * got a new client may not have registered it when the last line came in; the next line would.
   */
  reset(): void {
    this.since = undefined;
  }

  /** Takes a sample; true when this one and the previous prove nothing more will come. */
  sample(): boolean {
    const at = Date.now();
    if (!this.settledNow()) {
      this.since = undefined;
      return false;
    }
    // The previous sample must be recent too: settled then and now says nothing about between.
    if (this.since === undefined || at - this.lastAt > MAX_GAP_MS) this.since = at;
    this.lastAt = at;
    return at - this.since >= MIN_GAP_MS;
  }

  /**
   * Races `wait` (whose own deadline is `timeoutMs`) with settling: if the programs settle first,
   * resolves `none`, as the wait itself would at its deadline, and reports the stop.
   */
  orSettled<T>(wait: Promise<T>, timeoutMs: number, none: T, onStop: (stop: SettledStop) => void): Promise<T> {
    if (timeoutMs < 2 * SETTLE_FIRST_MS) return wait;
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let over = false;
    const early = new Promise<T>((resolve) => {
      const tick = () => {
        if (over) return;
        if (!this.sample()) {
          timer = setTimeout(tick, SETTLE_EVERY_MS);
          return;
        }
        // One more turn of the event loop first: output the program wrote to a pipe just before
        // it settled is read in that turn, and then the wait itself wins the race.
        timer = setTimeout(() => {
          if (over) return;
          onStop({ waitedMs: Date.now() - started, fullMs: timeoutMs });
          resolve(none);
        }, 2);
      };
      timer = setTimeout(tick, SETTLE_FIRST_MS);
    });
    return Promise.race([wait, early]).finally(() => {
      over = true;
      clearTimeout(timer);
    });
  }
}

/** The note of a failed check that stopped a wait early: the first such wait, in seconds. */
export function settledNotes(stops: SettledStop[]): Msg[] {
  const first = stops[0];
  if (!first) return [];
  const secs = (ms: number) => Math.round(ms / 100) / 10;
  return [msg(first.exited ? 'check.settled-exited' : 'check.settled', { waited: secs(first.waitedMs), full: secs(first.fullMs) })];
}
