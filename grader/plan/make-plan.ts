// Intake's submissions → the run's plan: the exercises graded, and per submission the files chosen.
import type { ExerciseDef } from '../check/api.js';
import type { Layout, Msg } from '../events.js';
import { UsageError } from '../errors.js';
import path from 'node:path';
import { isExercisePath } from '../classfile/schema.js';
import { EXERCISES, exercisesById, loadExerciseDir } from '../exercises.js';
import type { IntakeSubmission } from '../intake/types.js';
import { effectiveLimits, type Limits } from '../sandbox/limits.js';
import { portLiterals } from '../sandbox/ports.js';
import type { EffectiveSettings } from '../classfile/settings.js';
import { applyClassSettings, classDefs, isPattern } from './class-plan.js';
import { chooseSubmissionFiles, type SubmissionFiles } from './files.js';
import type { PlannedExercise, PlannedSubmission, RunPlan } from './types.js';

/** What the plan is made from. */
export interface PlanInput {
  layout: Layout;
  submissions: IntakeSubmission[];
  notes: Msg[];
  /** Exercises asked for on the command line; otherwise every exercise whose files appear. */
  exerciseIds?: string[];
  limits: Limits;
  limitsFromCli: Partial<Limits>;
  /** The class file's settings merged with the command line's, when there is a class file. */
  settings?: EffectiveSettings;
}

/** Chooses every submission's files once and decides which exercises the run grades. */
export function makePlan(input: PlanInput): RunPlan {
  // A scenario folder the class file lists by path joins the registry under its own id, and
  // competes for files like every other exercise (before the choice, or it would find none).
  const dirs = new Map<string, string>();
  const ids = input.exerciseIds?.map((entry) => {
    if (!isExercisePath(entry)) return entry;
    const id = loadExerciseDir(entry).id;
    dirs.set(id, path.resolve(entry));
    return id;
  });
  const listed = exercisesById([...dirs.keys()]);
  const defs = classDefs([...EXERCISES, ...listed.filter((d) => !EXERCISES.includes(d))], input.settings);
  const files = new Map(input.submissions.filter((s) => !s.error).map((s) => [s.student.id, chooseSubmissionFiles(s.dir, defs, patternsOf(input.settings))]));
  const exercises = ids ? exercisesById(ids) : exercisesPresent([...files.values()]);
  const submissions = input.submissions.map((s) => planSubmission(s, files.get(s.student.id), exercises, input));
  for (const s of submissions) for (const x of s.exercises) if (dirs.has(x.id)) x.dir = dirs.get(x.id);
  return { layout: input.layout, exercises: exercises.map((e) => e.id), submissions, notes: input.notes };
}

function planSubmission(s: IntakeSubmission, files: SubmissionFiles | undefined, exercises: ExerciseDef[], input: PlanInput): PlannedSubmission {
  const base = { id: s.student.id, dir: s.dir, path: s.shownPath ?? s.dir, student: s.student, notes: [...s.notes] };
  if (!files) return { ...base, error: s.error, exercises: [], localModules: [] };
  base.notes.push(...files.notes);
  return { ...base, exercises: exercises.map((def) => applyClassSettings(def, planExercise(def, files, input), input.settings, base.notes)), localModules: files.localModules };
}

/** The class file's path patterns per exercise and role (`tcp/*.py`), which pin a file. */
function patternsOf(settings: EffectiveSettings | undefined): Record<string, Record<string, string[]>> {
  if (!settings) return {};
  return Object.fromEntries(
    Object.entries(settings.perExercise).map(([id, x]) => [id, { server: (x.server.files ?? []).filter(isPattern), client: (x.client.files ?? []).filter(isPattern) }]),
  );
}

function planExercise(def: ExerciseDef, files: SubmissionFiles, input: PlanInput): PlannedExercise {
  const chosen = files.chosen.get(def.id) ?? new Map();
  const programs = def.programs.flatMap((p) => {
    const file = chosen.get(p.role);
    return file ? [{ ...file, portLiterals: portLiterals(files.sources.get(file.relPath) ?? '') }] : [];
  });
  const limits = effectiveLimits(input.limits, def.limits, input.limitsFromCli);
  return { id: def.id, status: programs.length > 0 ? 'graded' : 'missing', programs, limits };
}

/**
 * Exercises whose files appear, by name, in at least one submission; none at all is a usage error.
 * A file chosen only by what it does (a stray test client) does not make a whole exercise appear.
 */
function exercisesPresent(files: SubmissionFiles[]): ExerciseDef[] {
  const named = (f: SubmissionFiles, id: string) => [...(f.chosen.get(id)?.values() ?? [])].some((m) => !m.byContent);
  const present = EXERCISES.filter((def) => files.some((f) => named(f, def.id)));
  if (present.length === 0) {
    const names = EXERCISES.flatMap((e) => e.programs.flatMap((p) => p.files)).join(', ');
    throw new UsageError(`No exercise files were found in the submissions (looked for ${names}).`, 'no-exercise-files');
  }
  return present;
}
