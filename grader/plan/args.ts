// The argv template each program is launched with: the course's, or the exercise's own, which
// loses its port entries when the course fixes the port (the program is told nothing it needs).
import type { ExerciseSettings } from '../classfile/settings.js';

/** Every exercise's own argv (the check API's): a server gets its port, a client the host and the port. */
const STANDARD_ARGS: Record<string, readonly string[]> = { server: ['{port}'], client: ['{host}', '{port}'] };

/** The exercise's own argv template for a role; with a fixed port, without the entries holding {port}. */
export function defaultArgs(role: string, fixedPort?: number): string[] {
  const standard = STANDARD_ARGS[role] ?? [];
  return fixedPort ? standard.filter((arg) => !arg.includes('{port}')) : [...standard];
}

/**
 * The argv the class gives a program, undefined for the exercise's own. Args written exactly as
 * the exercise's own (grade init writes them out) count as unwritten, so a fixed port still
 * drops their {port}; any other args are kept as written.
 */
export function classArgs(role: string, own: ExerciseSettings | undefined): string[] | undefined {
  const args = own?.[role as 'server' | 'client']?.args;
  if (args && args.join('\0') !== defaultArgs(role).join('\0')) return [...args];
  return own?.port ? defaultArgs(role, own.port) : undefined;
}

/**
 * The argv template a program really gets, in the order a launch picks it (session.argsFor): the
 * class's, then the exercise's own (a scenario's `args`), then the default for its port.
 */
export function effectiveArgs(role: string, own: ExerciseSettings | undefined, exerciseArgs?: string[]): string[] {
  return classArgs(role, own) ?? exerciseArgs ?? defaultArgs(role, own?.port);
}
