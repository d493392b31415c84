// What earlier checks of one program showed, so later checks need not wait it out again.
import { msg } from './failure.js';
import type { Msg } from '../events.js';

/** A lesson one check taught, for the note of a later check that waited less because of it. */
interface Lesson {
  /** The check that showed it. */
  checkId: string;
  /** How long that check waited in vain, scaled. */
  fullMs: number;
}

/** A wait of this check that was cut short by a lesson. */
export interface CutShort {
  lesson: string;
  by: string;
  fullMs: number;
  waitedMs: number;
}

/** The lessons of one program across its checks, in the order they run. */
export class Lessons {
  private readonly known = new Map<string, Lesson>();

  /** The lesson, if an earlier check taught it and no check since saw the contrary. */
  get(lesson: string): Lesson | undefined {
    return this.known.get(lesson);
  }

  /** Records that `checkId` waited `fullMs` in vain for what `lesson` names. */
  learn(lesson: string, checkId: string, fullMs: number): void {
    if (!this.known.has(lesson)) this.known.set(lesson, { checkId, fullMs });
  }

  /** The program did what the lesson said it does not: later checks wait the full time again. */
  unlearn(lesson: string): void {
    this.known.delete(lesson);
  }
}

/** The note of a failed check that waited less: `<lesson>.cut-short`, told once per lesson. */
export function cutShortNotes(cuts: CutShort[]): Msg[] {
  const seen = new Set<string>();
  return cuts
    .filter((c) => !seen.has(c.lesson) && seen.add(c.lesson))
    .map((c) => msg(`${c.lesson}.cut-short`, { check: c.by, full: round(c.fullMs), waited: round(c.waitedMs) }));
}

function round(ms: number): number {
  return Math.round(ms / 100) / 10;
}
