import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonReporter } from '../../grader/reporters/json.js';
import { HOSTILE_ID, options, replay, sampleEvents, tempDir } from './helpers.js';

async function results(events: unknown[]) {
  const dir = tempDir();
  await replay(createJsonReporter(options(dir)), events);
  return JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
}

describe('json reporter', () => {
  it('writes the run header from run:begin and run:end', async () => {
    const doc = await results(sampleEvents());
    expect(doc).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'sockgrade', version: '0.1.0' },
      startedAt: '2025-03-14T13:05:00.000Z',
      durationMs: 18432,
      interrupted: false,
      isolation: { tier: 'full' },
      lang: 'en',
    });
    expect(doc.errors).toEqual([{ submissionId: 'bob', message: 'reference peer B crashed: write EPIPE' }]);
  });

  it('orders submissions as planned, not as they finished', async () => {
    const doc = await results(sampleEvents());
    // The log finishes bob, then the hostile id, then alice.
    expect(doc.submissions.map((s: { id: string }) => s.id)).toEqual(['alice', 'bob', HOSTILE_ID]);
    expect(doc.submissions.map((s: { score: number }) => s.score)).toEqual([87.5, 33.333333333333336, 37.5]);
  });

  it('resolves every Msg to a string and fills exercise fields', async () => {
    const doc = await results(sampleEvents());
    const chat = doc.submissions[0].exercises.find((x: { id: string }) => x.id === 'chat');
    expect(chat).toMatchObject({ id: 'chat', status: 'graded', score: 75, maxScore: 100, points: 3, maxPoints: 4 });
    const check = chat.checks.find((c: { id: string }) => c.id === 'handles-disconnect');
    expect(check).toMatchObject({ program: 'server', status: 'fail', weight: 1, durationMs: 2630 });
    expect(check.message).toBe('check.chat.handles-disconnect.fail {"peer":"C","expected":"ping"}');
    expect(check.hint).toBe('hint.recv-empty {}');
    expect(check.notes).toEqual(['note.busy-loop {"cpu":99}']);
    expect(check.transcript).toHaveLength(6);
    expect(check.transcript[0]).toEqual({ t: 2, from: 'A', to: 'student', kind: 'connect', text: '', note: null, missed: false });
    expect(check.transcript[5]).toEqual({
      t: 2025, from: 'student', to: 'C', kind: 'expect', text: 'ping\n', note: 'note.expected-line {"line":"ping"}', missed: true,
    });
    const passed = doc.submissions[0].exercises[0].checks[0];
    expect(passed.message).toBeNull();
    expect(passed.hint).toBeNull();
  });

  it('keeps diagnostics with and without a location', async () => {
    const doc = await results(sampleEvents());
    expect(doc.submissions[1].exercises[0].diagnostics).toEqual([{
      code: 'uncaught-exception', program: 'server', file: 'tcp/server.py', line: 7,
      message: `diag.uncaught-exception {"exception":"TypeError: a bytes-like object is required, not 'str'"}`,
      hint: 'hint.send-bytes {}',
      // A side finding: it explains no check.
      checks: [],
      evidence: [],
    }]);
    expect(doc.submissions[0].exercises[1].diagnostics[0]).toMatchObject({ code: 'busy-loop-on-close', file: null, line: null });
    expect(doc.submissions[1].exercises[1]).toMatchObject({ id: 'chat', status: 'missing', score: 0, checks: [] });
  });

  it('marks a run without run:end as interrupted and keeps unfinished submissions as null', async () => {
    const events = sampleEvents().filter((e) => e.type !== 'run:end' && !(e.type === 'submission:end' && e.submissionId === 'alice'));
    const doc = await results(events);
    expect(doc.interrupted).toBe(true);
    expect(doc.durationMs).toBeNull();
    expect(doc.submissions[0]).toEqual({
      id: 'alice',
      path: 'submissions/alice',
      // A log from before intake knew identities: the id stands for the student.
      student: { id: 'alice', name: 'alice', lmsId: null, layout: null, late: false },
      problem: null,
      notes: [],
      score: null,
      total: null,
      exercises: [],
    });
  });

  it('carries the student as intake found them, and why a submission could not be graded', async () => {
    const student = { id: 'jose-da-silva-184201', name: 'José da Silva', lmsId: '184201', layout: 'moodle' as const, late: true };
    const events = sampleEvents().map((e) => (e.type === 'submission:end' && e.submissionId === 'alice' ? { ...e, student, problem: { key: 'intake.error.encrypted' } } : e));
    const doc = await results(events);
    const alice = doc.submissions.find((s: { id: string }) => s.id === 'alice');
    expect(alice.student).toEqual({ ...student });
    expect(alice.problem).toMatch(/password|encrypt/i);
  });
});

describe('totals on the class scale', () => {
  it('formats a 0–100 score on the scale a class file asks for, and as today without one', async () => {
    const { fmtTotal } = await import('../../grader/reporters/safe.js');
    expect(fmtTotal(87.5, { max: 10, decimals: 1 })).toBe('8.8');
    expect(fmtTotal(87.5, { max: 10, decimals: 2 })).toBe('8.75');
    expect(fmtTotal(33.3, { max: 20, decimals: 0 })).toBe('7');
    expect(fmtTotal(87.5, undefined)).toBe('87.5');
  });
});
