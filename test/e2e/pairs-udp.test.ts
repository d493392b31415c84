// End to end: the interop matrix of a udp-hello class (grade --pairs --exercise udp-hello), every
// cell asserted from fixtures/pairs/udp/expected.json.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade, ROOT, tempOut } from './cli.js';

interface PairsCase {
  exercise: string;
  students: Record<string, string>;
  summary: string;
  cells: Record<string, Record<string, string>>;
}
interface PairsFile {
  pairs: { exercise: string; client: string; server: string; verdict: string; cause?: string | null; disagreement?: boolean }[];
}
const CASE_DIR = path.join(ROOT, 'fixtures/pairs/udp');
const expected = JSON.parse(fs.readFileSync(path.join(CASE_DIR, 'expected.json'), 'utf8')) as PairsCase;
const cellOf = (p: PairsFile['pairs'][number]) => [p.verdict, p.cause, p.disagreement ? '⚑' : undefined].filter(Boolean).join(' ');

/** The class folder: each student copied from the fixture it names (without its expected.json). */
function buildClass(dir: string): string {
  for (const [id, from] of Object.entries(expected.students)) {
    fs.cpSync(path.join(CASE_DIR, from), path.join(dir, id), { recursive: true });
    fs.rmSync(path.join(dir, id, 'expected.json'), { force: true });
  }
  return dir;
}

describe('grade --pairs --exercise udp-hello', () => {
  const work = tempOut('sg-pairs-udp-');
  const out = path.join(work, 'out');
  let stdout = '';
  let got: Record<string, Record<string, string>> = {};
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    const run = await grade([buildClass(path.join(work, 'turma')), '--pairs', '--exercise', expected.exercise, '--reporter', 'json', '--reporter', 'terminal', '--quiet', '--out', out]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    stdout = String(run.stdout);
    const pairs = (JSON.parse(fs.readFileSync(path.join(out, 'pairs.json'), 'utf8')) as PairsFile).pairs;
    got = {};
    for (const p of pairs.filter((x) => x.exercise === expected.exercise)) (got[p.client] ??= {})[p.server] = cellOf(p);
  }, 300_000);

  it('gives each cell the verdict and cause the fixture expects', () => {
    expect(got).toEqual(expected.cells);
  });

  it('prints the matrix summary line', () => {
    expect(stdout).toContain(expected.summary);
  });
});
