// A transcript as the sequence diagram and the transcript table read it: shared by check cards and pair details.
import type { Msg, TranscriptEntry } from '../events.js';
import type { SeqEntry } from './html-svg.js';
import { kindLabel, laneLabel } from './html-labels.js';
import { visible } from './html-text.js';
import { say } from './safe.js';

type T = (msg: Msg) => string;

/** Each entry with its note translated and words for the table; text made visible, never escaped here. */
export function entriesModel(transcript: TranscriptEntry[], t: T): (SeqEntry & Record<string, unknown>)[] {
  return transcript.map((e) => ({
    t: e.t,
    from: e.from,
    to: e.to,
    kind: e.kind,
    // For the table; the drawing names lanes and kinds itself.
    fromLabel: laneLabel(t, e.from),
    toLabel: laneLabel(t, e.to),
    kindLabel: kindLabel(t, e.kind),
    text: visible(e.text),
    note: say(t, e.note),
    missed: e.missed === true,
  }));
}
