// Reading events.jsonl back: the one door recorded events come in by. A torn or garbled line is
// skipped with a warning, an older format is upgraded, a newer one refused, every event normalised.
import fs from 'node:fs';
import { UsageError } from '../errors.js';
import { LOG_VERSION, type GradeEvent } from '../events.js';
import { normalizeEvent } from './normalize.js';
import { asObject, isObject } from './values.js';

/** Receives one sentence per problem found in a log. */
export type Warn = (sentence: string) => void;

/** Past this many, bad lines are counted rather than named one by one. */
const NAMED_LINES = 5;

/** Each step turns an event of version N into one of version N + 1. */
const UPGRADES: Record<number, (event: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 1 had no logVersion; nothing else changed shape.
  1: (event) => (event.type === 'run:begin' ? { ...event, logVersion: 2 } : event),
};

/** Warnings go to stderr, prefixed the way every grade warning is. */
export const warnOnStderr: Warn = (sentence) => void process.stderr.write(`grade: warning: ${sentence}\n`);

/** Reads and decodes a log file. */
export function readLog(file: string, warn: Warn = warnOnStderr): GradeEvent[] {
  return decodeLog(fs.readFileSync(file, 'utf8'), file, warn);
}

/**
 * Decodes the text of a log; `name` is how warnings and errors call it. Each line is parsed and
 * normalised before the next, so a large log is never held twice (as JSON values and as events).
 */
export function decodeLog(text: string, name: string, warn: Warn = warnOnStderr): GradeEvent[] {
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  const events: GradeEvent[] = [];
  const dropped: number[] = [];
  const bad: number[] = [];
  let torn: number | undefined;
  // Events belong to the run:begin before them; those before any take the first one's version.
  let version = versionOf(firstBegin(lines), name);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (i === last) torn = i + 1;
      else bad.push(i + 1);
      return;
    }
    if (asObject(value).type === 'run:begin') version = versionOf(value, name);
    const event = isObject(value) ? normalizeEvent(upgrade(value, version)) : undefined;
    if (event) events.push(event);
    else dropped.push(i + 1);
  });
  if (torn !== undefined) warn(`${name} ends in a torn line (line ${torn}), probably from a run that was stopped; it was skipped.`);
  for (const line of bad.slice(0, NAMED_LINES)) warn(`${name}: line ${line} is not valid JSON; it was skipped.`);
  if (bad.length > NAMED_LINES) warn(`${name}: ${bad.length - NAMED_LINES} more lines are not valid JSON; they were skipped.`);
  if (dropped.length > 0) {
    const which = dropped.length === 1 ? `line ${dropped[0]} holds` : `lines ${listLines(dropped)} hold`;
    warn(`${name}: ${which} no event this sockgrade knows (not an object, or an unknown type); skipped.`);
  }
  return events;
}

/** The first line that parses as a run:begin, parsed; only lines naming the type are tried. */
function firstBegin(lines: string[]): unknown {
  for (const line of lines) {
    if (!line.includes('run:begin')) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (asObject(value).type === 'run:begin') return value;
    } catch {
      // A torn or garbled line is reported by the main pass.
    }
  }
  return undefined;
}

/** The format a run:begin declares: absent (or unreadable) is version 1; newer than ours is refused. */
function versionOf(begin: unknown, name: string): number {
  const declared = asObject(begin).logVersion;
  const version = typeof declared === 'number' && Number.isInteger(declared) && declared >= 1 ? declared : 1;
  if (version > LOG_VERSION) {
    throw new UsageError(`${name} was written by a newer sockgrade (log format ${version}; this one reads up to ${LOG_VERSION}): update sockgrade to read it.`, 'log-version');
  }
  return version;
}

function upgrade(event: Record<string, unknown>, version: number): Record<string, unknown> {
  let current = event;
  for (let v = version; v < LOG_VERSION; v++) current = UPGRADES[v]?.(current) ?? current;
  return current;
}

function listLines(lines: number[]): string {
  const named = lines.slice(0, NAMED_LINES).join(', ');
  return lines.length > NAMED_LINES ? `${named} and ${lines.length - NAMED_LINES} more` : named;
}
