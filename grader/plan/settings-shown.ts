// The effective settings resolved for showing (files, argv, dropped checks), so a report needs
// nothing but the event log: run:begin carries this beside the raw `effective` settings.
import type { ExerciseDef } from '../check/api.js';
import type { EffectiveSettings } from '../classfile/settings.js';
import type { SettingsShown } from '../events.js';
import { exercisesById } from '../exercises.js';
import { effectiveArgs } from './args.js';
import { droppedChecks, lookedFor } from './class-plan.js';
import { protocolText } from './settings-text.js';

/** Each graded exercise's files and argv per program, fixed port, greeting, protocol and changed weights. */
export function shownSettings(effective: EffectiveSettings, exerciseIds: string[]): SettingsShown {
  const exercises = exerciseIds.flatMap((id) => {
    const def = knownExercise(id);
    return def ? [shownExercise(def, effective)] : [];
  });
  return { scale: effective.scale, lang: effective.lang, python: effective.python, python2: effective.python2, exercises };
}

function shownExercise(def: ExerciseDef, effective: EffectiveSettings): SettingsShown['exercises'][number] {
  const own = effective.perExercise[def.id];
  const programs = lookedFor(def, effective).map(({ role, files }) => ({ role, files, args: effectiveArgs(role, own, def.programs.find((p) => p.role === role)?.args) }));
  const weights = Object.fromEntries(def.checks.filter((c) => effective.weights[c.id] !== undefined && effective.weights[c.id] !== c.weight).map((c) => [c.id, effective.weights[c.id]!]));
  return {
    id: def.id,
    programs,
    ...(own?.port ? { port: own.port, dropped: droppedChecks(def, own) } : {}),
    ...(own?.greeting ? { greeting: own.greeting } : {}),
    ...(own?.protocol ? { protocol: protocolText(own.protocol as unknown as Record<string, unknown>) } : {}),
    ...(Object.keys(weights).length > 0 ? { weights } : {}),
  };
}

// A scenario that could not be loaded still has its results; its settings are simply not shown.
function knownExercise(id: string): ExerciseDef | undefined {
  try {
    return exercisesById([id])[0];
  } catch {
    return undefined;
  }
}
