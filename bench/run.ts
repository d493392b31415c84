// `npm run bench`: grading speed against the python3 start-up floor. Prints figures; asserts nothing.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../grader/paths.js';
import type { GradeEvent, SubmissionEndEvent } from '../grader/events.js';

const CLI = path.join(projectRoot, 'dist/grader/cli.js');
const COPIES = 40;

/** Mean wall time of `python3 -c pass`, resolved to the real interpreter as the grader does. */
async function pythonFloorMs(): Promise<number> {
  const { stdout } = await execa('python3', ['-c', 'import sys; print(sys.executable)']);
  const started = performance.now();
  for (let i = 0; i < 10; i++) await execa(stdout.trim(), ['-s', '-B', '-c', 'pass']);
  return (performance.now() - started) / 10;
}

/** Runs grade on a folder and returns wall time and the submission:end events. */
async function gradeTimed(target: string, args: string[]): Promise<{ wallMs: number; ends: SubmissionEndEvent[] }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-bench-out-'));
  const started = performance.now();
  await execa(process.execPath, [CLI, target, '--reporter', 'json', '--out', out, ...args], { reject: false });
  const wallMs = performance.now() - started;
  const events = fs
    .readFileSync(path.join(out, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GradeEvent);
  fs.rmSync(out, { recursive: true, force: true });
  return { wallMs, ends: events.filter((e): e is SubmissionEndEvent => e.type === 'submission:end') };
}

/** A class folder of `count` copies of one submission folder. */
function classOf(source: string, count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-bench-class-'));
  for (let i = 0; i < count; i++) fs.cpSync(source, path.join(dir, `aluno-${String(i).padStart(3, '0')}`), { recursive: true });
  return dir;
}

/** Sum of check durations per program of one exercise. */
function programTime(end: SubmissionEndEvent, exercise: string, program: string): number {
  const checks = end.exercises.find((e) => e.id === exercise)?.checks ?? [];
  return checks.filter((c) => c.program === program).reduce((sum, c) => sum + c.durationMs, 0);
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const floor = await pythonFloorMs();
  console.log(`python3 start-up floor: ${floor.toFixed(1)} ms`);

  const tcpClass = classOf(path.join(projectRoot, 'exercises/tcp-hello/solution'), COPIES);
  const tcp = await gradeTimed(tcpClass, ['--jobs', '2']);
  const perSubmission = tcp.ends.reduce((s, e) => s + e.durationMs, 0) / tcp.ends.length;
  const launches = tcp.ends[0]?.exercises[0]?.programs.reduce((s, p) => s + p.launches, 0) ?? 2;
  console.log(`\ntcp-hello, ${COPIES} correct submissions, --jobs 2`);
  console.log(`  total wall            ${fmt(tcp.wallMs)} (target ≤ 10 s)`);
  console.log(`  per submission (wall) ${fmt(perSubmission)} (target ≤ 0.4 s); ${launches} launches; ratio to floor ${(perSubmission / (floor * launches)).toFixed(2)}×`);

  const silent = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-bench-silent-'));
  fs.writeFileSync(path.join(silent, 'servidor.py'), 'import time\ntime.sleep(600)\n');
  const never = await gradeTimed(silent, ['--exercise', 'tcp-hello']);
  console.log(`\ntcp-hello, a server that never listens: server checks ${fmt(programTime(never.ends[0], 'tcp-hello', 'server'))} (target ≤ 5 s)`);

  const chat = await gradeTimed(path.join(projectRoot, 'exercises/chat/solution'), ['--exercise', 'chat']);
  const server = programTime(chat.ends[0], 'chat', 'server');
  const client = programTime(chat.ends[0], 'chat', 'client');
  console.log(`\nchat reference solution (score ${chat.ends[0]?.score})`);
  console.log(`  server suite ${fmt(server)} (target ≤ 3 s), 12 fresh servers: ratio to floor ${(server / (floor * 12)).toFixed(2)}×`);
  console.log(`  client suite ${fmt(client)} (target ≤ 1.5 s), 6 launches: ratio to floor ${(client / (floor * 6)).toFixed(2)}×`);

  for (const dir of [tcpClass, silent]) fs.rmSync(dir, { recursive: true, force: true });
}

await main();
