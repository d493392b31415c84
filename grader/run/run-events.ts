// The events the main process writes from the plan itself: run:begin, and the results of
// submissions no worker could grade (an unreadable archive, a crashed worker).
import { DEFAULTS, mergeSettings, type EffectiveSettings } from '../classfile/settings.js';
import type { GradeConfig } from '../config.js';
import { LOG_VERSION, type ExerciseResult, type PlannedSubmissionSummary, type RunBeginEvent, type SubmissionEndEvent } from '../events.js';
import { exercisesById } from '../exercises.js';
import { shownSettings } from '../plan/settings-shown.js';
import type { PlannedSubmission, RunPlan } from '../plan/types.js';
import { toolInfo } from '../paths.js';
import type { Machine } from './machine.js';

/** run:begin with the plan's summary: who is graded, on which files. */
export function runBeginEvent(config: GradeConfig, plan: RunPlan, machine: Machine, runId: string, started: number): RunBeginEvent {
  const effective = effectiveSettings(config);
  return {
    type: 'run:begin',
    logVersion: LOG_VERSION,
    runId,
    startedAt: new Date(started).toISOString(),
    tool: toolInfo(),
    settings: {
      exercises: plan.exercises,
      jobs: config.jobs,
      timeoutScale: config.timeoutScale,
      python: machine.python.path,
      pythonVersion: machine.python.version,
      ...(machine.python2 ? { python2: machine.python2.path, python2Version: machine.python2.version } : {}),
      lang: config.lang,
      shard: config.shard ? `${config.shard.index}/${config.shard.total}` : undefined,
      layout: plan.layout,
      ...(effective.scale.max !== DEFAULTS.scale.max || effective.scale.decimals !== DEFAULTS.scale.decimals ? { scale: effective.scale } : {}),
      ...(effective.source.file && effective.source.sha256 ? { classFile: { file: effective.source.file, sha256: effective.source.sha256 } } : {}),
      // Always recorded: a run without a class file graded with the defaults, and says which.
      effective: JSON.parse(JSON.stringify(effective)) as Record<string, unknown>,
      shown: shownSettings(effective, plan.exercises),
    },
    isolation: machine.isolation.info,
    submissions: plan.submissions.map(summaryOf),
  };
}

/** The settings a run grades with: the class file's merged ones, or the defaults under the command line's. */
export function effectiveSettings(config: GradeConfig): EffectiveSettings {
  if (config.settings) return config.settings;
  return mergeSettings({ cli: { lang: config.lang, python: config.python, ...(config.exercises ? { exercises: config.exercises } : {}) } });
}

/** What run:begin records of one planned submission. */
export function summaryOf(s: PlannedSubmission): PlannedSubmissionSummary {
  const files = Object.fromEntries(s.exercises.map((x) => [x.id, Object.fromEntries(x.programs.map((p) => [p.role, p.relPath]))]));
  return { id: s.id, path: s.path, student: s.student, files, ...(s.error ? { problem: s.error } : {}) };
}

/** The result of a submission whose worker died: every exercise an error, its files still shown. */
export function erroredSubmission(s: PlannedSubmission): SubmissionEndEvent {
  const exercises: ExerciseResult[] = s.exercises.map((x) => ({
    id: x.id,
    status: 'error',
    score: 0,
    points: 0,
    maxPoints: 0,
    checks: [],
    diagnostics: [],
    programs: x.programs.map((p) => ({ role: p.role, file: p.relPath, why: p.why, launches: 0, stdoutTail: '', stderrTail: '' })),
  }));
  return { type: 'submission:end', submissionId: s.id, path: s.path, student: s.student, score: 0, durationMs: 0, exercises, ...notesOf(s) };
}

/** The result of a submission that could not be read (its archive): score 0 and the one sentence why. */
export function unreadableSubmission(s: PlannedSubmission, exerciseIds: string[]): SubmissionEndEvent {
  const exercises: ExerciseResult[] = exercisesById(exerciseIds).map((def) => ({
    id: def.id,
    status: 'error',
    score: 0,
    points: 0,
    maxPoints: def.checks.reduce((sum, c) => sum + c.weight, 0),
    checks: [],
    diagnostics: [],
    programs: [],
  }));
  return { type: 'submission:end', submissionId: s.id, path: s.path, student: s.student, score: 0, durationMs: 0, exercises, problem: s.error, ...notesOf(s) };
}

function notesOf(s: PlannedSubmission): { notes?: SubmissionEndEvent['notes'] } {
  return s.notes.length > 0 ? { notes: s.notes } : {};
}
