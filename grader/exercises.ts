// The registry of exercises the grader knows: the TypeScript ones, then every exercises/<id>/exercise.yaml.
// The worker process imports it too, so loading is synchronous and relative to the project root.
import fs from 'node:fs';
import path from 'node:path';
import type { ExerciseDef } from './check/api.js';
import { UsageError } from './errors.js';
import { projectRoot } from './paths.js';
import { toExercise } from './scenario/interpret.js';
import { loadScenarioFile, parseScenario, SCENARIO_FILE, ScenarioError, sentence, type LoadContext } from './scenario/load.js';
import { registerTranslations } from './scenario/messages.js';
import { BUILT_IN } from './builtin-exercises.js';

/** Scenario exercises loaded from a folder, by resolved folder (the tree's and any other). */
const loadedDirs = new Map<string, ExerciseDef>();

/** The context a folder is validated in: its name, and the ids and file names of the others. */
export function loadContext(dir: string, others: ExerciseDef[]): LoadContext {
  const takenFiles = new Map<string, string>();
  for (const e of others) for (const p of e.programs) for (const f of p.files) takenFiles.set(f.toLowerCase(), e.id);
  return { folder: path.basename(path.resolve(dir)), takenIds: others.map((e) => e.id), takenFiles };
}

/** Every other exercise known beside the one in `dir`. */
function othersThan(dir: string): ExerciseDef[] {
  const self = loadedDirs.get(path.resolve(dir));
  return [...BUILT_IN, ...loadedDirs.values()].filter((e) => e !== self);
}

/**
 * Loads the scenario exercise of a folder (its exercise.yaml): validated against every exercise
 * known so far, its titles and hints made known to the catalogs, and findable by exercisesById.
 * Throws ScenarioError (one sentence per problem) when the file is wrong. Loading the same folder
 * again returns the same definition.
 */
export function loadExerciseDir(dir: string): ExerciseDef {
  const key = path.resolve(dir);
  const known = loadedDirs.get(key);
  if (known) return known;
  const scenario = asUsageError(key, () => loadScenarioFile(path.join(key, SCENARIO_FILE), loadContext(key, othersThan(key))));
  registerTranslations(scenario);
  const def = toExercise(scenario);
  loadedDirs.set(key, def);
  return def;
}

/** A path as the teacher typed it: relative below the working folder, absolute elsewhere. */
function shownPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}

/** A wrong scenario met while grading is the teacher's to fix: one sentence at its real path, exit 2. */
function asUsageError<T>(dir: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    const shown = shownPath(path.join(dir, SCENARIO_FILE));
    const first = error.sentences[0]?.replace(new RegExp(`^${SCENARIO_FILE}(?=:)`), shown) ?? `${shown}: invalid`;
    const more = error.sentences.length > 1 ? ` (${error.sentences.length - 1} more: grade exercises --validate ${shownPath(dir)})` : '';
    throw new UsageError(more ? `${first.replace(/\.$/, '')}${more}.` : first, 'scenario');
  }
}

/**
 * Checks a scenario folder without loading it into the registry: every problem of its
 * exercise.yaml as one sentence, in the order of the file; none when it is fine.
 */
export function validateExerciseDir(dir: string): string[] {
  const key = path.resolve(dir);
  const file = path.join(key, SCENARIO_FILE);
  if (!fs.existsSync(file)) return [`${SCENARIO_FILE}: not found in ${dir}.`];
  const { problems } = parseScenario(fs.readFileSync(file, 'utf8'), loadContext(key, othersThan(key)));
  return problems.map(sentence);
}

/** exercises/<id>/ folders that hold an exercise.yaml, by id. */
function treeScenarioDirs(): string[] {
  const root = path.join(projectRoot, 'exercises');
  return fs
    .readdirSync(root)
    .filter((id) => fs.existsSync(path.join(root, id, SCENARIO_FILE)))
    .sort()
    .map((id) => path.join(root, id));
}

/** Every exercise, in the order they are graded and reported: the TypeScript ones, then the scenarios by id. */
export const EXERCISES: ExerciseDef[] = [...BUILT_IN];
for (const dir of treeScenarioDirs()) EXERCISES.push(loadExerciseDir(dir));

/** Looks exercises up by id (the registry's, then folders loaded with loadExerciseDir); an unknown id is a usage error naming the known ones. */
export function exercisesById(ids: string[]): ExerciseDef[] {
  const all = [...EXERCISES, ...[...loadedDirs.values()].filter((e) => !EXERCISES.includes(e))];
  return ids.map((id) => {
    const found = all.find((e) => e.id === id);
    if (!found) throw new UsageError(`Unknown exercise "${id}". Known exercises: ${all.map((e) => e.id).join(', ')}.`, 'unknown-exercise');
    return found;
  });
}
