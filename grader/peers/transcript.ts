// The transcript of one check: every byte sent, received or printed, with its time offset.
import type { Msg, TranscriptEntry } from '../events.js';

/** Longest text kept per transcript entry. */
export const ENTRY_CAP = 2000;
/** Most entries kept per check; later ones are counted. */
export const ENTRIES_CAP = 400;

/** Collects transcript entries relative to the check's start time. */
export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  dropped = 0;
  constructor(private readonly startedAt: number = Date.now()) {}

  /** Records one entry; text is capped so a flood cannot bloat the report. */
  add(from: string, to: string, kind: string, text: string, extra: { note?: Msg; missed?: boolean } = {}): void {
    if (this.entries.length >= ENTRIES_CAP) {
      this.dropped++;
      return;
    }
    const capped = text.length > ENTRY_CAP ? `${text.slice(0, ENTRY_CAP)}… (+${text.length - ENTRY_CAP})` : text;
    this.entries.push({ t: Date.now() - this.startedAt, from, to, kind, text: capped, ...extra });
  }
}
