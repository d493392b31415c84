// The registry of exercises the grader knows.
import type { ExerciseDef } from './check/api.js';
import { UsageError } from './errors.js';
import chat from '../exercises/chat/index.js';
import tcpHello from '../exercises/tcp-hello/index.js';
import udpHello from '../exercises/udp-hello/index.js';

/** Every exercise, in the order they are graded and reported. */
export const EXERCISES: ExerciseDef[] = [tcpHello, chat, udpHello];

/** Looks exercises up by id; an unknown id is a usage error naming the known ones. */
export function exercisesById(ids: string[]): ExerciseDef[] {
  return ids.map((id) => {
    const found = EXERCISES.find((e) => e.id === id);
    if (!found) throw new UsageError(`Unknown exercise "${id}". Known exercises: ${EXERCISES.map((e) => e.id).join(', ')}.`, 'unknown-exercise');
    return found;
  });
}
