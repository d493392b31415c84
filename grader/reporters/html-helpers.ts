// Handlebars helpers for the HTML report; each one escapes whatever it did not write itself.
import Handlebars from 'handlebars';
import path from 'node:path';
import type { Msg } from '../events.js';
import { kindLabel, laneLabel } from './html-labels.js';
import { histogramSvg, sequenceSvg, type SeqEntry } from './html-svg.js';
import { escapeHtml, visible } from './html-text.js';
import { fmtDuration, label } from './safe.js';

type HB = typeof Handlebars;
interface HelperOptions { hash?: Record<string, unknown> }

const TRACEBACK_FRAME = /File "([^"\r\n]+)", line (\d+)/g;

// Templates may pass anything: a helper turns what it cannot use into nothing, never an exception.
const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Registers every helper on an isolated Handlebars environment. */
export function registerHelpers(hb: HB, t: (msg: Msg) => string): void {
  const ui = (key: string, params?: Msg['params']) => label(t, key, params);
  hb.registerHelper('t', (key: unknown, options: HelperOptions) => ui(String(key), hashParams(options)));
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('fmtMs', (n: unknown) => `${Math.round(num(n))} ms`);
  hb.registerHelper('fmtDuration', (n: unknown) => fmtDuration(num(n)));
  const words = { lane: (id: string) => laneLabel(t, id), kind: (k: string) => kindLabel(t, k) };
  // `lanes="client,server"` names the lanes drawn first (a pair's two programs); a check starts with the student.
  hb.registerHelper('sequence', (entries: unknown, verdict: unknown, options?: HelperOptions) => {
    const lanes = options?.hash?.lanes;
    const first = typeof lanes === 'string' && lanes ? lanes.split(',') : undefined;
    return new hb.SafeString(sequenceSvg(list<SeqEntry>(entries), ui('ui.transcript.missed'), typeof verdict === 'string' ? verdict : undefined, words, first));
  });
  hb.registerHelper('histogram', (buckets: unknown) => {
    const counts = list<number>(buckets);
    const width = 100 / Math.max(1, counts.length);
    const title = (i: number) => ui('ui.histogram.bar', { count: counts[i] ?? 0, from: i * width, to: (i + 1) * width });
    return new hb.SafeString(histogramSvg(counts, title));
  });
  hb.registerHelper('traceback', (text: unknown, anchor: unknown, fileName: unknown) =>
    new hb.SafeString(linkTraceback(String(text ?? ''), String(anchor ?? ''), String(fileName ?? ''))),
  );
}

/** Escapes stderr and links `File "…/x.py", line N` frames of the student's own file to its listing. */
export function linkTraceback(text: string, anchor: string, fileName: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TRACEBACK_FRAME)) {
    const start = m.index ?? 0;
    out += escapeHtml(visible(text.slice(last, start)));
    const frame = escapeHtml(visible(m[0]));
    const own = fileName && path.posix.basename(m[1]!.replace(/\\/g, '/')) === fileName;
    out += own ? `<a href="#${escapeHtml(anchor)}-L${m[2]}">${frame}</a>` : frame;
    last = start + m[0].length;
  }
  return out + escapeHtml(visible(text.slice(last)));
}

function hashParams(options: HelperOptions): Msg['params'] {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(options?.hash ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  }
  return Object.keys(params).length ? params : undefined;
}
