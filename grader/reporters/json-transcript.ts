// A transcript entry as JSON, shared by results.json (checks) and pairs.json (pairs) so both read alike.
import type { Msg, TranscriptEntry } from '../events.js';
import { say } from './safe.js';

/** One entry with its note in the report's language and `missed` always present. */
export function entryJson(e: TranscriptEntry, t: (msg: Msg) => string) {
  return { t: e.t, from: e.from, to: e.to, kind: e.kind, text: e.text, note: say(t, e.note), missed: e.missed === true };
}
