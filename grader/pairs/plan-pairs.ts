// Which pairs a run tries (main process): per exercise with both roles, all pairs, a sample, or the
// teacher's CSV, grouped into columns (one server, its clients) for the worker lanes.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { PlannedSubmission, RunPlan, BoxSettings } from '../plan/types.js';
import type { PairColumnJob, PairSide } from './job.js';
import { PAIR_EXERCISES } from './reference.js';
import { choosePairs, matchPairsCsv, parsePairsCsv, type PairCandidate } from './select.js';
import type { PlannedPair } from './types.js';

/** What the command line asks of the matrix. */
export interface PairsRequest {
  /** A CSV of the pairs the teacher formed; absent: all pairs, or a sample beyond 30 students. */
  csv?: string;
  sample?: number;
}

/** The columns that run the pairs, and what the teacher should know. */
export interface PairsPlan {
  columns: Omit<PairColumnJob, 'runId' | 'box' | 'jobDir' | 'lockDir' | 'mountTmpfs'>[];
  /** Sentences about the choice: a sample size, a CSV row that matched nobody. */
  notes: string[];
}

/** Plans the matrix from the run's plan; in a shard, only the columns of the shard's servers. */
export function planPairs(plan: RunPlan, request: PairsRequest): PairsPlan {
  const rows = request.csv ? parsePairsCsv(readCsv(request.csv), path.basename(request.csv)) : undefined;
  const out: PairsPlan = { columns: [], notes: [] };
  // A name in the teacher's file that fits nobody (or several) stops the run: a typo must not drop a pair silently.
  const mistakes: string[] = [];
  const gradable = (plan.classSubmissions ?? plan.submissions).filter((s) => !s.error);
  // A shard runs the columns of its own servers, against every client of the class.
  const ownServers = new Set(plan.submissions.map((s) => s.id));
  const seed = gradable.map((s) => s.id).sort().join('\n');
  for (const exercise of plan.exercises.filter((x) => PAIR_EXERCISES.includes(x))) {
    const sides = new Map(gradable.map((s) => [s.id, sidesOf(s, exercise)]));
    const candidates: PairCandidate[] = gradable.map((s) => ({ id: s.id, name: s.student.name, lmsId: s.student.lmsId, hasClient: !!sides.get(s.id)!.client, hasServer: !!sides.get(s.id)!.server }));
    if (!candidates.some((c) => c.hasClient) || !candidates.some((c) => c.hasServer)) continue;
    let pairs: PlannedPair[];
    if (rows) {
      const matched = matchPairsCsv(rows, exercise, candidates, path.basename(request.csv!));
      pairs = matched.pairs;
      for (const problem of matched.problems) if (!mistakes.includes(problem)) mistakes.push(problem);
      out.notes.push(...matched.skipped);
    } else {
      const chosen = choosePairs(exercise, candidates, { sample: request.sample, seed });
      pairs = chosen.pairs;
      if (chosen.sampled !== undefined) out.notes.push(`${exercise}: each client against ${chosen.sampled} servers and each server against at least ${chosen.sampled} clients, chosen reproducibly (--pairs-sample)`);
    }
    // The reference's own row and column come from the checks, not from runs.
    const run = pairs.filter((p) => sides.get(p.client)?.client && sides.get(p.server)?.server && ownServers.has(p.server));
    for (const serverId of [...new Set(run.map((p) => p.server))]) {
      const clients = run.filter((p) => p.server === serverId).map((p) => sides.get(p.client)!.client!);
      out.columns.push({ kind: 'pairs', exercise, server: sides.get(serverId)!.server!, clients });
    }
  }
  if (mistakes.length > 0) throw new UsageError(mistakes.length === 1 ? mistakes[0]! : `${mistakes[0]} (and ${mistakes.length - 1} more in the file)`, 'pairs-csv');
  return out;
}

/** The jobs a pool runs: each column gets its own folder under the run's. */
export function columnJobs(pairs: PairsPlan, base: { runId: string; box: BoxSettings; runDir: string; lockDir: string; mountTmpfs: boolean }): PairColumnJob[] {
  return pairs.columns.map((c, i) => ({ ...c, runId: base.runId, box: base.box, jobDir: path.join(base.runDir, `pairs-${i}`), lockDir: base.lockDir, mountTmpfs: base.mountTmpfs }));
}

function sidesOf(s: PlannedSubmission, exercise: string): { server?: PairSide; client?: PairSide } {
  const x = s.exercises.find((e) => e.id === exercise && e.status === 'graded');
  if (!x) return {};
  const side = (role: string): PairSide | undefined => {
    const program = x.programs.find((p) => p.role === role);
    return program ? { id: s.id, dir: s.dir, program, localModules: s.localModules, options: x.options, limits: x.limits } : undefined;
  };
  return { server: side('server'), client: side('client') };
}

function readCsv(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`The pairs file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a CSV with client,server per line.`, 'pairs-csv');
  }
}
