// Locale catalogs: flat key → template maps from reports/locales/<lang>/*.json and exercises/<id>/locales/<lang>.json,
// then the scenario steps' messages and the titles and hints of every exercise.yaml.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot, reportsDir } from '../paths.js';
import type { Msg } from '../events.js';
import { scenarioCatalog } from '../scenario/messages.js';

/** The languages every user-facing string must exist in. */
export const LANGS = ['en', 'pt-BR'] as const;
export type Lang = (typeof LANGS)[number];

/** Every locale file that contributes keys for a language. */
export function localeFiles(lang: string): string[] {
  const ownDir = path.join(reportsDir, 'locales', lang);
  const files = fs.existsSync(ownDir)
    ? fs.readdirSync(ownDir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(ownDir, f))
    : [];
  const exercisesDir = path.join(projectRoot, 'exercises');
  for (const id of fs.readdirSync(exercisesDir).sort()) {
    const file = path.join(exercisesDir, id, 'locales', `${lang}.json`);
    if (fs.existsSync(file)) files.push(file);
  }
  return files;
}

/** Loads the merged catalog of one language. */
export function loadCatalog(lang: string): Record<string, string> {
  const catalog: Record<string, string> = {};
  for (const file of localeFiles(lang)) Object.assign(catalog, JSON.parse(fs.readFileSync(file, 'utf8')));
  return Object.assign(catalog, scenarioCatalog(lang));
}

/** Fills `{name}` placeholders; an unknown key shows itself so it is noticed, never crashes. */
export function format(template: string | undefined, msg: Msg): string {
  const text = template ?? msg.key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    msg.params && name in msg.params ? String(msg.params[name]) : whole,
  );
}

/** A translator for one language, falling back to English per key. */
export function translator(lang: string): (msg: Msg) => string {
  const primary = loadCatalog(lang);
  const fallback = lang === 'en' ? primary : loadCatalog('en');
  return (msg) => format(primary[msg.key] ?? fallback[msg.key], msg);
}

/** Picks en or pt-BR from an explicit option or the LANG environment variable. */
export function resolveLang(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  // `||`, not `??`: an empty LC_ALL= must not hide LANG=pt_BR.
  const raw = option || env.LC_ALL || env.LC_MESSAGES || env.LANG || 'en';
  return /^pt/i.test(raw) ? 'pt-BR' : 'en';
}
