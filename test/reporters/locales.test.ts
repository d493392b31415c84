import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

const load = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(root, 'reports/locales', lang, 'ui.json'), 'utf8')) as Record<string, string>;

/** Keys built at run time from a prefix and a closed set of values. */
const FAMILIES: Record<string, string[]> = {
  'ui.check.status.': ['pass', 'fail', 'skip', 'error'],
  'ui.exercise.status.': ['graded', 'missing', 'error'],
  'ui.isolation.tier.': ['full', 'partial', 'none'],
  'ui.lane.': ['student', 'grader', 'client', 'server'],
  'ui.kind.': ['step', 'connect', 'send', 'recv', 'close', 'reset', 'stdout', 'stdin', 'exit', 'expect'],
  'ui.role.': ['server', 'client'],
  'ui.evidence.kind.': ['thread', 'holder', 'reply', 'received', 'exit', 'queue', 'file', 'bytes', 'import', 'traceback'],
};

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name), ext) : d.name.endsWith(ext) ? [path.join(dir, d.name)] : [],
  );
}

function usedKeys(): Set<string> {
  const files = [...filesUnder(path.join(root, 'grader/reporters'), '.ts'), ...filesUnder(path.join(root, 'reports/templates'), '.hbs')];
  const keys = new Set<string>();
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/["'`](ui\.[A-Za-z0-9_.]+)/g)) {
      const key = m[1]!;
      if (key.endsWith('.')) {
        expect(FAMILIES[key], `unknown dynamic key family ${key} in ${file}`).toBeDefined();
        for (const v of FAMILIES[key]!) keys.add(key + v);
      } else keys.add(key);
    }
  }
  return keys;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('ui locale strings', () => {
  it('has the same keys and placeholders in en and pt-BR', () => {
    const en = load('en');
    const pt = load('pt-BR');
    expect(Object.keys(pt).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(placeholders(pt[key]!), key).toEqual(placeholders(en[key]!));
  });

  it('defines every key the reporters and templates use, and nothing else', () => {
    const en = load('en');
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
  });
});
