// Root causes as every reporter reads them: which diagnostics explain checks, and which one a check names.
import type { CheckResult, Diagnostic, EvidenceItem, ExerciseResult, Msg } from '../events.js';
import { label, say } from './safe.js';

/** Longest "short" cause message; the full one is on the cause card. */
const SHORT_MAX = 200;

/** True for a diagnostic that explains checks; one without `checks` is a side finding. */
export function isCause(d: Diagnostic): boolean {
  return (d.checks?.length ?? 0) > 0;
}

/** A check that cost points: fail and error, and skip too, since a skip scores as a failure. */
export function notPassed(c: CheckResult): boolean {
  return c.status !== 'pass';
}

/** The exercise's causes, most checks explained first; equal ones keep the grader's order. */
export function causesOf(x: ExerciseResult): Diagnostic[] {
  return x.diagnostics
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => isCause(d))
    .sort((a, b) => explainedIds(b.d).length - explainedIds(a.d).length || a.i - b.i)
    .map(({ d }) => d);
}

/** Ids of the checks a diagnostic explains, once each, in the grader's order. */
export function explainedIds(d: Diagnostic): string[] {
  return [...new Set(d.checks ?? [])];
}

/**
 * The diagnostic a check's `cause` code names. Two diagnostics may share a code (one per program),
 * so the one listing this check wins, then one of the same program, then the first.
 */
export function causeOf(x: ExerciseResult, c: CheckResult): Diagnostic | undefined {
  if (!c.cause) return undefined;
  const same = x.diagnostics.filter((d) => d.code === c.cause);
  return same.find((d) => d.checks?.includes(c.id)) ?? same.find((d) => d.program === c.program) ?? same[0];
}

/** Counts for an exercise's summary line: causes, checks not passed, and those no cause explains. */
export function causeCounts(x: ExerciseResult): { causes: number; failed: number; unexplained: number } {
  const failed = x.checks.filter(notPassed);
  return { causes: causesOf(x).length, failed: failed.length, unexplained: failed.filter((c) => !c.cause).length };
}

/** The first line of a message, cut to a length a summary can carry. */
export function shortText(text: string | null | undefined, max = SHORT_MAX): string {
  const first = (text ?? '').split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  const chars = [...first];
  if (chars.length <= max) return first;
  const cut = chars.slice(0, max - 1).join('');
  // End on a word when one ends late enough; a half word reads as a typo.
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '') + '…';
}

/** `file:line`, `file`, or '' for an evidence item or a diagnostic. */
export function locationOf(item: { file?: string; line?: number }): string {
  return item.file ? `${item.file}${item.line ? `:${item.line}` : ''}` : '';
}

/** An evidence item as plain text ("thread chat_server.py:20: data = conn.recv(1024)"), for text reports. */
export function evidenceLine(e: EvidenceItem): string {
  const where = locationOf(e);
  return `${e.kind}${where ? ` ${where}` : ''}: ${e.text}`;
}

/** "Cause: deadlock — <the diagnostic's message>" for text reports, or null when no cause explains the check. */
export function causeText(x: ExerciseResult, c: CheckResult, t: (msg: Msg) => string): string | null {
  if (!c.cause) return null;
  const d = causeOf(x, c);
  const message = d ? say(t, d.message) : null;
  return `${label(t, 'ui.check.cause')}: ${c.cause}${message ? ` — ${message}` : ''}`;
}
