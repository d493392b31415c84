// A student's failure inside a check: data with a message and a hint, never a grader fault.
import type { Msg } from '../events.js';

/** Thrown by check helpers when the student's program does not do what was expected. */
export class CheckFailure extends Error {
  constructor(
    readonly msg: Msg,
    readonly hint?: Msg,
  ) {
    super(msg.key);
    this.name = 'CheckFailure';
  }
}

/** Shorthand for a message. */
export function msg(key: string, params?: Msg['params']): Msg {
  return params ? { key, params } : { key };
}

/** Shows text the way a student recognises it in a report: quoted, newlines visible. */
export function quote(text: string, max = 120): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}

/** The last non-empty line of a program's output (usually the exception of a traceback). */
export function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
