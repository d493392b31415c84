// The class overview stays small for a big class: 400 students built from real recorded results.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeEvent, RunBeginEvent, SubmissionEndEvent } from '../../grader/events.js';
import { createHtmlReporter } from '../../grader/reporters/html.js';
import { options, realEvents, replay, tempDir } from './helpers.js';

const CLASS_SIZE = 400;
const LIMIT = 2 * 1024 * 1024;

/** A 400-student run: the real run's submission:end events copied round-robin under new ids. */
function bigClass(): GradeEvent[] {
  const events = realEvents();
  const begin = events.find((e): e is RunBeginEvent => e.type === 'run:begin')!;
  const results = events.filter((e): e is SubmissionEndEvent => e.type === 'submission:end');
  const ids = Array.from({ length: CLASS_SIZE }, (_, i) => `aluno-${String(i).padStart(3, '0')}-com-um-nome-bem-comprido`);
  const ends = ids.map((id, i) => ({ ...results[i % results.length]!, submissionId: id, path: `submissions/${id}` }));
  return [{ ...begin, submissions: ids.map((id) => ({ id, path: `submissions/${id}` })) }, ...ends, { type: 'run:end', durationMs: 1, interrupted: false }];
}

describe('html reporter at class scale', () => {
  it(`keeps index.html under 2 MB for ${CLASS_SIZE} real submissions`, async () => {
    const dir = tempDir();
    await replay(createHtmlReporter(options(dir)), bigClass());
    const size = fs.statSync(path.join(dir, 'index.html')).size;
    console.log(`index.html for ${CLASS_SIZE} submissions: ${size} bytes (${(size / 1024).toFixed(0)} KiB)`);
    expect(size).toBeLessThan(LIMIT);
    expect(fs.readdirSync(path.join(dir, 'students'))).toHaveLength(CLASS_SIZE);
    const index = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(index.split('<tr><td data-sort=').length - 1).toBe(CLASS_SIZE);
  }, 120_000);
});
