// Grading one submission inside its worker: copy it, grade each exercise, report the events.
import path from 'node:path';
import type { ExerciseDef } from '../check/api.js';
import { exercisesById } from '../exercises.js';
import type { ExerciseResult } from '../events.js';
import { listPythonFiles, readHead } from '../intake/scan.js';
import { matchPrograms } from '../intake/match.js';
import { effectiveLimits } from '../sandbox/limits.js';
import { lockPorts, type PortLease } from '../sandbox/locks.js';
import { portLiterals } from '../sandbox/ports.js';
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
  const submissionId = job.submission.id;
  const { workDir, env } = await prepareWork(job);
  const files = listPythonFiles(workDir);
  const defs = exercisesById(job.exerciseIds);
  const lease = await lockFixedPorts(job, defs, files, workDir);
  // Waiting for a classmate's ports is not this submission's time.
  const started = Date.now();
  const exercises: ExerciseResult[] = [];
  try {
    for (const def of defs) {
      const matched = matchPrograms(files, def.programs);
      if (matched.size === 0) {
        exercises.push({ id: def.id, status: 'missing', score: 0, points: 0, maxPoints: def.checks.reduce((s, c) => s + c.weight, 0), checks: [], diagnostics: [], programs: [] });
        continue;
      }
      const sink = {
        checkEnd: (check: ExerciseResult['checks'][number]) => send({ type: 'check:end', submissionId, exerciseId: def.id, check }),
        graderFault: (error: unknown) => send({ type: 'error', submissionId, message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack }),
      };
      const limits = effectiveLimits(job.limits, def.limits, job.limitsFromCli);
      exercises.push(await gradeExercise(def, matched, workDir, { ...env, limits }, sink));
    }
  } finally {
    lease?.release();
  }
  // The checks went out one by one in check:end; sending them again would double the pipe's load.
  const bare = exercises.map((x) => ({ ...x, checks: [] as [] }));
  send({ type: 'submission:end', submissionId, path: job.submission.path, score: scoreSubmission(exercises), durationMs: Date.now() - started, exercises: bare });
}

/** The private work copy and what every session of the submission shares. */
async function prepareWork(job: WorkerJob): Promise<{ workDir: string; env: SessionEnv }> {
  // One tmpfs holds the work copy and every box's /tmp, so a submission's disk and inodes are
  // bounded together (and vanish with the worker's mount namespace).
  const bounded = job.mountTmpfs && (await mountWorkTmpfs(job.jobDir, job.limits.diskMiB));
  const workDir = path.join(job.jobDir, 'work');
  copySubmission(job.submission.path, workDir);
  // Every tier: the stack dump; startBox turns SO_REUSEADDR on only where there is no netns.
  const site = writeGraderSite(path.join(job.jobDir, 'site'));
  const env: SessionEnv = {
    runId: job.runId,
    plan: job.plan,
    python: job.python,
    limits: job.limits,
    outputCap: job.outputCap,
    timeoutScale: job.timeoutScale,
    tmp: { root: path.join(job.jobDir, 'tmp'), bounded, site },
  };
  return { workDir, env };
}

/**
 * Without a network namespace, takes every port the submission's programs may hardcode before
 * the first check: the wait for a classmate holding port 5000 must not eat a check's deadline.
 */
async function lockFixedPorts(job: WorkerJob, defs: ExerciseDef[], files: string[], workDir: string): Promise<PortLease | undefined> {
  if (job.plan.netns) return undefined;
  const ports = new Set([HANDOUT_PORT]);
  for (const def of defs) {
    for (const file of matchPrograms(files, def.programs).values()) {
      for (const port of portLiterals(readHead(path.join(workDir, file.relPath)))) ports.add(port);
    }
  }
  return lockPorts(job.lockDir, [...ports], PORT_WAIT_MS * job.timeoutScale);
}
