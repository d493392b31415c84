// Scenario exercises through the real CLI, real python3 and sockets: tcp-echo's solution scores
// 100, each tcp-echo fixture gets the verdicts, causes and diagnostics its expected.json states,
// and `grade exercises --validate` says "ok" or one sentence per problem.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureCases, FIXTURES, grade, readResults, ROOT, tempOut, type Results } from './cli.js';

const ECHO_FIXTURES = fixtureCases().filter((c) => c.id.startsWith('tcp-echo-'));

describe('tcp-echo through the CLI', () => {
  it('the reference solution scores 100', async () => {
    const out = tempOut();
    const run = await grade([path.join(ROOT, 'exercises/tcp-echo/solution'), '--exercise', 'tcp-echo', '--reporter', 'json', '--out', out]);
    expect(run.exitCode, run.stderr).toBe(0);
    const [submission] = readResults(out).submissions;
    const failed = submission!.exercises[0]!.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`);
    expect(failed).toEqual([]);
    expect(submission!.exercises[0]!.checks).toHaveLength(11);
    expect(submission!.score).toBe(100);
  });

  describe('the tcp-echo fixtures', () => {
    let results: Results;
    beforeAll(async () => {
      // One class of every tcp-echo fixture, graded in one run.
      const dir = tempOut('sg-e2e-echo-');
      for (const { id } of ECHO_FIXTURES) fs.cpSync(path.join(FIXTURES, id), path.join(dir, id), { recursive: true });
      const out = tempOut();
      const run = await grade([dir, '--reporter', 'json', '--out', out, '--jobs', '4']);
      fs.rmSync(dir, { recursive: true, force: true });
      if (run.exitCode !== 0) throw new Error(`grade failed (${run.exitCode}): ${run.stderr}`);
      results = readResults(out);
    });

    it('has a fixture for each common mistake and one that passes everything', () => {
      expect(ECHO_FIXTURES.map((c) => c.id)).toEqual(['tcp-echo-no-newline', 'tcp-echo-one-client', 'tcp-echo-prints-bytes', 'tcp-echo-threaded']);
    });

    it.each(ECHO_FIXTURES)('$id gets its expected verdicts, causes and diagnostics', ({ id, expected }) => {
      const submission = results.submissions.find((s) => s.id === id)!;
      expect(submission, id).toBeDefined();
      const exercise = submission.exercises.find((x) => x.id === 'tcp-echo')!;
      const want = expected.exercises['tcp-echo']!;
      expect(exercise.status).toBe(want.status);
      expect(Object.fromEntries(exercise.checks.map((c) => [c.id, c.status]))).toEqual(want.checks);
      expect(Object.fromEntries(exercise.checks.filter((c) => c.cause).map((c) => [c.id, c.cause]))).toEqual(want.causes ?? {});
      expect([...new Set(exercise.diagnostics.map((d) => d.code))].sort()).toEqual([...want.diagnostics].sort());
      // Every failure carries a hint; one the program's exit does not explain quotes what arrived.
      for (const c of exercise.checks.filter((x) => x.status === 'fail')) {
        expect(c.hint, c.id).toBeTruthy();
        if (!c.cause) expect(c.message, c.id).toMatch(/"/);
        else expect(c.message, c.id).toMatch(/exited \(status \d\)/);
      }
    });

    it('quotes what arrived instead of the echo', () => {
      const noNewline = results.submissions.find((s) => s.id === 'tcp-echo-no-newline')!.exercises[0]!;
      const echoes = noNewline.checks.find((c) => c.id === 'echo-server-echoes')!;
      expect(echoes.message).toMatch(/^A expected "ola [0-9a-f]{6}\\n" within [\d.]+ s but received "ola [0-9a-f]{6}"\.$/);
      expect(echoes.hint).toMatch(/newline included/);
      const bytes = results.submissions.find((s) => s.id === 'tcp-echo-prints-bytes')!.exercises[0]!;
      const decodes = bytes.checks.find((c) => c.id === 'echo-client-decodes')!;
      expect(decodes.message).toMatch(/^Your program printed "b'", which it should not print\. What it printed: ".*b'texto [0-9a-f]{6}\\\\n'.*"\.$/);
      expect(decodes.transcript.some((e) => e.kind === 'expect')).toBe(true);
    });
  });
});

describe('grade exercises --validate', () => {
  it('says ok for tcp-echo', async () => {
    const run = await grade(['exercises', '--validate', path.join(ROOT, 'exercises/tcp-echo')]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('ok');
  });

  it('prints one sentence per problem and exits 2 for a broken folder', async () => {
    const dir = path.join(tempOut('sg-e2e-validate-'), 'eco');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'exercise.yaml'),
      [
        'id: eco',
        'title: { en: Echo, pt-BR: Eco }',
        'programs:',
        '  server: { files: [eco.py] }',
        'checks:',
        '  - id: echoes',
        '    program: client',
        '    weight: -1',
        '    title: { en: Echoes }',
        '    hint: { en: Send it back, pt-BR: Devolva }',
        '    steps:',
        '      - connect: A',
        '      - sned: { from: A, text: "x" }',
        '      - expect: { at: B, text: "x" }',
        '',
      ].join('\n'),
    );
    const run = await grade(['exercises', '--validate', dir]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'exercise.yaml:8:13: checks[0].weight: must be a whole number from 1 to 100, not -1.',
      'exercise.yaml:9:12: checks[0].title: missing the pt-BR translation.',
      'exercise.yaml:13:9: checks[0].steps[1].sned: unknown step "sned" (did you mean "send"?): the steps are start, connect, serve, accept, send, expect, expect-none, expect-closed, close, reset, end, stdin, expect-exit, expect-running.',
    ]);
  });

  it('finds the problems of order once the structure is right: peers, stdin, needs', async () => {
    const dir = path.join(tempOut('sg-e2e-validate-'), 'eco');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'exercise.yaml'),
      [
        'id: eco',
        'title: { en: Echo, pt-BR: Eco }',
        'programs:',
        '  server: { files: [eco.py] }',
        'checks:',
        '  - id: echoes',
        '    program: server',
        '    weight: 1',
        '    needs: [listens]',
        '    title: { en: Echoes, pt-BR: Ecoa }',
        '    hint: { en: Send it back, pt-BR: Devolva }',
        '    steps:',
        '      - connect: A',
        '      - stdin: "x\\n"',
        '      - expect: { at: B, text: "x" }',
        '  - id: by-client',
        '    program: client',
        '    weight: 1',
        '    title: { en: Client, pt-BR: Cliente }',
        '    hint: { en: Client, pt-BR: Cliente }',
        '    steps:',
        '      - start: client',
        '',
      ].join('\n'),
    );
    const run = await grade(['exercises', '--validate', dir]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'exercise.yaml:9:13: checks[0].needs[0]: unknown check "listens": needs names an earlier check of the same program.',
      "exercise.yaml:14:16: checks[0].steps[1].stdin: the server's stdin is closed: set programs.server.stdin to open to type into it.",
      'exercise.yaml:15:23: checks[0].steps[2].expect.at: undefined peer "B": connect it in an earlier step of this check.',
      'exercise.yaml:17:14: checks[1].program: unknown program "client": this exercise defines only server.',
    ]);
  });

  it('lists tcp-echo after the TypeScript exercises', async () => {
    const run = await grade(['exercises', '--json']);
    const list = JSON.parse(run.stdout) as { id: string; checks: { id: string; weight: number }[] }[];
    expect(list.map((e) => e.id)).toEqual(['tcp-hello', 'chat', 'udp-hello', 'tcp-echo']);
    expect(list.at(-1)!.checks.reduce((s, c) => s + c.weight, 0)).toBe(15);
  });
});
