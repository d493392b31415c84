import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCsvReporter, guardFormula, toCsv } from '../../grader/reporters/csv.js';
import { options, replay, sampleEvents, tempDir } from './helpers.js';

async function csv(events: unknown[], csvFormat?: string) {
  const dir = tempDir();
  await replay(createCsvReporter(options(dir, { csvFormat })), events);
  return fs.readFileSync(path.join(dir, 'grades.csv'), 'utf8');
}

describe('csv reporter', () => {
  it('writes one row per submission with exercise scores and total', async () => {
    const text = await csv(sampleEvents());
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toEqual([
      'student,tcp-hello,chat,total',
      'alice,100.0,75.0,87.5',
      'bob,66.7,0.0,33.3',
      `"'=HYPERLINK(""http://evil.example"",""carol, c"")",50.0,25.0,37.5`,
      '',
    ]);
  });

  it('leaves cells empty for a submission that never finished', async () => {
    const events = sampleEvents().filter((e) => !(e.type === 'submission:end' && e.submissionId === 'bob'));
    expect((await csv(events)).split('\r\n')[2]).toBe('bob,,,');
  });

  it('writes Identifier,Grade for Moodle and leaves out unfinished submissions', async () => {
    const events = sampleEvents().filter((e) => !(e.type === 'submission:end' && e.submissionId === 'bob'));
    expect((await csv(events, 'moodle')).split('\r\n')).toEqual([
      'Identifier,Grade',
      'alice,87.5',
      `"'=HYPERLINK(""http://evil.example"",""carol, c"")",37.5`,
      '',
    ]);
  });

  it('guards every formula prefix and quotes per RFC 4180', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(guardFormula(cell)).toBe(`'${cell}`);
    expect(guardFormula('alice')).toBe('alice');
    expect(toCsv([['a"b', 'c,d', 'e\nf', 'plain']])).toBe('"a""b","c,d","e\nf",plain\r\n');
  });
});
