import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORTERS } from '../../grader/reporters/index.js';
import { memoryStream, ODD_EVENTS, options, replay, tempDir } from './helpers.js';

describe('every reporter on odd input', () => {
  // Under GitHub Actions the github reporter would otherwise append to the real job summary.
  let summary: string | undefined;
  beforeEach(() => {
    summary = process.env.GITHUB_STEP_SUMMARY;
    delete process.env.GITHUB_STEP_SUMMARY;
  });
  afterEach(() => {
    if (summary !== undefined) process.env.GITHUB_STEP_SUMMARY = summary;
  });

  for (const [name, create] of Object.entries(REPORTERS)) {
    it(`${name} does not throw and still writes its output`, async () => {
      const dir = tempDir();
      const stream = memoryStream();
      await expect(replay(create(options(dir, { stream })), ODD_EVENTS)).resolves.toBeUndefined();
      const written = fs.readdirSync(dir);
      const expected: Record<string, string> = {
        json: 'results.json',
        html: 'index.html',
        junit: 'junit.xml',
        csv: 'grades.csv',
        moodle: 'moodle-grades.csv',
        canvas: 'canvas-grades.csv',
        gradescope: 'gradescope.json',
      };
      if (expected[name]) expect(written).toContain(expected[name]);
      if (name === 'terminal') expect(stream.text()).toContain('graded: 2');
    });
  }

  it('keeps a broken translator from breaking the JSON report', async () => {
    const dir = tempDir();
    const t = () => {
      throw new Error('catalog exploded');
    };
    await replay(REPORTERS.json!(options(dir, { t })), ODD_EVENTS);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    // ODD_EVENTS holds two run:begin, planned together as `grade merge` would (id order), then the unplanned.
    expect(doc.submissions.map((s: { id: string }) => s.id)).toEqual(['?', '7', 'x', 'y']);
    expect(doc.submissions[2].exercises[1].checks[0].status).toBe('error');
  });

  it('names every registered reporter after its key', () => {
    for (const [name, create] of Object.entries(REPORTERS)) expect(create(options(tempDir())).name).toBe(name);
    expect(Object.keys(REPORTERS).sort()).toEqual(['canvas', 'csv', 'github', 'gradescope', 'html', 'json', 'junit', 'moodle', 'terminal']);
  });
});
