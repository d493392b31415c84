// End to end: the handout's Python 2 programs, graded with `python2: run` in the class file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePython2 } from '../../grader/sandbox/python.js';
import { FIXTURES, grade, readResults, tempOut } from './cli.js';

type Results = ReturnType<typeof readResults> & { submissions: { notes?: string[] }[] };
const python2 = await resolvePython2();
const checksOf = (r: Results, id: string) => r.submissions.find((s) => s.id === id)!.exercises.find((x) => x.id === 'tcp-hello')!;

/** A class folder holding the handout's verbatim Python 2 pair and `python2: run`. */
function handoutClass(root: string): string {
  const dir = path.join(root, 'turma');
  fs.cpSync(path.join(FIXTURES, 'handout-py2'), path.join(dir, 'handout-py2'), { recursive: true });
  fs.rmSync(path.join(dir, 'handout-py2', 'expected.json'));
  fs.writeFileSync(path.join(dir, 'sockgrade.yaml'), '# the handout is Python 2, and this course teaches it so\npython2: run\n');
  return dir;
}

describe('python2: run', () => {
  const work = tempOut('sg-python2-');
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  describe.skipIf(!python2)(`with a Python 2 interpreter installed (${python2 ? python2.path : 'none found: python2, python2.7, pyenv 2.7.x'})`, () => {
    let results: Results;
    let transcriptStart: string[];
    beforeAll(async () => {
      const out = path.join(work, 'out');
      const run = await grade([handoutClass(work), '--exercise', 'tcp-hello', '--reporter', 'json', '--out', out]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      results = readResults(out) as Results;
      transcriptStart = checksOf(results, 'handout-py2').checks.map((c) => c.transcript[0]?.text ?? '');
    }, 300_000);

    it('grades the handout normally: everything passes but the port arguments it hardcodes', () => {
      const verdicts = Object.fromEntries(checksOf(results, 'handout-py2').checks.map((c) => [c.id, [c.status, c.cause ?? null]]));
      expect(verdicts).toEqual({
        'server-listens': ['pass', null],
        'server-prints-message': ['pass', null],
        'server-closes-connection': ['pass', null],
        'server-serves-many': ['pass', null],
        'server-port-arg': ['fail', 'hardcoded-port'],
        'client-connects': ['pass', null],
        'client-sends-message': ['pass', null],
        'client-closes': ['pass', null],
        'client-port-arg': ['fail', 'hardcoded-port'],
      });
    });

    it('says, neutrally, in its python2-syntax finding, which line is Python 2 and what it was run with', () => {
      const findings = checksOf(results, 'handout-py2').diagnostics.filter((d) => d.code === 'python2-syntax');
      // One per program, explaining no check (nothing failed for it), and no submission note besides.
      expect(findings.map((d) => [d.program, d.file, d.line, d.checks])).toEqual([
        ['server', 'servidor.py', 12, []],
        ['client', 'cliente.py', 8, []],
      ]);
      const messages = findings.map((d) => (d as unknown as { message: string }).message);
      expect(messages[0]).toContain('servidor.py is written in Python 2 syntax: Python 3 stops at line 12');
      expect(messages[0]).toContain(`so it was graded on Python ${python2!.version}`);
      expect(results.submissions[0].notes ?? []).toEqual([]);
      // The transcript shows the command as the student would type it.
      expect(transcriptStart[0]).toMatch(/^python2 servidor\.py \d+$/);
    });
  });

  it('without any Python 2 interpreter, grades with Python 3 as before and says why', async () => {
    const out = path.join(work, 'out-none');
    // No pyenv, no python2 on PATH: the grader must find nothing and fall back.
    const run = await grade([handoutClass(path.join(work, 'none')), '--exercise', 'tcp-hello', '--reporter', 'json', '--out', out], {
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', PYENV_ROOT: path.join(work, 'no-pyenv'), HOME: work },
    });
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(String(run.stderr)).toContain('no Python 2 interpreter');
    const results = readResults(out) as Results;
    expect(results.submissions[0].notes?.[0]).toContain('no Python 2 interpreter (python2, python2.7) is installed here, so servidor.py was graded with Python 3');
    const tcp = checksOf(results, 'handout-py2');
    expect(tcp.checks.find((c) => c.id === 'server-listens')).toMatchObject({ status: 'fail', cause: 'python2-syntax' });
    expect(tcp.diagnostics.map((d) => d.code)).toContain('python2-syntax');
  }, 300_000);
});
