// What the class file changes in the plan: the files each program may have, their argv, a fixed
// port, the checks' weights. The run-wide settings (lang, python, exercises) are read in grade.ts.
import type { ExerciseDef } from '../check/api.js';
import { msg } from '../check/failure.js';
import type { Msg } from '../events.js';
import type { ExerciseOptions } from '../check/api.js';
import { EXERCISE_DEFAULTS, programFiles, type EffectiveSettings } from '../classfile/settings.js';
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
  if (!settings) return planned;
  const own = settings.perExercise[def.id];
  const weights = Object.fromEntries(def.checks.filter((c) => settings.weights[c.id] !== undefined && settings.weights[c.id] !== c.weight).map((c) => [c.id, settings.weights[c.id]]));
  const port = own?.port;
  const dropped = port ? def.checks.filter((c) => c.id.endsWith('port-arg')).map((c) => c.id) : [];
  if (dropped.length > 0) notes.push(msg('plan.note.fixed-port', { exercise: def.id, port: port!, checks: dropped.join(', ') }));
  const programs = planned.programs.map((p): PlannedProgram => {
    const role = p.role as 'server' | 'client';
    const args = own?.[role]?.args;
    // The exercise's own argv is what a launch gets anyway: only a course's differing one travels.
    const standard = EXERCISE_DEFAULTS[def.id]?.[role]?.args ?? [];
    return { ...p, ...(args && args.join('\0') !== standard.join('\0') ? { args } : {}), ...(port ? { fixedPort: port } : {}) };
  });
  const options = optionsOf(def.id, own);
  return { ...planned, programs, ...(Object.keys(weights).length > 0 ? { weights } : {}), ...(dropped.length > 0 ? { dropped } : {}), ...(options ? { options } : {}) };
}

// Only what differs from the handout travels: the checks keep their own defaults otherwise.
function optionsOf(id: string, own: EffectiveSettings['perExercise'][string] | undefined): ExerciseOptions | undefined {
  const base = EXERCISE_DEFAULTS[id];
  if (!own || !base) return undefined;
  const options: ExerciseOptions = {};
  if (own.greeting !== undefined && own.greeting !== base.greeting) options.greeting = own.greeting;
  if (own.protocol && JSON.stringify(own.protocol) !== JSON.stringify(base.protocol)) options.protocol = own.protocol;
  if (own.client.args.some((a) => a.includes('{nick}'))) options.nickInArgs = true;
  return Object.keys(options).length > 0 ? options : undefined;
}
