// The one decoder of events.jsonl: torn and garbled lines, old and new formats, odd events.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../grader/errors.js';
import { LOG_VERSION, type RunBeginEvent, type SubmissionEndEvent } from '../../grader/events.js';
import { decodeLog, readLog } from '../../grader/log/decode.js';
import { root, tempDir } from '../reporters/helpers.js';

const SAMPLE = path.join(root, 'test/fixtures/events/sample.jsonl');
const sampleLines = () => fs.readFileSync(SAMPLE, 'utf8').split('\n').filter(Boolean);

function decode(text: string) {
  const warnings: string[] = [];
  const events = decodeLog(text, 'out/events.jsonl', (w) => void warnings.push(w));
  return { events, warnings };
}

describe('decodeLog', () => {
  it('reads a whole log, with one event per line and no warning', () => {
    const { events, warnings } = decode(sampleLines().join('\n') + '\n');
    expect(warnings).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(sampleLines().map((l) => JSON.parse(l).type));
  });

  it('skips a torn last line with one sentence and decodes the rest', () => {
    const lines = sampleLines();
    const last = lines.pop()!;
    const alice = lines.pop()!;
    // A run killed in the middle of writing alice's result: no newline, half a JSON object.
    const { events, warnings } = decode([...lines, alice.slice(0, alice.length / 2)].join('\n'));
    expect(warnings).toEqual(['out/events.jsonl ends in a torn line (line 24), probably from a run that was stopped; it was skipped.']);
    expect(events).toHaveLength(23);
    expect(events.filter((e) => e.type === 'submission:end').map((e) => (e as SubmissionEndEvent).submissionId)).toEqual(['bob', '=HYPERLINK("http://evil.example","carol, c")']);
    expect(last).toContain('run:end');
  });

  it('calls a garbled last line torn even when it ends in a newline', () => {
    const { events, warnings } = decode(`${sampleLines()[0]}\n{"type":"submission:be\n\n`);
    expect(warnings).toEqual(['out/events.jsonl ends in a torn line (line 2), probably from a run that was stopped; it was skipped.']);
    expect(events).toHaveLength(1);
  });

  it('skips a garbage line in the middle with a warning naming it', () => {
    const lines = sampleLines();
    lines.splice(3, 0, '\u0000\u0000garbage{');
    const { events, warnings } = decode(lines.join('\n') + '\n');
    expect(warnings).toEqual(['out/events.jsonl: line 4 is not valid JSON; it was skipped.']);
    expect(events).toHaveLength(25);
  });

  it('names the first bad lines and counts the rest', () => {
    const lines = [sampleLines()[0]!, ...Array.from({ length: 8 }, () => '{nope'), sampleLines()[24]!];
    const { events, warnings } = decode(lines.join('\n'));
    expect(events.map((e) => e.type)).toEqual(['run:begin', 'run:end']);
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toBe('out/events.jsonl: line 2 is not valid JSON; it was skipped.');
    expect(warnings[5]).toBe('out/events.jsonl: 3 more lines are not valid JSON; they were skipped.');
  });

  it('refuses a log of a newer format with one sentence', () => {
    const begin = { ...JSON.parse(sampleLines()[0]!), logVersion: LOG_VERSION + 1 };
    const text = `${JSON.stringify(begin)}\n${sampleLines()[24]}\n`;
    expect(() => decode(text)).toThrow(UsageError);
    expect(() => decode(text)).toThrow(
      `out/events.jsonl was written by a newer sockgrade (log format ${LOG_VERSION + 1}; this one reads up to ${LOG_VERSION}): update sockgrade to read it.`,
    );
  });

  it('upgrades a version-1 log (no logVersion) and fills every default', () => {
    const v1 = { type: 'run:begin', runId: 'r1', startedAt: '2024-05-01T10:00:00.000Z', settings: { exercises: ['tcp-hello'] }, submissions: [{ id: 'ana', path: 'ana' }] };
    const result = { type: 'submission:end', submissionId: 'ana', score: 50, exercises: [{ id: 'tcp-hello', status: 'graded', checks: [{ id: 'c1', status: 'pass' }] }] };
    const { events, warnings } = decode([v1, result].map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect(warnings).toEqual([]);
    const begin = events[0] as RunBeginEvent;
    expect(begin.logVersion).toBe(LOG_VERSION);
    expect(begin.settings).toMatchObject({ exercises: ['tcp-hello'], jobs: 0, timeoutScale: 1, python: '' });
    expect(begin.isolation).toEqual({ tier: 'none', mechanisms: [], missing: [] });
    const check = (events[1] as SubmissionEndEvent).exercises[0]!.checks[0]!;
    expect(check).toMatchObject({ id: 'c1', status: 'pass', weight: 1, notes: [], transcript: [], evidence: [] });
  });

  it('reads a log of the current format as written', () => {
    const begin = { ...JSON.parse(sampleLines()[0]!), logVersion: LOG_VERSION };
    const { events, warnings } = decode(`${JSON.stringify(begin)}\n`);
    expect(warnings).toEqual([]);
    expect((events[0] as RunBeginEvent).logVersion).toBe(LOG_VERSION);
  });

  it('drops values that are no event, with one warning for all of them', () => {
    const odd = ['null', '42', '"run:begin"', '[]', '{}', '{"type":"from-the-future"}'];
    const { events, warnings } = decode([sampleLines()[0], ...odd].join('\n') + '\n');
    expect(events.map((e) => e.type)).toEqual(['run:begin']);
    expect(warnings).toEqual(['out/events.jsonl: lines 2, 3, 4, 5, 6 and 1 more hold no event this sockgrade knows (not an object, or an unknown type); skipped.']);
  });

  it('readLog reads a file and warns in sentences', () => {
    const file = path.join(tempDir(), 'events.jsonl');
    fs.writeFileSync(file, `${sampleLines()[0]}\n{"type":"run:e`);
    const warnings: string[] = [];
    expect(readLog(file, (w) => void warnings.push(w)).map((e) => e.type)).toEqual(['run:begin']);
    expect(warnings).toEqual([`${file} ends in a torn line (line 2), probably from a run that was stopped; it was skipped.`]);
  });
});
