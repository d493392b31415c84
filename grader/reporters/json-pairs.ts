// pairs.json: the interop matrix for other tools: each exercise's rows, columns and counts, then every pair.
import type { Msg, PairResult, RunSummary } from '../events.js';
import { entryJson } from './json-transcript.js';
import { pairMatrices } from './pairs-model.js';
import { label, say } from './safe.js';

type T = (msg: Msg) => string;

/** Bumped whenever a field of pairs.json changes meaning or disappears. */
export const PAIRS_SCHEMA_VERSION = 1;

/**
 * The text of JSON.stringify(buildPairs(…), null, 2) + newline, one pair at a time: a class of 40
 * has thousands of pairs, each with a transcript, and the whole need never be one string.
 */
export function* pairsText(summary: RunSummary, t: T, lang: string): Generator<string> {
  const marker = '"__pairs__"';
  const head = JSON.stringify({ ...headOf(summary, t, lang), pairs: marker }, null, 2);
  const [before, after] = head.split(JSON.stringify(marker));
  if (summary.pairs.length === 0) {
    yield `${before}[]${after}\n`;
    return;
  }
  yield `${before}[\n`;
  for (const [i, p] of summary.pairs.entries()) {
    const text = JSON.stringify(pairJson(p, t), null, 2).replace(/\n/g, '\n    ');
    yield `    ${text}${i < summary.pairs.length - 1 ? ',' : ''}\n`;
  }
  yield `  ]${after}\n`;
}

/** The pairs document for a summary (exported for other tools and tests). */
export function buildPairs(summary: RunSummary, t: T, lang: string) {
  return { ...headOf(summary, t, lang), pairs: summary.pairs.map((p) => pairJson(p, t)) };
}

/** Everything but the pairs: one place, so the streamed text and the document cannot drift apart. */
function headOf(summary: RunSummary, t: T, lang: string) {
  return {
    schemaVersion: PAIRS_SCHEMA_VERSION,
    // The language of each pair's `message`, as in results.json.
    lang,
    exercises: exercisesJson(summary, t),
  };
}

function exercisesJson(summary: RunSummary, t: T) {
  return pairMatrices(summary, label(t, 'pairs.reference')).map((m) => ({
    exercise: m.exercise,
    clients: m.clients.map(({ id, name }) => ({ id, name })),
    servers: m.servers.map(({ id, name }) => ({ id, name })),
    counts: m.counts,
  }));
}

function pairJson(p: PairResult, t: T) {
  return {
    exercise: p.exercise,
    client: p.client,
    server: p.server,
    verdict: p.verdict,
    cause: p.cause ?? null,
    // The sentence in this file's language, and the Msg it came from for a tool that translates itself.
    message: say(t, p.message),
    msg: p.message ?? null,
    relay: p.relay ?? null,
    disagreement: p.disagreement === true,
    durationMs: p.durationMs,
    transcript: p.transcript.map((e) => entryJson(e, t)),
  };
}
