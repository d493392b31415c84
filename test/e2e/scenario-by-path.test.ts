// End to end: a class file that lists a scenario exercise by path (the teacher's own folder).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade, readResults, ROOT, teachersEcho, tempOut } from './cli.js';

describe('a scenario exercise listed by path in the class file', () => {
  const work = tempOut('sg-scenario-path-');
  const turma = path.join(work, 'turma');
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  beforeAll(() => {
    teachersEcho(path.join(work, 'exercicios', 'eco'));
    // Ana's files carry only the new exercise's names, which tcp-echo would also take by a near name.
    fs.mkdirSync(path.join(turma, 'ana'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'exercises/tcp-echo/solution/servidor_eco.py'), path.join(turma, 'ana', 'eco_srv.py'));
    fs.copyFileSync(path.join(ROOT, 'exercises/tcp-echo/solution/cliente_eco.py'), path.join(turma, 'ana', 'eco_cli.py'));
  });

  it('checks weights against its check ids: a typo is one sentence with its place', async () => {
    fs.writeFileSync(path.join(turma, 'sockgrade.yaml'), 'exercises: [../exercicios/eco]\nweights:\n  echo-server-echos: 0\n');
    const run = await grade([turma, '--reporter', 'json', '--out', path.join(work, 'out-typo')]);
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr).trim()).toBe(`grade: ${path.join(turma, 'sockgrade.yaml')}:3:3: weights.echo-server-echos: no check has this id; did you mean echo-server-echoes? (grade exercises lists every check)`);
  });

  describe('graded', () => {
    const out = path.join(work, 'out');
    let results: ReturnType<typeof readResults>;
    beforeAll(async () => {
      fs.writeFileSync(path.join(turma, 'sockgrade.yaml'), 'exercises: [../exercicios/eco]\nweights:\n  echo-server-many-lines: 0\n');
      const run = await grade([turma, '--reporter', 'json', '--reporter', 'html', '--out', out]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      results = readResults(out);
    }, 300_000);

    it('gets its own files (exact names beat another exercise\'s near names) and scores 100', () => {
      const [ana] = results.submissions;
      expect(ana.exercises.map((x) => [x.id, x.status, x.score])).toEqual([['eco', 'graded', 100]]);
      expect(ana.exercises[0].checks.find((c) => c.id === 'echo-server-many-lines')?.weight).toBe(0);
    });

    it('a replayed report names its checks as the live one did', async () => {
      const replayed = path.join(work, 'replayed');
      // From another folder: the scenario is found at the absolute path the run recorded.
      const run = await grade(['report', out, '--reporter', 'html', '--out', replayed]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      const page = (dir: string) => fs.readFileSync(path.join(dir, 'students', 'ana.html'), 'utf8').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '');
      expect(page(replayed)).toBe(page(out));
      expect(page(replayed)).toContain('TCP echo client and server');
    });
  });

  it('a broken scenario is one sentence at its real path, exit 2, no stack trace', async () => {
    const broken = path.join(work, 'quebrado');
    teachersEcho(broken);
    fs.writeFileSync(path.join(broken, 'exercise.yaml'), fs.readFileSync(path.join(broken, 'exercise.yaml'), 'utf8').replace('files: [eco_srv.py]', 'files: [servidor_eco.py]').replace('id: eco', 'id: eco2'));
    fs.writeFileSync(path.join(turma, 'sockgrade.yaml'), 'exercises: [../quebrado]\n');
    const run = await grade([turma, '--reporter', 'json', '--out', path.join(work, 'out-broken')]);
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).not.toMatch(/\n\s+at /);
    // Two mistakes (its id, a file name tcp-echo owns): the first in full, the count of the rest.
    expect(String(run.stderr).trim()).toBe(`grade: ${broken}/exercise.yaml:6:5: id: must be the folder's name "quebrado", not "eco2" (1 more: grade exercises --validate ${broken}).`);
  });
});
