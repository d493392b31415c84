import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeEvent, StudentIdentity } from '../../grader/events.js';
import { translator } from '../../grader/i18n/catalog.js';
import { canvasUserId, createCanvasReporter } from '../../grader/reporters/canvas.js';
import { parseCsv } from '../../grader/reporters/csv-parse.js';
import { HOSTILE_ID, memoryStream, ODD_EVENTS, options, replay, sampleEvents, tempDir } from './helpers.js';

/** The sample run with Canvas identities (or none) added to run:begin and the submission events. */
function withStudents(events: GradeEvent[], who: Record<string, Omit<StudentIdentity, 'id'> | undefined>): GradeEvent[] {
  const identity = (id: string): StudentIdentity | undefined => (who[id] ? { id, ...who[id]! } : undefined);
  return events.map((e) => {
    if (e.type === 'run:begin') return { ...e, submissions: e.submissions.map((s) => (identity(s.id) ? { ...s, student: identity(s.id) } : s)) };
    if ((e.type === 'submission:begin' || e.type === 'submission:end') && identity(e.submissionId)) return { ...e, student: identity(e.submissionId) };
    return e;
  });
}

const CLASS = {
  alice: { name: 'Souza, Ana Júlia', lmsId: '5501', layout: 'canvas' as const, late: true },
  bob: { name: 'Ávila, João', lmsId: '5502', layout: 'canvas' as const },
  [HOSTILE_ID]: { name: HOSTILE_ID, lmsId: '5503', layout: 'moodle' as const },
};

async function canvas(events: unknown[], overrides: Parameters<typeof options>[1] = {}) {
  const dir = tempDir();
  const stream = memoryStream();
  await replay(createCanvasReporter(options(dir, { t: translator(overrides.lang ?? 'en'), stream, ...overrides })), events);
  return { text: fs.readFileSync(path.join(dir, 'canvas-grades.csv'), 'utf8'), stream };
}

describe('canvas reporter', () => {
  it('writes Student,ID,Section,<assignment> and a row per Canvas student', async () => {
    const { text, stream } = await canvas(withStudents(sampleEvents(), CLASS), { canvasAssignment: 'Chat TCP (4821)' });
    expect(text.split('\r\n')).toEqual(['Student,ID,Section,Chat TCP (4821)', '"Souza, Ana Júlia",5501,,87.5', '"Ávila, João",5502,,33.3', '']);
    expect(parseCsv(text).records.map((r) => r.cells.map((c) => c.value))).toEqual([
      ['Student', 'ID', 'Section', 'Chat TCP (4821)'],
      ['Souza, Ana Júlia', '5501', '', '87.5'],
      ['Ávila, João', '5502', '', '33.3'],
    ]);
    // A Moodle student is not a Canvas student: named in the warning, not in the file.
    expect(stream.text()).toBe(`canvas: left out 1 submission(s) without a Canvas id: ${HOSTILE_ID}.\n`);
  });

  it('names the column sockgrade by default and leaves out submissions without a Canvas user id or a result', async () => {
    const events = withStudents(sampleEvents(), { ...CLASS, bob: { ...CLASS.bob, lmsId: 'not-a-number' } }).filter(
      (e) => !(e.type === 'submission:end' && e.submissionId === 'alice'),
    );
    const { text, stream } = await canvas(events, { lang: 'pt-BR' });
    expect(text).toBe('Student,ID,Section,sockgrade\r\n');
    expect(stream.text().split('\n')).toEqual([
      `canvas: 2 entrega(s) sem id do Canvas ficaram de fora: Ávila, João, ${HOSTILE_ID}.`,
      'canvas: 1 entrega(s) sem nota ficaram de fora: Souza, Ana Júlia.',
      '',
    ]);
  });

  it('guards a formula-looking assignment title and survives odd events', async () => {
    const { text } = await canvas(ODD_EVENTS, { canvasAssignment: '=cmd() (1)' });
    expect(text).toBe("Student,ID,Section,'=cmd() (1)\r\n");
    expect(canvasUserId(' 77 ')).toBe('77');
    expect(canvasUserId('u77')).toBeNull();
    expect(canvasUserId(undefined)).toBeNull();
  });
});
