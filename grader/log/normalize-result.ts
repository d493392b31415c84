// Rebuilds a check result and everything an exercise result holds, field by field with defaults.
import type {
  CheckResult,
  CheckStatus,
  Diagnostic,
  EvidenceItem,
  ExerciseResult,
  ProgramReport,
  TranscriptEntry,
} from '../events.js';
import { asArray, asMsg, asNumber, asObject, asString, oneOf } from './values.js';

const STATUSES: CheckStatus[] = ['pass', 'fail', 'skip', 'error'];
const EXERCISE_STATUSES: ExerciseResult['status'][] = ['graded', 'missing', 'error'];

/** A transcript entry with every field present. */
export function normalizeEntry(raw: unknown): TranscriptEntry {
  const e = asObject(raw);
  return {
    t: asNumber(e.t),
    from: asString(e.from, '?'),
    to: asString(e.to, '?'),
    text: asString(e.text),
    kind: asString(e.kind, 'send'),
    note: asMsg(e.note),
    missed: e.missed === true,
  };
}

/** An evidence item; file and line stay undefined unless usable. */
export function normalizeEvidence(raw: unknown): EvidenceItem {
  const e = asObject(raw);
  return { kind: asString(e.kind, '?'), text: asString(e.text), file: asString(e.file) || undefined, line: positiveLine(e.line) };
}

/** A check result; an unknown status reads as `error` because nothing proved a pass. */
export function normalizeCheck(raw: unknown): CheckResult {
  const c = asObject(raw);
  return {
    id: asString(c.id, '?'),
    program: asString(c.program),
    status: oneOf(c.status, STATUSES, 'error'),
    weight: asNumber(c.weight, 1),
    durationMs: asNumber(c.durationMs),
    message: asMsg(c.message),
    hint: asMsg(c.hint),
    notes: asArray(c.notes).map(asMsg).filter((m): m is NonNullable<typeof m> => m !== undefined),
    transcript: asArray(c.transcript).map(normalizeEntry),
    cause: asString(c.cause) || undefined,
    evidence: asArray(c.evidence).map(normalizeEvidence),
    ...(typeof c.fraction === 'number' && c.fraction >= 0 && c.fraction <= 1 ? { fraction: c.fraction } : {}),
  };
}

/** A diagnostic; file and line stay undefined unless usable. */
export function normalizeDiagnostic(raw: unknown): Diagnostic {
  const d = asObject(raw);
  return {
    code: asString(d.code, '?'),
    program: asString(d.program),
    file: asString(d.file) || undefined,
    line: positiveLine(d.line),
    message: asMsg(d.message) ?? { key: asString(d.code, '?') },
    hint: asMsg(d.hint) ?? { key: '' },
    // Once each: a check listed twice must not count twice.
    checks: [...new Set(asArray(d.checks).map((id) => asString(id)).filter(Boolean))],
    evidence: asArray(d.evidence).map(normalizeEvidence),
  };
}

function positiveLine(value: unknown): number | undefined {
  const line = asNumber(value, NaN);
  return Number.isInteger(line) && line > 0 ? line : undefined;
}

/** A program report with empty tails when absent. */
export function normalizeProgram(raw: unknown): ProgramReport {
  const p = asObject(raw);
  return {
    role: asString(p.role, '?'),
    file: asString(p.file) || undefined,
    choice: asMsg(p.choice),
    ...(asMsg(p.why) ? { why: asMsg(p.why) } : {}),
    launches: asNumber(p.launches),
    stdoutTail: asString(p.stdoutTail),
    stderrTail: asString(p.stderrTail),
    source: typeof p.source === 'string' ? p.source : undefined,
  };
}

/** An exercise result with nested lists normalised. */
export function normalizeExercise(raw: unknown): ExerciseResult {
  const x = asObject(raw);
  return {
    id: asString(x.id, '?'),
    status: oneOf(x.status, EXERCISE_STATUSES, 'error'),
    score: asNumber(x.score),
    points: asNumber(x.points),
    maxPoints: asNumber(x.maxPoints),
    checks: asArray(x.checks).map(normalizeCheck),
    diagnostics: asArray(x.diagnostics).map(normalizeDiagnostic),
    programs: asArray(x.programs).map(normalizeProgram),
  };
}
