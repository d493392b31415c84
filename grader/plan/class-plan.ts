// What the class file changes in the plan: the files each program may have, their argv, a fixed
// port, the checks' weights. The run-wide settings (lang, python, exercises) are read in grade.ts.
import type { ExerciseDef } from '../check/api.js';
import { msg } from '../check/failure.js';
import type { Msg } from '../events.js';
import type { ExerciseOptions } from '../check/api.js';
import { EXERCISE_DEFAULTS, programFiles, type EffectiveSettings, type ExerciseSettings } from '../classfile/settings.js';
import { classArgs, effectiveArgs } from './args.js';
import type { MatchedFile } from '../intake/types.js';
import type { PlannedExercise, PlannedProgram } from './types.js';

/** A pattern with a folder or a wildcard pins a file by its path; a plain name joins the names. */
export function isPattern(name: string): boolean {
  return /[*?/]/.test(name);
}

/** The exercises with the class's file names for each program (plain names; patterns pin later). */
export function classDefs(defs: ExerciseDef[], settings?: EffectiveSettings): ExerciseDef[] {
  if (!settings) return defs;
  return defs.map((def) => ({
    ...def,
    programs: def.programs.map((p) => ({ ...p, files: programFiles(p.files, settings.perExercise[def.id]?.[p.role]).filter((f) => !isPattern(f)) })),
  }));
}

/** A case-insensitive glob over a relative path: `*` and `?` stay inside one folder. */
function globRegex(pattern: string): RegExp {
  const body = pattern.split('').map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  // A pattern without a folder matches the file name at any depth.
  return new RegExp(`^${pattern.includes('/') ? '' : '(?:.*/)?'}${body}$`, 'i');
}

/** The one file a program's path patterns match, which wins over any name; several give a note instead. */
export function pinnedFile(files: string[], patterns: string[], role: string, notes: Msg[]): MatchedFile | undefined {
  for (const pattern of patterns) {
    const re = globRegex(pattern);
    const hits = files.filter((f) => re.test(f));
    if (hits.length === 1) return { role, relPath: hits[0], depth: hits[0].split('/').length - 1, alternatives: [], why: msg('intake.why.class-file', { pattern }) };
    if (hits.length > 1) notes.push(msg('intake.note.pattern-ambiguous', { pattern, files: hits.join(', ') }));
  }
  return undefined;
}

/** The class's changes to one planned exercise: weights, a fixed port (its port checks dropped), argv. */
export function applyClassSettings(def: ExerciseDef, planned: PlannedExercise, settings: EffectiveSettings | undefined, notes: Msg[]): PlannedExercise {
  // A missing exercise's report names what was looked for, with or without a class file.
  const base = planned.status === 'missing' ? { ...planned, looked: lookedFor(def, settings) } : planned;
  if (!settings) return base;
  const own = settings.perExercise[def.id];
  const weights = Object.fromEntries(def.checks.filter((c) => settings.weights[c.id] !== undefined && settings.weights[c.id] !== c.weight).map((c) => [c.id, settings.weights[c.id]]));
  const port = own?.port;
  const dropped = droppedChecks(def, own);
  if (dropped.length > 0) notes.push(fixedPortNote(def, own!, dropped));
  const programs = base.programs.map((p): PlannedProgram => {
    // Only an argv other than the exercise's own travels: a launch gets that one anyway.
    const args = classArgs(p.role, own);
    return { ...p, ...(args ? { args } : {}), ...(port ? { fixedPort: port } : {}) };
  });
  const options = optionsOf(def.id, own);
  return { ...base, programs, ...(Object.keys(weights).length > 0 ? { weights } : {}), ...(dropped.length > 0 ? { dropped } : {}), ...(options ? { options } : {}) };
}

/** The checks a fixed port makes meaningless: the program is never told a port to follow. */
export function droppedChecks(def: ExerciseDef, own: ExerciseSettings | undefined): string[] {
  return own?.port ? def.checks.filter((c) => c.id.endsWith('port-arg')).map((c) => c.id) : [];
}

/** The file names each program of an exercise was looked for by: the class's, then (extend) its own. */
export function lookedFor(def: ExerciseDef, settings: EffectiveSettings | undefined): { role: string; files: string[] }[] {
  return def.programs.map((p) => ({ role: p.role, files: programFiles(p.files, settings?.perExercise[def.id]?.[p.role as 'server' | 'client']) }));
}

// The note says what the launches really get: no port argument, unless the class's args still name {port}.
function fixedPortNote(def: ExerciseDef, own: ExerciseSettings, dropped: string[]): Msg {
  const told = def.programs.some((p) => effectiveArgs(p.role, own, p.args).some((a) => a.includes('{port}')));
  return msg(told ? 'plan.note.fixed-port-args' : 'plan.note.fixed-port', { exercise: def.id, port: own.port!, checks: dropped.join(', ') });
}

// Only what differs from the handout travels: the checks keep their own defaults otherwise.
function optionsOf(id: string, own: ExerciseSettings | undefined): ExerciseOptions | undefined {
  const base = EXERCISE_DEFAULTS[id];
  if (!own || !base) return undefined;
  const options: ExerciseOptions = {};
  if (own.greeting !== undefined && own.greeting !== base.greeting) options.greeting = own.greeting;
  if (own.protocol && JSON.stringify(own.protocol) !== JSON.stringify(base.protocol)) options.protocol = own.protocol;
  if (own.client.args.some((a) => a.includes('{nick}'))) options.nickInArgs = true;
  return Object.keys(options).length > 0 ? options : undefined;
}
