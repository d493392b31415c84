// Grading one submission inside its worker: copy it, grade each planned exercise, report the events.
// The files were chosen in the main process (see plan/); the worker never lists or matches them.
import path from 'node:path';
import type { ExerciseDef } from '../check/api.js';
import { plannedExercise } from '../builtin-exercises.js';
import type { ExerciseResult } from '../events.js';
import { missingPrograms } from '../plan/missing.js';
import type { PlannedExercise, PlannedSubmission } from '../plan/types.js';
import { lockPorts, type PortLease } from '../sandbox/locks.js';
import { writeGraderSite } from '../sandbox/reuseaddr.js';
import { scoreSubmission } from '../score.js';
import { gradeExercise } from './exercise.js';
import type { WorkerJob, WorkerMessage } from './protocol.js';
import { HANDOUT_PORT, type SessionEnv } from './session.js';
import { copySubmission, mountWorkTmpfs } from './workcopy.js';

/** How long a none-tier submission waits for classmates to free its fixed ports (× timeout scale). */
export const PORT_WAIT_MS = 30 * 60_000;

/** Grades the job's submission, sending check:end, error and finally submission:end. */
export async function gradeSubmission(job: WorkerJob, send: (message: WorkerMessage) => void): Promise<void> {
  const { submission } = job;
  const { workDir, env } = await prepareWork(job);
  const lease = await lockFixedPorts(job);
  // Waiting for a classmate's ports is not this submission's time.
  const started = Date.now();
  const exercises: ExerciseResult[] = [];
  try {
    for (const planned of submission.exercises) exercises.push(await gradePlanned(planned, submission, workDir, env, send));
  } finally {
    lease?.release();
  }
  // The checks went out one by one in check:end; sending them again would double the pipe's load.
  const bare = exercises.map((x) => ({ ...x, checks: [] as [] }));
  send({
    type: 'submission:end',
    submissionId: submission.id,
    path: submission.path,
    student: submission.student,
    score: scoreSubmission(exercises),
    durationMs: Date.now() - started,
    exercises: bare,
    ...(submission.notes.length > 0 ? { notes: submission.notes } : {}),
  });
}

async function gradePlanned(planned: PlannedExercise, submission: PlannedSubmission, workDir: string, env: SessionEnv, send: (message: WorkerMessage) => void): Promise<ExerciseResult> {
  const def = asPlanned(await plannedExercise(planned.id, planned.dir), planned);
  if (planned.status === 'missing') {
    return { id: def.id, status: 'missing', score: 0, points: 0, maxPoints: def.checks.reduce((s, c) => s + c.weight, 0), checks: [], diagnostics: [], programs: missingPrograms(planned) };
  }
  const submissionId = submission.id;
  const sink = {
    checkEnd: (check: ExerciseResult['checks'][number]) => send({ type: 'check:end', submissionId, exerciseId: def.id, check }),
    graderFault: (error: unknown) => send({ type: 'error', submissionId, message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack }),
  };
  const matched = new Map(planned.programs.map((p) => [p.role, p]));
  return gradeExercise(def, matched, workDir, { ...env, limits: planned.limits, localModules: submission.localModules, options: planned.options }, sink);
}

/** The exercise as the class assigned it: its dropped checks gone, its weights replaced. */
function asPlanned(def: ExerciseDef, planned: PlannedExercise): ExerciseDef {
  if (!planned.weights && !planned.dropped) return def;
  const checks = def.checks
    .filter((c) => !planned.dropped?.includes(c.id))
    .map((c) => (planned.weights?.[c.id] === undefined ? c : { ...c, weight: planned.weights[c.id] }))
    // A check that needs a dropped one is no longer held back by it.
    .map((c) => (c.needs && planned.dropped ? { ...c, needs: c.needs.filter((n) => !planned.dropped!.includes(n)) } : c));
  return { ...def, checks };
}

/** The private work copy and what every session of the submission shares. */
async function prepareWork(job: WorkerJob): Promise<{ workDir: string; env: SessionEnv }> {
  // One tmpfs holds the work copy and every box's /tmp, so a submission's disk and inodes are
  // bounded together (and vanish with the worker's mount namespace).
  const bounded = job.mountTmpfs && (await mountWorkTmpfs(job.jobDir, job.limits.diskMiB));
  const workDir = path.join(job.jobDir, 'work');
  copySubmission(job.submission.dir, workDir);
  // Every tier: the stack dump; startBox turns SO_REUSEADDR on only where there is no netns.
  const site = writeGraderSite(path.join(job.jobDir, 'site'));
  const env: SessionEnv = {
    runId: job.runId,
    plan: job.box.isolation,
    python: job.box.python,
    python2: job.box.python2,
    limits: job.limits,
    outputCap: job.box.outputCap,
    timeoutScale: job.box.timeoutScale,
    tmp: { root: path.join(job.jobDir, 'tmp'), bounded, site },
    localModules: job.submission.localModules,
  };
  return { workDir, env };
}

/**
 * Without a network namespace, takes every port the submission's programs may hardcode before
 * the first check: the wait for a classmate holding port 5000 must not eat a check's deadline.
 */
async function lockFixedPorts(job: WorkerJob): Promise<PortLease | undefined> {
  if (job.box.isolation.netns) return undefined;
  const planned = job.submission.exercises.flatMap((x) => x.programs);
  const ports = new Set([HANDOUT_PORT, ...planned.flatMap((p) => [...p.portLiterals, ...(p.fixedPort ? [p.fixedPort] : [])])]);
  return lockPorts(job.lockDir, [...ports], PORT_WAIT_MS * job.box.timeoutScale);
}
