// Links each failed check to the one diagnostic that explains it: the cause's message and hint
// replace the check's fixed hint, a skipped check inherits its dependency's cause, and a fixed
// hint that the evidence contradicts is not shown.
import type { CheckDef, HintFact } from '../check/api.js';
import type { CheckResult, Diagnostic } from '../events.js';
import type { CheckEvidence } from '../run/evidence.js';
import type { CheckCause } from './find-cause.js';
import { causeKey } from './types.js';

/** A failed check with its evidence and the cause found for it. */
export interface FailedCheck {
  result: CheckResult;
  def: CheckDef;
  evidence?: CheckEvidence;
  cause?: CheckCause;
}

/** What the launches showed that a contradiction rule may need. */
export interface LinkFacts {
  /** The server was found listening with its exercise's protocol. */
  socketFound: boolean;
}

/** The generic hint shown where the check's own hint is contradicted and no cause was found. */
const GENERIC_HINT = 'check.hint.generic';

/** Sets `cause`, hint, message and evidence on the program's checks; returns every diagnostic with its `checks`. */
export function linkCauses(program: string, checks: CheckResult[], failed: FailedCheck[], side: Diagnostic[], facts: LinkFacts): Diagnostic[] {
  const diagnostics = [...side];
  const byKey = new Map(diagnostics.map((d) => [causeKey(d), d]));
  for (const f of failed) {
    const c = f.cause;
    if (c?.exitMessage && f.result.message) {
      f.result.notes.unshift(f.result.message);
      f.result.message = c.exitMessage;
    }
    if (c && c.evidence.length > 0) f.result.evidence = c.evidence.slice(0, 12);
    if (c?.key && !byKey.has(c.key) && c.found) {
      const d: Diagnostic = { code: c.found.code, program, file: c.found.file, line: c.found.line, message: c.found.message, hint: c.found.hint, evidence: c.found.evidence };
      diagnostics.push(d);
      byKey.set(c.key, d);
    }
    const d = c?.key ? byKey.get(c.key) : portCause(f.result, byKey);
    if (d) attach(f.result, d);
    else if (f.result.hint && contradicted(f, facts)) f.result.hint = { key: GENERIC_HINT };
  }
  inheritSkips(checks, byKey, diagnostics);
  return diagnostics;
}

function attach(check: CheckResult, d: Diagnostic): void {
  check.cause = d.code;
  check.hint = d.hint;
  d.checks = [...new Set([...(d.checks ?? []), check.id])];
  if (!d.evidence?.length && check.evidence?.length) d.evidence = check.evidence.filter((e) => e.kind !== 'received').slice(0, 6);
}

// A `*-port-arg` check fails for one reason: the program used another port than it was given.
function portCause(check: CheckResult, byKey: Map<string, Diagnostic>): Diagnostic | undefined {
  if (!/port-arg$/.test(check.id)) return undefined;
  return [...byKey.values()].find((d) => d.code === 'hardcoded-port');
}

// A skipped check carries the cause of the check it depended on; a missing file explains its checks.
function inheritSkips(checks: CheckResult[], byKey: Map<string, Diagnostic>, diagnostics: Diagnostic[]): void {
  const byId = new Map(checks.map((c) => [c.id, c]));
  for (const check of checks) {
    if (check.status !== 'skip') continue;
    if (check.message?.key === 'check.missing-file') {
      const missing = diagnostics.find((d) => d.code === 'missing-file');
      if (missing) attach(check, missing);
      continue;
    }
    const needed = String(check.message?.params?.checks ?? '')
      .split(', ')
      .map((id) => byId.get(id))
      .find((c) => c?.cause);
    const d = needed ? [...byKey.values()].find((x) => x.checks?.includes(needed.id) && x.code === needed.cause) : undefined;
    if (d) attach(check, d);
  }
}

// The check's own hint says something the evidence shows to be false.
function contradicted(f: FailedCheck, facts: LinkFacts): boolean {
  const rules: Record<HintFact, () => boolean> = {
    'receiver-thread': () => (f.cause?.threads ?? []).length >= 2 && (f.cause?.threads ?? []).some((t) => t.call === 'recv'),
    'socket-found': () => facts.socketFound,
    'silent-after-stdin': () => f.evidence?.silentAfterStdin ?? false,
  };
  return (f.def.hintContradictedBy ?? []).some((fact) => rules[fact]());
}
