// `npm run bench`: grading speed of whole classes against the python3 start-up floor. Prints
// figures; asserts nothing. `npm run bench -- --size 40` grades smaller classes (default 200).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SubmissionEndEvent } from '../grader/events.js';
import { correctClass, fixturesClass, FIXTURES, GOAL_FIXTURES, mixedClass, scratch } from './classes.js';
import { grade, launchesOf, pythonFloor, readLog, report, type Measured } from './measure.js';
import { benchPairs } from './pairs.js';

const size = Number(process.argv[process.argv.indexOf('--size') + 1]) || 200;
// `--only pairs` runs the interop matrix's figures alone.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const cores = os.availableParallelism();
const NEVER_RELAYING = ['chat-blocking-accept', 'chat-print-only', 'chat-relay-to-sender-only'];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
let floor = { wallMs: NaN, cpuMs: NaN };

/** One figure: the run, its floor (start-ups × launches, spread over the cores), and the ratio. */
function line(label: string, m: Measured, goal: string): void {
  const launches = launchesOf(m.ends);
  const floorMs = (launches * floor.wallMs) / cores;
  const per = m.wallMs / Math.max(1, m.ends.length);
  console.log(`${label.padEnd(34)} ${s(m.wallMs).padStart(9)}  ${s(per)} each  goal ${goal}`);
  console.log(`${''.padEnd(34)} floor ${s(floorMs)} (${launches} launches × ${floor.wallMs.toFixed(0)} ms / ${cores} cores), ratio ${(m.wallMs / floorMs).toFixed(2)}×`);
  const share = (100 * m.machineCpuMs) / (m.wallMs * cores);
  console.log(`${''.padEnd(34)} CPU: machine ${s(m.machineCpuMs)} (${share.toFixed(0)}% of ${cores} cores), of it boxes ${s(m.boxCpuMs)}, grader ${s(m.graderCpuMs)}`);
}

/** Sum of the durations of one program's checks in one submission's results. */
function suiteMs(end: SubmissionEndEvent | undefined, exercise: string, program: string): number {
  const checks = end?.exercises.find((e) => e.id === exercise)?.checks ?? [];
  return checks.filter((c) => c.program === program).reduce((sum, c) => sum + c.durationMs, 0);
}

/** The grader's own CPU per submission: its main process and workers, as they report it. */
function graderCpuPerSubmission(m: Measured): number {
  return m.graderCpuMs / Math.max(1, m.ends.length);
}

/** A log of `count` submissions made by repeating a run's results under new ids (for memory). */
function inflateLog(out: string, count: number): string {
  const events = readLog(path.join(out, 'events.jsonl'));
  const begin = events.find((e) => e.type === 'run:begin');
  const ends = events.filter((e): e is SubmissionEndEvent => e.type === 'submission:end');
  const copies = Array.from({ length: count }, (_, i) => ({ ...ends[i % ends.length]!, submissionId: `s${String(i).padStart(3, '0')}` }));
  const big = scratch('big');
  const lines = [
    begin && { ...begin, submissions: copies.map((c) => ({ id: c.submissionId, path: c.path })) },
    ...copies,
    events.find((e) => e.type === 'run:end'),
  ].filter(Boolean);
  fs.writeFileSync(path.join(big, 'events.jsonl'), lines.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return big;
}

async function main(): Promise<void> {
  const scratchDirs: string[] = [];
  const keep = (dir: string) => (scratchDirs.push(dir), dir);
  floor = await pythonFloor();
  console.log(`python3 start-up floor: ${floor.wallMs.toFixed(1)} ms wall, ${floor.cpuMs.toFixed(0)} ms CPU; ${cores} cores; classes of ${size}\n`);
  if (only === 'pairs') {
    for (const dir of await benchPairs(floor.wallMs)) fs.rmSync(dir, { recursive: true, force: true });
    return;
  }

  const correct = await grade(keep(correctClass(size)), []);
  keep(correct.out);
  line(`${size} correct full submissions`, correct, `≤ ${s((size / 200) * 180_000)}`);
  const cpu = graderCpuPerSubmission(correct);
  const boxCpu = correct.boxCpuMs / correct.ends.length;
  console.log(`${'grader CPU per submission'.padEnd(34)} ${s(cpu).padStart(9)}  (main + workers; the boxes, students' programs included: ${s(boxCpu)}, floor ${s(launchesOf(correct.ends) / correct.ends.length * floor.cpuMs)} of start-ups)  goal ≤ 0.25 s`);

  const goalFixtures = await grade(keep(fixturesClass(GOAL_FIXTURES)), []);
  keep(goalFixtures.out);
  line(`the ${goalFixtures.ends.length} fixtures of the goal`, goalFixtures, '≤ 25 s');
  const fixtures = await grade(FIXTURES, []);
  keep(fixtures.out);
  line(`all ${fixtures.ends.length} bundled fixtures`, fixtures, `none (${fixtures.ends.length - GOAL_FIXTURES.length} harder ones added since the goal)`);

  const mixedDir = keep(mixedClass(size));
  const mixed = await grade(mixedDir, []);
  keep(mixed.out);
  line(`${size} mixed (fixture proportions)`, mixed, 'as fast as the correct class');

  const never = await grade(keep(fixturesClass(NEVER_RELAYING)), ['--exercise', 'chat', '--jobs', '1']);
  keep(never.out);
  for (const end of never.ends) console.log(`${`never-relaying ${end.submissionId}`.padEnd(34)} server suite ${s(suiteMs(end, 'chat', 'server'))}  goal ≤ 5 s`);

  console.log('');
  const byJobs: { jobs: number; wallMs: number }[] = [];
  for (const jobs of [1, 2, 4, 8]) {
    const m = await grade(mixedDir, ['--jobs', String(jobs)]);
    keep(m.out);
    byJobs.push({ jobs, wallMs: m.wallMs });
    console.log(`${`mixed class, --jobs ${jobs}`.padEnd(34)} ${s(m.wallMs).padStart(9)}  grader CPU ${s(graderCpuPerSubmission(m))} each`);
  }
  const best = Math.min(...byJobs.map((b) => b.wallMs));
  console.log(`${'default --jobs against the best'.padEnd(34)} ${(mixed.wallMs / best).toFixed(2)}×  goal ≤ 1.10×`);

  const big = keep(inflateLog(mixed.out, 400));
  const rendered = await report(big);
  console.log(`\n${"peak RSS, 400-submission report".padEnd(34)} ${rendered.peakRssMiB.toFixed(0)} MiB (grade report of the mixed results repeated to 400, ${s(rendered.wallMs)})  goal ≤ 300 MB`);
  console.log(`${`peak RSS, grading ${size} mixed`.padEnd(34)} ${mixed.peakRssMiB.toFixed(0)} MiB (largest process of the run)`);
  console.log('');
  for (const dir of await benchPairs(floor.wallMs)) keep(dir);
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
}

await main();
