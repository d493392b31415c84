// Placing and naming a problem: a zod issue's path → the YAML node's line:col (so every error points
// at the very key or value that is wrong), the path as the teacher reads it, and the words for a
// value and for the nearest known name.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

/** A place in the class file: 1-based line and column, and the offset (for "which comes first"). */
export interface Position {
  offset: number;
  line: number;
  col: number;
}

/** The settings path as the teacher reads it: keys joined by dots, list indices left out. */
export function displayPath(path: readonly PropertyKey[]): string {
  return path.filter((p) => typeof p !== 'number').map(String).join('.');
}

/**
 * The position of the node at `path`: its key when `at` is `key` (an unknown or duplicate key),
 * otherwise its value. Where the path leaves the document, the deepest node that exists.
 */
export function positionOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[], at: 'key' | 'value' = 'value'): Position {
  let node: unknown = doc.contents;
  let where = start(node) ?? 0;
  for (const [i, segment] of path.entries()) {
    node = resolve(doc, node);
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p) === String(segment));
      if (!pair) break;
      where = start(pair.key) ?? where;
      if (last && at === 'key') break;
      node = pair.value;
      // `key:` with no value (an empty node, or none): the key is the closest thing to point at.
      const range = (node as Node | null)?.range;
      if (range && range[1] > range[0]) where = range[0];
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      where = start(node) ?? where;
    } else {
      break;
    }
  }
  const { line, col } = counter.linePos(where);
  return { offset: where, line, col };
}

/** The text of a pair's key, as zod sees it after toJS (numbers and booleans as their text). */
export function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** Follows an alias (`*name`) to the node it stands for; the path goes on inside that node. */
function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function start(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

/** A key written twice in one mapping: the path of the second one. */
export function duplicateKey(doc: Document): (string | number)[] | undefined {
  return findDuplicate(doc.contents, []);
}

function findDuplicate(node: unknown, path: (string | number)[]): (string | number)[] | undefined {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = keyText(pair) ?? '';
      if (seen.has(key)) return [...path, key];
      seen.add(key);
      const inner = findDuplicate(pair.value, [...path, key]);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = findDuplicate(item, [...path, i]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The last pair whose key is `key` in the mapping at `path` (a duplicate's second occurrence). */
export function lastKeyPosition(doc: Document, counter: LineCounter, path: readonly (string | number)[]): Position {
  const parent = path.length > 1 ? resolveIn(doc, path.slice(0, -1)) : doc.contents;
  const key = String(path.at(-1));
  const pair = isMap(parent) ? [...parent.items].reverse().find((p) => keyText(p) === key) : undefined;
  const where = start(pair?.key) ?? 0;
  const { line, col } = counter.linePos(where);
  return { offset: where, line, col };
}

function resolveIn(doc: Document, path: readonly (string | number)[]): unknown {
  let node: unknown = doc.contents;
  for (const segment of path) {
    node = resolve(doc, node);
    if (isMap(node)) node = node.items.find((p) => keyText(p) === String(segment))?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return resolve(doc, node);
}

/** The input as a message quotes it: text in quotes, numbers bare, the shape of anything else. */
export function got(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** "a, b or c". */
export function list(items: readonly string[], last: 'or' | 'and' = 'or'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** The known name nearest to `name` (edit distance), or undefined if none is near enough to be a typo. */
export function closest(name: string, known: readonly string[], always = false): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return always || bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
