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
  /** `client/server` → why today's cause is wrong; only the verdict of these cells is asserted. */
  knownBugs?: Record<string, string>;
}
interface PairsFile {
  pairs: { exercise: string; client: string; server: string; verdict: string; cause?: string | null; disagreement?: boolean }[];
}
const CASE_DIR = path.join(ROOT, 'fixtures/pairs/udp');
const expected = JSON.parse(fs.readFileSync(path.join(CASE_DIR, 'expected.json'), 'utf8')) as PairsCase;
const cellOf = (p: PairsFile['pairs'][number]) => [p.verdict, p.cause, p.disagreement ? '⚑' : undefined].filter(Boolean).join(' ');
const verdictOf = (cell: string | undefined) => cell?.split(' ')[0];

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

  const known = (client: string, server: string) => `${client}/${server}` in (expected.knownBugs ?? {});
  // Known bugs aside, so one wrong cause elsewhere in the grader does not hide the rest of the matrix.
  const without = (cells: Record<string, Record<string, string>>) =>
    Object.fromEntries(Object.entries(cells).map(([c, row]) => [c, Object.fromEntries(Object.entries(row).filter(([s]) => !known(c, s)))]));

  it('gives each cell the verdict and cause the fixture expects', () => {
    expect(without(got)).toEqual(without(expected.cells));
  });

  it('gives the cells of known grader bugs at least the right verdict', () => {
    for (const key of Object.keys(expected.knownBugs ?? {})) {
      const [client, server] = key.split('/') as [string, string];
      expect(verdictOf(got[client]?.[server]), key).toBe(verdictOf(expected.cells[client]?.[server]));
    }
  });

  // Flips to a failure once the grader is fixed: then drop the entry from knownBugs.
  it.fails('gives the cells of known grader bugs the right cause (fails until the bug is fixed)', () => {
    for (const key of Object.keys(expected.knownBugs ?? {})) {
      const [client, server] = key.split('/') as [string, string];
      expect(got[client]?.[server], key).toBe(expected.cells[client]?.[server]);
    }
  });

  it('prints the matrix summary line', () => {
    expect(stdout).toContain(expected.summary);
  });
});
