// The README's first command: the example Moodle download graded as it comes, every verdict as examples/turma/expected.json says.
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade, readResults, ROOT, tempOut } from './cli.js';

interface ExpectedExercise { fail: string[]; skip: string[]; causes?: Record<string, string>; score: number }
interface ExpectedStudent { participantId: number; fullName: string; exercises: Record<string, ExpectedExercise>; score: number }
const EXPECTED = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/turma/expected.json'), 'utf8')) as { students: Record<string, ExpectedStudent> };
const ZIP = path.join(ROOT, 'examples/turma/turma-moodle.zip');

type Submission = ReturnType<typeof readResults>['submissions'][number] & { student: { name: string; lmsId: string; layout: string } };

function zipNames(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => (names.push(entry.fileName), zip.readEntry()));
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

describe('grade examples/turma/turma-moodle.zip', () => {
  const out = tempOut('sg-turma-');
  let submissions: Submission[];
  let stdout: string;

  beforeAll(async () => {
    const run = await grade([ZIP, '--reporter', 'terminal', 'json', 'moodle', '--out', out]);
    stdout = String(run.stdout);
    submissions = readResults(out).submissions as Submission[];
  }, 300_000);

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('finds the 8 students of the download by their real names and participant ids (the online text is no student)', () => {
    const want = Object.values(EXPECTED.students).map((s) => [s.fullName, String(s.participantId)]).sort();
    expect(submissions.map((s) => [s.student.name, s.student.lmsId]).sort()).toEqual(want);
    expect(submissions.every((s) => s.student.layout === 'moodle')).toBe(true);
    expect(stdout).toMatch(/Moodle/);
  });

  for (const [folder, student] of Object.entries(EXPECTED.students)) {
    it(`${student.fullName}: every check, cause and score as expected`, () => {
      const s = submissions.find((x) => x.student.lmsId === String(student.participantId))!;
      expect(s, folder).toBeDefined();
      for (const [id, want] of Object.entries(student.exercises)) {
        const x = s.exercises.find((e) => e.id === id)!;
        const ids = (status: string) => x.checks.filter((c) => c.status === status).map((c) => c.id).sort();
        expect({ id, fail: ids('fail'), skip: ids('skip') }).toEqual({ id, fail: [...want.fail].sort(), skip: [...want.skip].sort() });
        const causes = Object.fromEntries(x.checks.filter((c) => c.cause).map((c) => [c.id, c.cause]));
        expect(causes).toEqual(want.causes ?? {});
        expect(x.score).toBeCloseTo(want.score, 1);
      }
      expect(s.score).toBeCloseTo(student.score, 1);
    });
  }

  it('writes a Moodle worksheet keyed by participant and a feedback zip Moodle matches to each student', async () => {
    const csv = fs.readFileSync(path.join(out, 'moodle-grades.csv'), 'utf8');
    for (const s of Object.values(EXPECTED.students)) expect(csv).toContain(`Participant ${s.participantId},${s.fullName},`);
    const names = await zipNames(path.join(out, 'moodle-feedback.zip'));
    expect(names).toHaveLength(8);
    for (const name of names) expect(name).toMatch(/^[^_/]+_\d+_assignfeedback_file_[^/]+\.html$/);
  });
});
