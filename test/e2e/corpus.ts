// Helpers for the hostile and isolation tests: the corpus, class folders, a run's traces.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, ROOT, tempOut, type Expected, type Results } from './cli.js';

export const HOSTILE = path.join(ROOT, 'fixtures/hostile');

/** An expected.json of the hostile corpus: the common format plus per-tier replacements. */
export interface HostileExpected extends Expected {
  tiers?: Record<string, { description: string; exercises: Expected['exercises'] }>;
}

/** One hostile case: its verdict folder, its id (the case folder's name) and what to expect. */
export interface HostileCase {
  verdict: string;
  id: string;
  dir: string;
  expected: HostileExpected;
}

/** Every case of fixtures/hostile/<verdict>/<case>/. */
export function hostileCases(): HostileCase[] {
  return fs
    .readdirSync(HOSTILE, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((v) =>
      fs.readdirSync(path.join(HOSTILE, v.name)).map((id) => {
        const dir = path.join(HOSTILE, v.name, id);
        return { verdict: v.name, id, dir, expected: JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as HostileExpected };
      }),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** What to expect of a case at a tier. */
export function expectedAt(c: HostileCase, tier: string): Expected['exercises'] {
  return c.expected.tiers?.[tier]?.exercises ?? c.expected.exercises;
}

/** A temp class folder (one subfolder per submission) holding copies of the given folders. */
export function classFolder(dirs: string[], prefix = 'sg-class-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const dir of dirs) fs.cpSync(dir, path.join(root, path.basename(dir)), { recursive: true });
  return root;
}

/** A clean submission: graded in the same run as the hostile ones and alone, for comparison. */
export const CLEAN = path.join(FIXTURES, 'argv-clean');

/** The events a run wrote, parsed. */
export function readEvents(out: string): { type: string; [key: string]: unknown }[] {
  const file = path.join(out, 'events.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** The run id from run:begin. */
export function runIdOf(out: string): string {
  return String(readEvents(out).find((e) => e.type === 'run:begin')?.runId ?? '');
}

/** The isolation tier the run reported. */
export function tierOf(results: Results): string {
  return (results as unknown as { isolation: { tier: string } }).isolation.tier;
}

/** Every program's stderr tail in a submission's submission:end event. */
export function stderrOf(out: string, submissionId: string): string {
  const end = readEvents(out).find((e) => e.type === 'submission:end' && e.submissionId === submissionId) as
    | { exercises: { programs: { stderrTail: string }[] }[] }
    | undefined;
  return (end?.exercises ?? []).flatMap((x) => x.programs.map((p) => p.stderrTail)).join('\n');
}

/** `PROBE key=value` lines a hostile program printed, as key → values. */
export function probes(stderr: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const m of stderr.matchAll(/^PROBE ([\w-]+)[= ]?(.*)$/gm)) found.set(m[1], [...(found.get(m[1]) ?? []), m[2]]);
  return found;
}

/** Pids of processes carrying this run's box marker (other runs on the machine are not ours). */
export function boxesOfRun(runId: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/environ`, 'latin1').includes(`SOCKGRADE_BOX=${runId}:`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Waits until `probe` holds, polling every 50 ms; false at the deadline. */
export async function eventually(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Traces a run may leave on the machine: cgroup folders and scratch folders named by its id. */
export function runTraces(runId: string): string[] {
  const places = ['/sys/fs/cgroup/pids/sockgrade', '/sys/fs/cgroup/unified/sockgrade', '/sys/fs/cgroup/sockgrade', path.join(os.tmpdir(), 'sockgrade-runs')];
  return places.map((p) => path.join(p, runId)).filter((p) => fs.existsSync(p));
}

/** Where the hostile programs try to leave a file outside their box. */
export function escapePaths(caseId: string): string[] {
  return [`/tmp/sockgrade-escape-${caseId}`, `/dev/shm/sockgrade-escape-${caseId}`, path.join('/root', `sockgrade-escape-${caseId}`)];
}

/** Removes escape files a none-tier run may have left (that tier cannot prevent them). */
export function removeEscapes(caseIds: string[]): void {
  for (const id of caseIds) for (const p of escapePaths(id)) fs.rmSync(p, { force: true });
}

/** Check statuses and distinct diagnostic codes of one exercise, for comparisons. */
export function verdicts(results: Results, submissionId: string) {
  const s = results.submissions.find((x) => x.id === submissionId);
  return (s?.exercises ?? []).map((x) => ({
    id: x.id,
    checks: Object.fromEntries(x.checks.map((c) => [c.id, c.status])),
    diagnostics: [...new Set(x.diagnostics.map((d) => d.code))].sort(),
  }));
}

/** A fresh output folder. */
export const outDir = () => tempOut('sg-hostile-');
