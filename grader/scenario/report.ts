// Problems of an exercise.yaml at their places: schema issues and findings turned into one
// sentence each, at the line and column of the node they are about.
import { isMap, isPair, isScalar, isSeq, LineCounter, type Document } from 'yaml';
import type * as z from 'zod';
import { SCENARIO_LANGS } from './schema.js';

/** One problem of an exercise.yaml, at a line and column (both 1-based). */
export interface Problem {
  line: number;
  col: number;
  /** Where in the document: `checks[0].steps[2].send.from`, or `top level`. */
  path: string;
  message: string;
}

/** A place in the file: keys and list indices from the top. */
export type Path = (string | number)[];

/** Turns schema issues and semantic findings into problems at the right line and column. */
export class Reporter {
  readonly problems: Problem[] = [];

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Validates `raw` against `schema`; issues become problems under `base`. */
  parse<T extends z.ZodType>(schema: T, raw: unknown, base: Path, form?: string): z.output<T> | undefined {
    const result = schema.safeParse(raw, { reportInput: true, error: genericMessage } as never);
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.issue(issue, raw, base, form);
    return undefined;
  }

  private issue(issue: z.core.$ZodIssue, raw: unknown, base: Path, form?: string): void {
    // A step in its short form (`connect: A`) has no fields to point at: its value is the place.
    if (form !== undefined && isScalar(this.node(base)) && issue.code !== 'invalid_type') return this.at(base, issue.message);
    const path = [...base, ...(issue.path as Path)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) this.atKey(path, key, issue.message.replace('{key}', key));
      return;
    }
    // A required key that is not there: said at its parent.
    const local = issue.path as Path;
    if (issue.code === 'invalid_type' && local.length > 0) {
      const parent = valueAt(raw, local.slice(0, -1));
      const key = local[local.length - 1]!;
      if (isRecord(parent) && !(String(key) in parent)) {
        const lang = (SCENARIO_LANGS as readonly string[]).includes(String(key));
        this.at(path.slice(0, -1), lang ? `missing the ${key} translation` : `missing "${key}"`);
        return;
      }
    }
    // A step's value of the wrong kind altogether: say how the step is written.
    if (form && local.length === 0 && issue.code === 'invalid_type') {
      this.at(path, `must be written as ${form}, not ${describe(valueAt(raw, []))}`);
      return;
    }
    this.at(path, issue.message);
  }

  /** A problem at the node of `path` (or its nearest ancestor that exists). */
  at(path: Path, message: string): void {
    this.push(path, this.offsetOf(path, false), message);
  }

  /** A problem at a key of the mapping at `path` (for unknown keys and step names). */
  atKey(path: Path, key: string, message: string): void {
    this.push([...path, key], this.offsetOf([...path, key], true), message);
  }

  /** The YAML node at `path`, if it exists. */
  node(path: Path): unknown {
    return this.walk(path, false).node;
  }

  private push(path: Path, offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({ line, col, path: showPath(path), message });
  }

  private offsetOf(path: Path, key: boolean): number {
    return rangeStart(this.walk(path, key).node) ?? 0;
  }

  // Follows `path` through maps and sequences; stops at the deepest node that exists.
  private walk(path: Path, key: boolean): { node: unknown } {
    let node: unknown = this.doc.contents;
    for (const [i, seg] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) break;
        const last = i === path.length - 1;
        node = last && key ? pair.key : (pair.value ?? pair.key);
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = node.items[seg];
      } else break;
    }
    return { node };
  }
}

export function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

/** Default messages for issues whose schema says nothing of its own. */
export function genericMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${expected(String(issue.expected))}, not ${describe(issue.input)}`;
    case 'unrecognized_keys':
      return 'unknown key "{key}"';
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, not ${describe(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' ? `must list at least ${issue.minimum} item(s)` : issue.origin === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}, not ${describe(issue.input)}`;
    case 'too_big':
      return issue.origin === 'array' ? `must list at most ${issue.maximum} item(s)` : issue.origin === 'string' ? `must be at most ${issue.maximum} characters long` : `must be at most ${issue.maximum}, not ${describe(issue.input)}`;
    default:
      return 'is not valid here';
  }
}

export function expected(type: string): string {
  const words: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', object: 'a mapping (key: value)', array: 'a list', boolean: 'true or false' };
  return words[type] ?? type;
}

/** A value as a message quotes it. */
export function describe(value: unknown): string {
  if (value === undefined || value === null) return 'empty';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

export function showPath(path: Path): string {
  if (path.length === 0) return 'top level';
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

export function valueAt(raw: unknown, path: Path): unknown {
  let value = raw;
  for (const seg of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[seg];
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The known word nearest to `word` (edit distance at most 2), for "did you mean". */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: { w: string; d: number } | undefined;
  for (const w of known) {
    const d = distance(word, w);
    if (d <= 2 && (!best || d < best.d)) best = { w, d };
  }
  return best?.w;
}

export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

