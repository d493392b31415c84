// The exercises written in TypeScript, and how a worker finds the definition of a planned one.
import type { ExerciseDef } from './check/api.js';
import chat from '../exercises/chat/index.js';
import tcpHello from '../exercises/tcp-hello/index.js';
import udpHello from '../exercises/udp-hello/index.js';

/** The exercises written in TypeScript, in their order. */
export const BUILT_IN: ExerciseDef[] = [tcpHello, chat, udpHello];

/**
 * The definition of a planned exercise, for a worker: a built-in one at once; a scenario (from
 * `dir`, or one of exercises/) through the registry, loaded on first need. The registry brings the
 * YAML parser and the schemas, about 160 ms of CPU at every worker's start when loaded eagerly.
 */
export async function plannedExercise(id: string, dir?: string): Promise<ExerciseDef> {
  const builtIn = dir === undefined ? BUILT_IN.find((e) => e.id === id) : undefined;
  if (builtIn) return builtIn;
  const registry = await import('./exercises.js');
  if (dir !== undefined) registry.loadExerciseDir(dir);
  return registry.exercisesById([id])[0]!;
}
