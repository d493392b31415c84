// End to end: the interop matrix (grade --pairs) of each class under fixtures/pairs/, every cell
// asserted from its expected.json, then the tcp-hello class's sentences and a teacher's CSV.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade, readResults, ROOT, tempOut } from './cli.js';

interface PairsCase {
  exercise: string;
  students: Record<string, string>;
  summary: string;
  cells: Record<string, Record<string, string>>;
}
const CASES = path.join(ROOT, 'fixtures/pairs');
const caseOf = (name: string) => JSON.parse(fs.readFileSync(path.join(CASES, name, 'expected.json'), 'utf8')) as PairsCase;
const expected = caseOf('hello');

interface PairsFile {
  pairs: { exercise: string; client: string; server: string; verdict: string; cause?: string | null; disagreement?: boolean; message?: string | null; transcript: { kind: string; from: string; text: string }[] }[];
}
const readPairs = (out: string) => JSON.parse(fs.readFileSync(path.join(out, 'pairs.json'), 'utf8')) as PairsFile;
const cellOf = (p: PairsFile['pairs'][number]) => [p.verdict, p.cause, p.disagreement ? '⚑' : undefined].filter(Boolean).join(' ');

/** The class folder: each student copied from the fixture it names (without its expected.json). */
function buildClass(dir: string, name = 'hello'): string {
  for (const [id, from] of Object.entries(caseOf(name).students)) {
    fs.cpSync(path.join(CASES, name, from), path.join(dir, id), { recursive: true });
    fs.rmSync(path.join(dir, id, 'expected.json'), { force: true });
  }
  return dir;
}

describe('grade --pairs', () => {
  const work = tempOut('sg-pairs-');
  const turma = buildClass(path.join(work, 'turma'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  describe('every pair of the class', () => {
    const out = path.join(work, 'out');
    let stdout = '';
    let pairs: PairsFile;
    beforeAll(async () => {
      const run = await grade([turma, '--pairs', '--reporter', 'json', '--reporter', 'html', '--reporter', 'terminal', '--quiet', '--out', out]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      stdout = String(run.stdout);
      pairs = readPairs(out);
    }, 300_000);

    it('gives each cell the verdict and cause the fixture expects', () => {
      const got: Record<string, Record<string, string>> = {};
      for (const p of pairs.pairs.filter((x) => x.exercise === 'tcp-hello')) (got[p.client] ??= {})[p.server] = cellOf(p);
      expect(got).toEqual(expected.cells);
    });

    it('says each failing pair in a sentence its transcript bears out', () => {
      const split = pairs.pairs.find((p) => p.client === 'envia-em-partes' && p.server === 'argv-clean')!;
      expect(split.message).toBe('the client sent `Ola Mundo!` in 2 pieces; the server read once and printed only the first, `Ola ` (it should read until the client closes)');
      expect(split.transcript.filter((e) => e.from === 'client' && e.kind === 'send').map((e) => e.text)).toEqual(['Ola ', 'Mundo!']);
      const relay = pairs.pairs.find((p) => p.client === 'handout-py3-fixed-port' && p.server === 'porta-12345')!;
      expect(relay.message).toBe('worked only through a relay: the client dials port 5000 whatever it is told, the server listens on 12345; you two would have to agree on port 12345 and 5000');
    });

    it('prints one summary line per exercise, and results.json each student\'s standing', () => {
      expect(stdout).toContain(expected.summary);
      const ana = readResults(out).submissions.find((s) => s.id === 'envia-em-partes') as unknown as { pairs: Record<string, { passed: number; total: number }> };
      // Against its 7 classmates (its own pair and the reference are not counted).
      expect(ana.pairs['tcp-hello'] ?? ana.pairs).toMatchObject({ asClient: { total: 7 }, asServer: { total: 7 } });
    });

    it('draws the matrix in the report, with the disagreement cells flagged', () => {
      const index = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
      expect(index).toContain(expected.summary);
      const flagged = Object.values(expected.cells).flatMap((row) => Object.values(row)).filter((c) => c.endsWith('⚑')).length;
      expect(index.match(/<td class="pm pm-fail pm-dis"/g)?.length).toBe(flagged);
    });
  });

  // The chat class: R speaks first, then a line is typed; a client that sends no newline disagrees with every server.
  it('gives each cell of the chat class the verdict and cause its fixture expects', async () => {
    const chat = caseOf('chat');
    const out = path.join(work, 'out-chat');
    const run = await grade([buildClass(path.join(work, 'turma-chat'), 'chat'), '--pairs', '--exercise', chat.exercise, '--reporter', 'json', '--reporter', 'terminal', '--quiet', '--out', out]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const got: Record<string, Record<string, string>> = {};
    for (const p of readPairs(out).pairs) (got[p.client] ??= {})[p.server] = cellOf(p);
    expect(got).toEqual(chat.cells);
    expect(String(run.stdout)).toContain(chat.summary);
  }, 300_000);

  it('with a CSV, grades exactly the pairs the teacher formed', async () => {
    const csv = path.join(work, 'pares.csv');
    fs.writeFileSync(csv, 'cliente;servidor\nenvia-em-partes;argv-clean\n# a comment\nporta-12345;porta-12345\n');
    const out = path.join(work, 'out-csv');
    const run = await grade([turma, '--pairs', csv, '--reporter', 'json', '--out', out]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const students = readPairs(out).pairs.filter((p) => p.client !== '@reference' && p.server !== '@reference').sort((a, b) => a.client.localeCompare(b.client));
    expect(students.map((p) => [p.client, p.server, cellOf(p)])).toEqual([
      ['envia-em-partes', 'argv-clean', expected.cells['envia-em-partes']['argv-clean']],
      ['porta-12345', 'porta-12345', expected.cells['porta-12345']['porta-12345']],
    ]);
  }, 300_000);

  it('refuses a CSV naming a student nobody is, in one sentence with its line, before grading anyone', async () => {
    const csv = path.join(work, 'erro.csv');
    fs.writeFileSync(csv, 'cliente;servidor\nenvia-em-partes;argv-clean\nFulano de Tal;argv-clean\n');
    const run = await grade([turma, '--pairs', csv, '--reporter', 'json', '--out', path.join(work, 'out-bad')]);
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr).trim()).toBe('grade: erro.csv:3: "Fulano de Tal" matches no student; check the spelling or use the id.');
    expect(fs.existsSync(path.join(work, 'out-bad', 'results.json'))).toBe(false);
  });

  it('in two shards, each runs its own servers\' columns, and grade merge gives the same matrix', async () => {
    const shards = ['1/2', '2/2'].map((shard, i) => ({ shard, out: path.join(work, `out-shard-${i + 1}`) }));
    for (const { shard, out } of shards) {
      const run = await grade([turma, '--pairs', '--shard', shard, '--reporter', 'json', '--out', out]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
    }
    const merged = path.join(work, 'out-merged');
    const run = await grade(['merge', ...shards.map((s) => s.out), '--reporter', 'json', '--out', merged]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const got: Record<string, Record<string, string>> = {};
    for (const p of readPairs(merged).pairs.filter((x) => x.exercise === 'tcp-hello')) (got[p.client] ??= {})[p.server] = cellOf(p);
    expect(got).toEqual(expected.cells);
    // Each shard alone ran only its own columns.
    const columns = shards.map((s) => new Set(readPairs(s.out).pairs.filter((p) => p.client !== '@reference' && p.server !== '@reference').map((p) => p.server)));
    expect([...columns[0]!].filter((id) => columns[1]!.has(id))).toEqual([]);
  }, 300_000);

  it('with pairs-weight in the class file, grade runs the matrix and scores it, as --pairs --pairs-weight would', async () => {
    const trio = ['argv-clean', 'envia-em-partes', 'porta-12345'];
    const dir = path.join(work, 'turma-trio');
    for (const id of trio) fs.cpSync(path.join(turma, id), path.join(dir, id), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sockgrade.yaml'), 'exercises: [tcp-hello]\npairs-weight: 2\n');
    const out = path.join(work, 'out-classfile-weight');
    const run = await grade([dir, '--reporter', 'json', '--out', out]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    type Check = { id: string; weight: number; fraction?: number };
    const results = readResults(out).submissions as unknown as { id: string; exercises: { checks: Check[] }[] }[];
    for (const id of trio) {
      const others = trio.filter((x) => x !== id);
      const share = (cells: string[]) => Math.round((cells.filter((c) => c === 'pass').length / cells.length) * 1000) / 1000;
      const checks = Object.fromEntries(results.find((r) => r.id === id)!.exercises[0]!.checks.map((c) => [c.id, c]));
      expect(checks['pairs-client'], id).toMatchObject({ weight: 2, fraction: share(others.map((s) => expected.cells[id]![s]!)) });
      expect(checks['pairs-server'], id).toMatchObject({ weight: 2, fraction: share(others.map((c) => expected.cells[c]![id]!)) });
    }
  }, 300_000);

  it('with --pairs-weight, each program earns the fraction of classmates it worked with, in its score', async () => {
    const out = path.join(work, 'out-weight');
    const run = await grade([turma, '--pairs', '--pairs-weight', '2', '--reporter', 'json', '--out', out]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    type Check = { id: string; status: string; weight: number; fraction?: number };
    const results = readResults(out).submissions as unknown as { id: string; score: number; exercises: { score: number; points: number; maxPoints: number; checks: Check[] }[] }[];
    // The fraction as the matrix says: pass cells against classmates (not itself, not the reference).
    const share = (id: string, role: 'client' | 'server') => {
      const cells = Object.entries(expected.cells).flatMap(([client, row]) => Object.entries(row).map(([server, cell]) => ({ client, server, cell })));
      const mine = cells.filter((c) => c[role] === id && c.client !== c.server && c.client !== '@reference' && c.server !== '@reference');
      return Math.round((mine.filter((c) => c.cell === 'pass').length / mine.length) * 1000) / 1000;
    };
    for (const id of ['argv-clean', 'envia-em-partes', 'porta-12345']) {
      const x = results.find((r) => r.id === id)!.exercises[0]!;
      const byId = Object.fromEntries(x.checks.map((c) => [c.id, c]));
      expect(byId['pairs-client']).toMatchObject({ weight: 2, fraction: share(id, 'client') });
      expect(byId['pairs-server']).toMatchObject({ weight: 2, fraction: share(id, 'server') });
      const earned = x.checks.reduce((sum, c) => sum + c.weight * (c.fraction ?? (c.status === 'pass' ? 1 : 0)), 0);
      expect(x.points).toBeCloseTo(earned, 2);
      expect(x.maxPoints).toBe(x.checks.reduce((sum, c) => sum + c.weight, 0));
      expect(x.score).toBeCloseTo((100 * x.points) / x.maxPoints, 0);
    }
  }, 300_000);
});
