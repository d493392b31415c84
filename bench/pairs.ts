// The interop matrix's bench: a 30-student tcp-hello class graded with and without --pairs, so
// the pairs' own cost (900 client launches against 30 servers) reads against its floor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../grader/paths.js';
import { scratch } from './classes.js';
import { grade } from './measure.js';

/** The pairs fixture's students plus the reference solution, cycled to `count` students. */
export function pairsClass(count: number): string {
  const dir = scratch('pairs');
  const fixture = path.join(projectRoot, 'fixtures/pairs/hello');
  const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8')) as { students: Record<string, string> };
  const sources = [path.join(projectRoot, 'exercises/tcp-hello/solution'), ...Object.values(expected.students).map((p) => path.join(fixture, p))];
  for (let i = 0; i < count; i++) {
    fs.cpSync(sources[i % sources.length]!, path.join(dir, `aluno-${String(i).padStart(2, '0')}`), { recursive: true, filter: (src) => path.basename(src) !== 'expected.json' });
  }
  return dir;
}

/** Prints the matrix's figures against the python3 start-up floor of its launches. */
export async function benchPairs(floorWallMs: number, students = 30): Promise<string[]> {
  const cores = os.availableParallelism();
  const dir = pairsClass(students);
  const plain = await grade(dir, ['--exercise', 'tcp-hello']);
  const withPairs = await grade(dir, ['--exercise', 'tcp-hello', '--pairs']);
  const pairs = JSON.parse(fs.readFileSync(path.join(withPairs.out, 'pairs.json'), 'utf8')) as { pairs: { client: string; server: string; durationMs: number }[] };
  const run = pairs.pairs.filter((p) => p.client !== '@reference' && p.server !== '@reference');
  const pairsMs = withPairs.wallMs - plain.wallMs;
  // One client launch a pair, one server launch a column (restarts aside).
  const floorMs = ((run.length + students) * floorWallMs) / cores;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`${`${students}-student tcp-hello matrix`.padEnd(34)} ${s(withPairs.wallMs).padStart(9)}  (${run.length} pairs; the checks alone ${s(plain.wallMs)}, so the pairs ${s(pairsMs)}, ${(pairsMs / run.length).toFixed(0)} ms a pair)  goal ≤ 180 s`);
  console.log(`${''.padEnd(34)} floor ${s(floorMs)} (${run.length + students} launches × ${floorWallMs.toFixed(0)} ms / ${cores} cores), ratio ${(pairsMs / floorMs).toFixed(2)}×`);
  return [dir, plain.out, withPairs.out];
}

