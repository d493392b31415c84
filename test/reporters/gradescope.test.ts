import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeEvent, RunBeginEvent } from '../../grader/events.js';
import { translator } from '../../grader/i18n/catalog.js';
import { createGradescopeReporter } from '../../grader/reporters/gradescope.js';
import { causeEvents, memoryStream, ODD_EVENTS, options, realEvents, replay, sampleEvents, tempDir } from './helpers.js';

const TOP_FIELDS = ['execution_time', 'max_score', 'output', 'output_format', 'score', 'tests', 'visibility'];
const TEST_FIELDS = ['max_score', 'name', 'output', 'output_format', 'score', 'status', 'visibility'];

async function gradescope(events: unknown[], overrides: Parameters<typeof options>[1] = {}, file = 'gradescope.json') {
  const dir = tempDir();
  const stream = memoryStream();
  await replay(createGradescopeReporter(options(dir, { t: translator(overrides.lang ?? 'en'), stream, ...overrides })), events);
  return { doc: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), stream, dir };
}

/** The fields Gradescope's results.json reads, with their types (its "Autograder Specifications"). */
function expectResultsShape(doc: Record<string, unknown>): void {
  expect(typeof doc.score).toBe('number');
  expect(typeof doc.max_score).toBe('number');
  expect(typeof doc.output).toBe('string');
  expect(doc.visibility).toBe('visible');
  expect(doc.output_format).toBe('text');
  expect(Array.isArray(doc.tests)).toBe(true);
  for (const test of doc.tests as Record<string, unknown>[]) {
    expect(Object.keys(test).sort()).toEqual(TEST_FIELDS);
    expect(typeof test.name).toBe('string');
    expect(typeof test.score).toBe('number');
    expect(typeof test.max_score).toBe('number');
    expect(['passed', 'failed']).toContain(test.status);
    expect(typeof test.output).toBe('string');
    expect(test.visibility).toBe('visible');
    expect(test.score as number).toBeLessThanOrEqual(test.max_score as number);
  }
}

describe('gradescope reporter', () => {
  it('writes the first graded submission: total on 0–100, one test per check worth its weight', async () => {
    const { doc, stream } = await gradescope(causeEvents());
    expectResultsShape(doc);
    expect(Object.keys(doc).sort()).toEqual(TOP_FIELDS);
    // dani, the first submission: 2 of 6 points of chat, total 33.3.
    expect(doc.score).toBe(33.3);
    expect(doc.max_score).toBe(100);
    expect(doc.tests.map((t: { name: string; score: number; max_score: number; status: string }) => [t.name, t.score, t.max_score, t.status])).toEqual([
      ['chat · chat-server-listens', 1, 1, 'passed'],
      ['chat · chat-server-two-clients', 0, 1, 'failed'],
      ['chat · chat-server-broadcast', 0, 2, 'failed'],
      ['chat · chat-client-connects', 1, 1, 'passed'],
      ['chat · chat-client-utf8', 0, 1, 'failed'],
    ]);
    const broadcast = doc.tests[2].output as string;
    // The message, the hint and the cause, translated.
    expect(broadcast).toMatch(/\nHint: .+/);
    expect(broadcast).toMatch(/\nCause: deadlock — A thread waits to take the lock/);
    expect(doc.tests[0].output).not.toContain('Cause:');
    expect(doc.output.split('\n')).toEqual([
      'Score: 33.3/100, the mean of the exercise scores. Each test below is one check, scored in its exercise\'s points.',
      'Isolation tier: full (bwrap).',
    ]);
    expect(stream.text()).toBe('gradescope: 1 more submission(s) were graded in this run; Gradescope gets the first only.\n');
  });

  it('shows a missing exercise as a zero test and says honestly when isolation was partial, in pt-BR', async () => {
    const events = realEvents().map((e): GradeEvent =>
      e.type === 'run:begin' ? { ...e, isolation: { tier: 'partial', mechanisms: [{ name: 'rlimits', ok: true, detail: '' }], missing: ['bwrap', 'netns'] } } : e,
    );
    const { doc } = await gradescope(events, { lang: 'pt-BR', gradescopeFile: 'results.json' }, 'results.json');
    expectResultsShape(doc);
    // argv-clean: tcp-hello full marks, chat and udp-hello missing.
    expect(doc.score).toBe(33.3);
    const names = doc.tests.map((t: { name: string }) => t.name);
    expect(names.filter((n: string) => n.startsWith('tcp-hello · '))).toHaveLength(9);
    expect(doc.tests.find((t: { name: string }) => t.name === 'chat · não entregue')).toEqual({
      name: 'chat · não entregue',
      score: 0,
      max_score: 23,
      status: 'failed',
      output: 'Nenhum arquivo deste exercício foi encontrado.',
      output_format: 'text',
      visibility: 'visible',
    });
    expect(doc.output).toContain('Nível de isolamento: parcial. O programa rodou só em parte isolado (faltando: bwrap, netns)');
  });

  it('scores 0 with the grader errors when nothing was graded', async () => {
    const events = sampleEvents().filter((e) => e.type !== 'submission:end');
    const { doc } = await gradescope(events);
    expectResultsShape(doc);
    expect(doc.score).toBe(0);
    expect(doc.tests).toEqual([]);
    const lines = doc.output.split('\n');
    expect(lines[0]).toBe('No submission was graded, so the score is 0.');
    const errors = events.filter((e) => e.type === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(lines).toContain(`Grader error (not your fault): ${(e as { message: string }).message}`);
    expect(lines.at(-1)).toBe('Isolation tier: full (bwrap, netns, rlimits).');
  });

  it('survives odd events and a run without run:begin', async () => {
    const { doc } = await gradescope(ODD_EVENTS);
    expectResultsShape(doc);
    const noBegin = await gradescope(sampleEvents().filter((e) => e.type !== 'run:begin'));
    expectResultsShape(noBegin.doc);
    expect(noBegin.doc.output).toContain('Isolation tier: none. The program ran without a sandbox (missing: —)');
    const begin = sampleEvents().find((e): e is RunBeginEvent => e.type === 'run:begin')!;
    expect(begin.isolation.tier).toBe('full');
  });
});
