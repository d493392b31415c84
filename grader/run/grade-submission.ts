// Grading one submission inside its worker: copy it, grade each exercise, report the events.
import path from 'node:path';
import { exercisesById } from '../exercises.js';
import type { ExerciseResult } from '../events.js';
import { listPythonFiles } from '../intake/scan.js';
import { matchPrograms } from '../intake/match.js';
import { scoreSubmission } from '../score.js';
import { gradeExercise } from './exercise.js';
import type { WorkerJob, WorkerMessage } from './protocol.js';
import { copySubmission, mountWorkTmpfs } from './workcopy.js';

/** Grades the job's submission, sending check:end, error and finally submission:end. */
export async function gradeSubmission(job: WorkerJob, send: (message: WorkerMessage) => void): Promise<void> {
  const started = Date.now();
  const submissionId = job.submission.id;
  const workDir = path.join(job.jobDir, 'work');
  if (job.mountTmpfs) await mountWorkTmpfs(workDir, job.limits.diskMiB);
  copySubmission(job.submission.path, workDir);
  const files = listPythonFiles(workDir);
  const env = {
    runId: job.runId,
    plan: job.plan,
    python: job.python,
    limits: job.limits,
    outputCap: job.outputCap,
    timeoutScale: job.timeoutScale,
    lockDir: job.lockDir,
  };
  const exercises: ExerciseResult[] = [];
  for (const def of exercisesById(job.exerciseIds)) {
    const matched = matchPrograms(files, def.programs);
    if (matched.size === 0) {
      exercises.push({ id: def.id, status: 'missing', score: 0, points: 0, maxPoints: def.checks.reduce((s, c) => s + c.weight, 0), checks: [], diagnostics: [], programs: [] });
      continue;
    }
    const sink = {
      checkEnd: (check: ExerciseResult['checks'][number]) => send({ type: 'check:end', submissionId, exerciseId: def.id, check }),
      graderFault: (error: unknown) => send({ type: 'error', submissionId, message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack }),
    };
    exercises.push(await gradeExercise(def, matched, workDir, env, sink));
  }
  send({
    type: 'submission:end',
    submissionId,
    path: job.submission.path,
    score: scoreSubmission(exercises),
    durationMs: Date.now() - started,
    exercises,
  });
}
