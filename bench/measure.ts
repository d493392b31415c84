// Timed grading runs for the benchmarks: wall time, CPU of the whole tree, peak RSS, the results.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../grader/paths.js';
import type { GradeEvent, SubmissionEndEvent } from '../grader/events.js';
import { CPU_LOG_ENV } from '../grader/sandbox/cpu-log.js';
import { scratch } from './classes.js';

const CLI = path.join(projectRoot, 'dist/grader/cli.js');
/** GNU time reports the CPU of every process it waited for, and the largest RSS of any of them. */
const GNU_TIME = '/usr/bin/time';

/** What one run of `grade` cost, and what it found. */
export interface Measured {
  wallMs: number;
  /** User + system CPU that GNU time saw (the grader and what it waited for; not the programs of a killed box, which nobody waits for), or NaN. */
  cpuMs: number;
  /** Largest resident set of any single process of the run, in MiB (GNU time), or NaN. */
  peakRssMiB: number;
  /** CPU of the grader's own processes (main and workers, not the student programs), in ms. */
  graderCpuMs: number;
  /** CPU of every box (the student programs and their sandbox), from the boxes' cgroups, in ms; NaN without cgroup v2. */
  boxCpuMs: number;
  /** CPU the whole machine spent during the run (/proc/stat, every core), in ms: on a quiet machine, the run's true cost. */
  machineCpuMs: number;
  ends: SubmissionEndEvent[];
  /** The run's output folder (events.jsonl): the caller removes it. */
  out: string;
}

/** Runs a command under GNU time when the machine has it. */
async function timed(file: string, args: string[]): Promise<{ wallMs: number; cpuMs: number; peakRssMiB: number }> {
  const haveTime = fs.existsSync(GNU_TIME);
  const marker = 'sg-bench-time ';
  const started = performance.now();
  const result = haveTime
    ? await execa(GNU_TIME, ['-f', `${marker}%U %S %M`, file, ...args], { reject: false, stdout: 'ignore' })
    : await execa(file, args, { reject: false, stdout: 'ignore' });
  const wallMs = performance.now() - started;
  const line = String(result.stderr ?? '').split('\n').find((l) => l.startsWith(marker));
  if (!line) return { wallMs, cpuMs: NaN, peakRssMiB: NaN };
  const [user, sys, rssKiB] = line.slice(marker.length).split(' ').map(Number);
  return { wallMs, cpuMs: (user! + sys!) * 1000, peakRssMiB: rssKiB! / 1024 };
}

/** Grades a folder with the given extra arguments and reads back its submission:end events. */
export async function grade(target: string, args: string[]): Promise<Measured> {
  const out = scratch('out');
  const cpuLog = path.join(out, 'cpu.log');
  process.env[CPU_LOG_ENV] = cpuLog;
  const busyBefore = machineBusyMs();
  const cost = await timed(process.execPath, [CLI, target, '--reporter', 'json', '--out', out, ...args]);
  const machineCpuMs = machineBusyMs() - busyBefore;
  delete process.env[CPU_LOG_ENV];
  const rows = fs.existsSync(cpuLog) ? fs.readFileSync(cpuLog, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')) : [];
  const sum = (keep: (role: string) => boolean) => (rows.length === 0 ? NaN : rows.filter(([role]) => keep(role!)).reduce((total, r) => total + Number(r[2]), 0));
  const boxes = rows.some(([role]) => role === 'box');
  return { ...cost, graderCpuMs: sum((role) => role !== 'box'), boxCpuMs: boxes ? sum((role) => role === 'box') : NaN, machineCpuMs, ends: submissionEnds(path.join(out, 'events.jsonl')), out };
}

/** Busy CPU of the whole machine so far (user, nice, system, irq, softirq of every core), in ms. */
function machineBusyMs(): number {
  const [user, nice, system, , , irq, softirq] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // /proc/stat counts in USER_HZ, 100 a second on Linux.
  return (user! + nice! + system! + irq! + softirq!) * 10;
}

/** Re-renders a run's report from its log (`grade report`): the main process alone. */
export async function report(out: string): Promise<{ wallMs: number; peakRssMiB: number }> {
  return timed(process.execPath, [CLI, 'report', out]);
}

/** The submission:end events of a log. */
export function submissionEnds(log: string): SubmissionEndEvent[] {
  return readLog(log).filter((e): e is SubmissionEndEvent => e.type === 'submission:end');
}

/** Every whole line of a log, parsed. */
export function readLog(log: string): GradeEvent[] {
  const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n') : [];
  const events: GradeEvent[] = [];
  for (const line of lines) {
    try {
      if (line.trim()) events.push(JSON.parse(line) as GradeEvent);
    } catch {
      // A torn line (a stopped run) is not a figure.
    }
  }
  return events;
}

/** How many programs the results launched in all. */
export function launchesOf(ends: SubmissionEndEvent[]): number {
  return ends.reduce((sum, e) => sum + e.exercises.reduce((s, x) => s + x.programs.reduce((p, r) => p + r.launches, 0), 0), 0);
}

/** Mean wall time of `python3 -s -B -c pass` (the interpreter the grader resolves), and its CPU. */
export async function pythonFloor(): Promise<{ wallMs: number; cpuMs: number }> {
  const { stdout } = await execa('python3', ['-c', 'import sys; print(sys.executable)']);
  const python = stdout.trim();
  const runs = 10;
  let wall = 0;
  let cpu = 0;
  for (let i = 0; i < runs; i++) {
    // The bare interpreter: student programs start under -S through the boot file (grader/sandbox/boot.ts).
    const t = await timed(python, ['-S', '-B', '-c', 'pass']);
    wall += t.wallMs;
    cpu += t.cpuMs;
  }
  return { wallMs: wall / runs, cpuMs: cpu / runs };
}
