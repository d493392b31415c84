import { describe, expect, it } from 'vitest';
import type { GradeEvent } from '../../grader/events.js';
import { normalizeEvent } from '../../grader/log/normalize.js';
import { RunFold } from '../../grader/log/summary.js';
import { buildResults, resultsText } from '../../grader/reporters/json.js';
import { sampleEvents, testTranslator } from './helpers.js';

// results.json is written one submission at a time: the text must be exactly the whole document's.
describe('results.json written in pieces', () => {
  const t = testTranslator('en');
  const fold = (events: unknown[]) => {
    const run = new RunFold();
    for (const e of events) {
      const event = normalizeEvent(e as GradeEvent);
      if (event) run.add(event);
    }
    return run.summary;
  };

  it('equals JSON.stringify of the whole document, with submissions and without', () => {
    const run = fold(sampleEvents());
    expect(run.submissions.length).toBeGreaterThan(1);
    expect([...resultsText(run, t, 'en')].join('')).toBe(JSON.stringify(buildResults(run, t, 'en'), null, 2) + '\n');
    const empty = { ...run, submissions: [] };
    expect([...resultsText(empty, t, 'en')].join('')).toBe(JSON.stringify(buildResults(empty, t, 'en'), null, 2) + '\n');
  });

  it('yields one piece per submission, so no single string holds them all', () => {
    const run = fold(sampleEvents());
    expect([...resultsText(run, t, 'en')]).toHaveLength(run.submissions.length + 2);
  });
});
