// Shared test plumbing: the recorded sample run, reporter options, a temp dir, a fake stream.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import type { GradeEvent, Msg, Reporter, ReporterOptions, SubmissionEndEvent } from '../../grader/events.js';
import { decodeLog } from '../../grader/log/decode.js';
import { EventEmitterHub } from '../../grader/run/emitter.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const HOSTILE_ID = '=HYPERLINK("http://evil.example","carol, c")';

/** The recorded sample run, parsed fresh each time so tests may mutate it. */
export function sampleEvents(): GradeEvent[] {
  const text = fs.readFileSync(path.join(root, 'test/fixtures/events/sample.jsonl'), 'utf8');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as GradeEvent);
}

/** A log recorded from a real grading run of six fixtures (check:end events left out, paths made relative). */
export function realEvents(): GradeEvent[] {
  const text = fs.readFileSync(path.join(root, 'test/fixtures/events/real-run.jsonl'), 'utf8');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as GradeEvent);
}

/** A recorded run explained by root causes: dani's server deadlocks, edu's never accepts a second client. */
export function causeEvents(): GradeEvent[] {
  const text = fs.readFileSync(path.join(root, 'test/fixtures/events/causes.jsonl'), 'utf8');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as GradeEvent);
}

/** The submission:end event of one submission in the sample. */
export function resultOf(events: GradeEvent[], id: string): SubmissionEndEvent {
  const found = events.find((e): e is SubmissionEndEvent => e.type === 'submission:end' && e.submissionId === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
}

/** A translator over the real ui catalog; other keys render as `key {params}` so tests see params. */
export function testTranslator(lang = 'en'): (msg: Msg) => string {
  const catalog = JSON.parse(fs.readFileSync(path.join(root, 'reports/locales', lang, 'ui.json'), 'utf8')) as Record<string, string>;
  return (msg) => {
    const template = catalog[msg.key];
    if (template === undefined) return `${msg.key} ${JSON.stringify(msg.params ?? {})}`;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (msg.params && name in msg.params ? String(msg.params[name]) : whole));
  };
}

/** A fresh, empty output folder. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sockgrade-reporters-'));
}

/** A writable that remembers everything written to it. */
export function memoryStream(): NodeJS.WritableStream & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

/** Reporter options for a test, writing into `outDir`. */
export function options(outDir: string, overrides: Partial<ReporterOptions> = {}): ReporterOptions {
  return {
    outDir,
    lang: 'en',
    quiet: false,
    t: testTranslator(overrides.lang ?? 'en'),
    stream: memoryStream(),
    isTTY: false,
    color: false,
    ...overrides,
  };
}

/** Events as `grade report` sees them: written as a log, then read back through the one decoder. */
export function decodeEvents(events: unknown[], warnings: string[] = []): GradeEvent[] {
  return decodeLog(events.map((e) => `${JSON.stringify(e)}\n`).join(''), 'test.jsonl', (w) => void warnings.push(w));
}

/** A hub holding one reporter: events go in one at a time, decoded; a reporter that throws fails the test. */
export function feed(reporter: Reporter) {
  const hub = new EventEmitterHub([reporter]);
  const failed = () => {
    // The hub keeps a throwing reporter from stopping a run; a test must see the throw.
    if (hub.reporterFailures.length > 0) throw new Error(hub.reporterFailures.map((f) => f.error).join('\n'));
  };
  return {
    async step(...events: unknown[]): Promise<void> {
      for (const e of decodeEvents(events)) hub.emit(e);
      await hub.idle();
      failed();
    },
    async end(): Promise<void> {
      await hub.close();
      failed();
    },
  };
}

/** Replays events through a reporter the way `grade report` does (decoded once, one summary, hooks), then ends it. */
export async function replay(reporter: Reporter, events: unknown[]): Promise<void> {
  const hub = feed(reporter);
  await hub.step(...events);
  await hub.end();
}

/** Events a truncated, hand-edited or future-version log might contain. */
export const ODD_EVENTS: unknown[] = [
  null,
  42,
  'run:begin',
  {},
  { type: 'run:begin' },
  { type: 'run:begin', isolation: { tier: 'weird' }, settings: { exercises: 'tcp-hello' }, submissions: [{ id: 7 }, null] },
  { type: 'submission:begin' },
  { type: 'check:end', check: null },
  { type: 'submission:end', submissionId: 'x', exercises: [null, { checks: [{ status: 'odd', transcript: [{}, null], notes: [{}, 'text'], cause: 7, evidence: [null, { line: 'x' }, 'text'] }], diagnostics: [{ line: 'seven', checks: [3, null, '?', '?'], evidence: 'none' }], programs: [{}] }] },
  { type: 'submission:end', submissionId: 'y', score: 'NaN', exercises: 'none' },
  { type: 'error' },
  { type: 'run:end', durationMs: -5 },
  { type: 'from-the-future', payload: true },
];
