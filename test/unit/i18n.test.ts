// Every user-facing message exists in every language, with the same placeholders, and every key
// the harness or an exercise can emit is defined. New exercises are covered once registered.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES } from '../../grader/exercises.js';
import { LANGS, loadCatalog } from '../../grader/i18n/catalog.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BASE = LANGS[0];

type Catalog = Record<string, string>;
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog;
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

/** Files under `dir` (recursively) ending in `ext`, skipping solutions and dependencies. */
function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return ['node_modules', 'solution'].includes(d.name) ? [] : filesUnder(full, ext);
    return d.name.endsWith(ext) && !d.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Sets of locale files that must agree: each lang's file of the same name, or an exercise's files. */
function localeSets(): { name: string; files: Record<string, string> }[] {
  const sets: { name: string; files: Record<string, string> }[] = [];
  const own = path.join(ROOT, 'reports/locales');
  for (const file of fs.readdirSync(path.join(own, BASE)).filter((f) => f.endsWith('.json'))) {
    sets.push({ name: `reports/locales/*/${file}`, files: Object.fromEntries(LANGS.map((l) => [l, path.join(own, l, file)])) });
  }
  for (const id of fs.readdirSync(path.join(ROOT, 'exercises'))) {
    const dir = path.join(ROOT, 'exercises', id, 'locales');
    if (fs.existsSync(dir)) sets.push({ name: `exercises/${id}/locales`, files: Object.fromEntries(LANGS.map((l) => [l, path.join(dir, `${l}.json`)])) });
  }
  return sets;
}

/** Key literals at the call sites the brief names: msg('k', fail('k', note('k', { key: 'k' }, hint: 'k'. */
const CALL_SITE = /(?:\bmsg|\bfail|\bnote)\(\s*'([^'\n]+)'|\bkey:\s*'([^'\n]+)'|\bhint:\s*'([^'\n]+)'/g;
/** Any quoted literal; kept when its first segment is a key namespace (catches ternaries and helpers' arguments). */
const LITERAL = /'([a-z][\w-]*(?:\.[\w-]+)+)'|"([a-z][\w-]*(?:\.[\w-]+)+)"/g;
const FILE_NAME = /\.(py|js|ts|json|md|txt|html|csv|xml|yaml)$/;

/** Keys the harness and exercises name literally in their source. */
function literalKeys(namespaces: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  const sources = [...filesUnder(path.join(ROOT, 'grader'), '.ts'), ...filesUnder(path.join(ROOT, 'exercises'), '.ts')]
    // Reporters' ui.* keys have their own test (test/reporters/locales.test.ts); the class file's
    // messages are usage errors, and its dotted strings are settings paths (chat.protocol.send).
    .filter((f) => !f.includes(`${path.sep}reporters${path.sep}`) && !f.includes(`${path.sep}classfile${path.sep}`));
  for (const file of sources) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file);
    for (const m of text.matchAll(CALL_SITE)) found.set((m[1] ?? m[2] ?? m[3])!, rel);
    for (const m of text.matchAll(LITERAL)) {
      const key = (m[1] ?? m[2])!;
      if (namespaces.has(key.split('.')[0]!) && !FILE_NAME.test(key)) found.set(key, rel);
    }
  }
  return found;
}

/** Diagnostic codes diagnose.ts can produce: what the classifier returns (ternaries too) and `add('code', …)`. */
function diagnosticCodes(): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'grader/run/diagnose.ts'), 'utf8');
  const codes = [...text.matchAll(/(?:\breturn|\?|:)\s*'([a-z][a-z0-9-]*)'|\badd\('([a-z][a-z0-9-]*)'/g)].map((m) => (m[1] ?? m[2])!);
  return [...new Set(codes)].sort();
}

/** Keys built from templates: `${exercise}.${check}.hint` (or the check's own hint) and `diag.${code}[.hint]`. */
function templateKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const def of EXERCISES) for (const check of def.checks) keys.set(check.hint ?? `${def.id}.${check.id}.hint`, `exercise ${def.id}, check ${check.id}`);
  for (const code of diagnosticCodes()) {
    keys.set(`diag.${code}`, `diagnose.ts code ${code}`);
    keys.set(`diag.${code}.hint`, `diagnose.ts code ${code}`);
  }
  return keys;
}

describe('locale files', () => {
  const sets = localeSets();

  it.each(sets)('$name exists in every language with the same keys and placeholders', ({ files }) => {
    for (const lang of LANGS) expect(fs.existsSync(files[lang]!), `${files[lang]} is missing`).toBe(true);
    const base = readJson(files[BASE]!);
    for (const lang of LANGS.filter((l) => l !== BASE)) {
      const other = readJson(files[lang]!);
      expect(Object.keys(other).sort(), `keys of ${files[lang]}`).toEqual(Object.keys(base).sort());
      for (const key of Object.keys(base)) {
        expect.soft(placeholders(other[key] ?? ''), `placeholders of ${key} in ${lang}`).toEqual(placeholders(base[key]!));
        expect.soft(other[key]?.trim(), `${key} in ${lang} is empty`).toBeTruthy();
      }
    }
  });

  it('never defines one key in two files of a language (the later file would silently win)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const { files } of sets) {
      for (const key of Object.keys(readJson(files[BASE]!))) {
        if (owner.has(key)) clashes.push(`${key}: ${owner.get(key)} and ${files[BASE]}`);
        owner.set(key, files[BASE]!);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('has a locale folder for every exercise written in TypeScript (a scenario carries its texts in exercise.yaml)', () => {
    for (const def of EXERCISES) {
      const scenario = fs.existsSync(path.join(ROOT, 'exercises', def.id, 'exercise.yaml'));
      expect(scenario || fs.existsSync(path.join(ROOT, 'exercises', def.id, 'locales', `${BASE}.json`)), def.id).toBe(true);
    }
  });
});

describe('message keys the harness and exercises emit', () => {
  const catalogs = Object.fromEntries(LANGS.map((l) => [l, loadCatalog(l)])) as Record<string, Catalog>;
  const namespaces = new Set([...Object.keys(catalogs[BASE]!).map((k) => k.split('.')[0]!), ...EXERCISES.map((e) => e.id), 'check', 'diag', 'report']);
  const literal = literalKeys(namespaces);
  const template = templateKeys();

  it('finds the keys it is meant to find (the scan itself works)', () => {
    expect(literal.get('check.needs')).toBe('grader/run/exercise.ts');
    expect(literal.has('tcp-hello.wrong-text')).toBe(true);
    expect(template.has('tcp-hello.server-listens.hint')).toBe(true);
    expect(diagnosticCodes()).toEqual(expect.arrayContaining(['python2-syntax', 'bytes-expected', 'uncaught-exception', 'output-limit', 'time-limit', 'hardcoded-port']));
  });

  it.each(LANGS)('defines every literal key in %s', (lang) => {
    const missing = [...literal].filter(([key]) => !(key in catalogs[lang]!)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it.each(LANGS)('defines every templated key (check hints, diagnostics) in %s', (lang) => {
    const missing = [...template].filter(([key]) => !(key in catalogs[lang]!)).map(([key, why]) => `${key} (${why})`);
    expect(missing).toEqual([]);
  });
});
