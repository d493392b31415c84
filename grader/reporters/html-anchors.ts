// Element ids on a student page and the links between them: source lines, check cards, cause cards.
import path from 'node:path';
import type { Diagnostic, ExerciseResult, ProgramReport } from '../events.js';
import { isCause } from './causes.js';

/** The anchor prefix of a program's source listing, unique within a student page. */
export function sourceAnchor(exerciseId: string, role: string): string {
  return `src-${slug(exerciseId)}-${slug(role)}`;
}

/** The id of a check's card: `check-<exercise>-<check>`. */
export function checkAnchor(exerciseId: string, checkId: string): string {
  return `check-${slug(exerciseId)}-${slug(checkId)}`;
}

/**
 * The id of each cause card: `cause-<exercise>-<code>`. A code raised twice in one exercise (once
 * per program) adds the program, then a number, so every id stays unique and the first stays short.
 */
export function causeAnchors(x: ExerciseResult): Map<Diagnostic, string> {
  const ids = new Map<Diagnostic, string>();
  const taken = new Set<string>();
  // Grader order, not display order: an id must not move when another cause gains a check.
  for (const d of x.diagnostics.filter(isCause)) {
    const base = `cause-${slug(x.id)}-${slug(d.code)}`;
    let id = taken.has(base) ? `${base}-${slug(d.program)}` : base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${slug(d.program)}-${n}`;
    taken.add(id);
    ids.set(d, id);
  }
  return ids;
}

/**
 * The program whose source listing a file names: the same path first, then the same file name
 * (logs and tracebacks may name a file by another path), the given role first in each.
 */
export function listingFor(x: ExerciseResult, role: string, file: string | undefined): ProgramReport | undefined {
  if (!file) return undefined;
  const listed = x.programs.filter((p) => p.source !== undefined && p.file);
  const norm = (f: string) => path.posix.normalize(f.replace(/\\/g, '/'));
  const base = (f: string) => path.posix.basename(norm(f));
  const pick = (same: (p: ProgramReport) => boolean) => listed.find((p) => same(p) && p.role === role) ?? listed.find(same);
  return pick((p) => norm(p.file!) === norm(file)) ?? pick((p) => base(p.file!) === base(file));
}

/** `#src-…-L<n>` for a file and line shown in this exercise's listings, else ''. */
export function lineHref(x: ExerciseResult, role: string, item: { file?: string; line?: number }): string {
  const p = listingFor(x, role, item.file);
  return p && item.line ? `#${sourceAnchor(x.id, p.role)}-L${item.line}` : '';
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}
