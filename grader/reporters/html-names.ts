// File names for student pages: safe on every filesystem, unique, stable across runs.
import { createHash } from 'node:crypto';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** Maps each submission id to `<safe>.html`; a lossy or colliding name gets a hash of the id. */
export function studentFileNames(ids: string[]): Map<string, string> {
  const names = new Map<string, string>();
  // Case-folded, because two ids differing only in case collide on macOS and Windows.
  const taken = new Set<string>();
  for (const id of ids) {
    if (names.has(id)) continue;
    const base = sanitize(id);
    let name = base !== id || WINDOWS_RESERVED.test(base) || taken.has(base.toLowerCase()) ? `${base}-${hash(id)}` : base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${hash(id)}-${n}`;
    taken.add(name.toLowerCase());
    names.set(id, `${name}.html`);
  }
  return names;
}

/** ASCII letters, digits, `.`, `_` and `-` only; no leading dot; at most 60 characters. */
function sanitize(id: string): string {
  const cleaned = id
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 60);
  return cleaned || 'submission';
}

function hash(id: string): string {
  return createHash('sha1').update(id).digest('hex').slice(0, 8);
}
