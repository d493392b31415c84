// Rebuilds recorded events field by field with defaults, once, so nothing after the decoder re-checks them.
import {
  LOG_VERSION,
  type CheckEndEvent,
  type ErrorEvent,
  type GradeEvent,
  type IsolationInfo,
  type RunBeginEvent,
  type RunEndEvent,
  type SettingsShown,
  type SubmissionBeginEvent,
  type SubmissionEndEvent,
} from '../events.js';
import type { PairEndEvent, PairResult, PairVerdict } from '../pairs/types.js';
import { normalizeCheck, normalizeEntry, normalizeExercise } from './normalize-result.js';
import { asArray, asMsg, asNumber, asObject, asString, isObject, oneOf } from './values.js';
import { msgs, normalizeFiles, normalizeLayout, normalizeStudent, optional } from './normalize-student.js';

const TIERS: IsolationInfo['tier'][] = ['full', 'partial', 'none'];
const PAIR_VERDICTS: PairVerdict[] = ['pass', 'fail', 'relay', 'not-run'];

/** The event with every field present, or undefined for a value that is no event this version knows. */
export function normalizeEvent(raw: unknown): GradeEvent | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'run:begin':
      return normalizeRunBegin(raw);
    case 'submission:begin':
      return normalizeSubmissionBegin(raw);
    case 'check:end':
      return normalizeCheckEnd(raw);
    case 'submission:end':
      return normalizeSubmissionEnd(raw);
    case 'run:end':
      return normalizeRunEnd(raw);
    case 'error':
      return normalizeError(raw);
    case 'pair:end':
      return normalizePairEnd(raw);
    default:
      return undefined;
  }
}

/** A submission:begin event; an id-less one reads as `?`, like every other id-less event. */
export function normalizeSubmissionBegin(raw: unknown): SubmissionBeginEvent {
  const s = asObject(raw);
  const student = normalizeStudent(s.student);
  return { type: 'submission:begin', submissionId: asString(s.submissionId, '?'), path: asString(s.path), ...(student ? { student } : {}) };
}

/** A pair:end event; an unknown verdict reads as not-run, because nothing proved the pair works. */
export function normalizePairEnd(raw: unknown): PairEndEvent {
  const p = asObject(asObject(raw).pair);
  const relay = asObject(p.relay);
  const pair: PairResult = {
    exercise: asString(p.exercise, '?'),
    client: asString(p.client, '?'),
    server: asString(p.server, '?'),
    verdict: oneOf(p.verdict, PAIR_VERDICTS, 'not-run'),
    durationMs: asNumber(p.durationMs),
    transcript: asArray(p.transcript).map(normalizeEntry),
    ...(asString(p.cause) ? { cause: asString(p.cause) } : {}),
    ...(asMsg(p.message) ? { message: asMsg(p.message) } : {}),
    ...(p.relay !== undefined ? { relay: { clientPort: asNumber(relay.clientPort), serverPort: asNumber(relay.serverPort) } } : {}),
    ...(p.disagreement === true ? { disagreement: true } : {}),
  };
  return { type: 'pair:end', pair };
}

/** A check:end event with its check normalised. */
export function normalizeCheckEnd(raw: unknown): CheckEndEvent {
  const c = asObject(raw);
  return { type: 'check:end', submissionId: asString(c.submissionId, '?'), exerciseId: asString(c.exerciseId, '?'), check: normalizeCheck(c.check) };
}

/** A submission:end event with its exercises normalised. */
export function normalizeSubmissionEnd(raw: unknown): SubmissionEndEvent {
  const s = asObject(raw);
  return {
    type: 'submission:end',
    submissionId: asString(s.submissionId, '?'),
    path: asString(s.path),
    score: asNumber(s.score),
    durationMs: asNumber(s.durationMs),
    exercises: asArray(s.exercises).map(normalizeExercise),
    ...optional({ student: normalizeStudent(s.student), problem: asMsg(s.problem), notes: msgs(s.notes) }),
  };
}

/** A run:begin event; an unknown isolation tier reads as `none`, the cautious guess. */
export function normalizeRunBegin(raw: unknown): RunBeginEvent {
  const b = asObject(raw);
  const settings = asObject(b.settings);
  const isolation = asObject(b.isolation);
  const tool = asObject(b.tool);
  return {
    type: 'run:begin',
    // Decoded events are in this version's format: the decoder has upgraded older ones.
    logVersion: LOG_VERSION,
    runId: asString(b.runId),
    startedAt: asString(b.startedAt),
    tool: { name: asString(tool.name, 'sockgrade'), version: asString(tool.version) },
    settings: {
      exercises: asArray(settings.exercises).map((x) => asString(x)).filter(Boolean),
      jobs: asNumber(settings.jobs),
      timeoutScale: asNumber(settings.timeoutScale, 1),
      python: asString(settings.python),
      pythonVersion: asString(settings.pythonVersion),
      lang: asString(settings.lang),
      shard: asString(settings.shard) || undefined,
      ...optional({ python2: asString(settings.python2) || undefined, python2Version: asString(settings.python2Version) || undefined }),
      ...optional({ layout: normalizeLayout(settings.layout), scale: scaleOf(settings.scale), classFile: classFileOf(settings.classFile), effective: isObject(settings.effective) ? settings.effective : undefined, shown: isObject(settings.shown) ? (settings.shown as unknown as SettingsShown) : undefined }),
    },
    isolation: {
      tier: oneOf(isolation.tier, TIERS, 'none'),
      mechanisms: asArray(isolation.mechanisms).map((m) => {
        const o = asObject(m);
        return { name: asString(o.name, '?'), ok: o.ok === true, detail: asString(o.detail) };
      }),
      missing: asArray(isolation.missing).map((x) => asString(x)).filter(Boolean),
    },
    submissions: asArray(b.submissions).map((s) => {
      const o = asObject(s);
      return { id: asString(o.id, '?'), path: asString(o.path), ...optional({ student: normalizeStudent(o.student), files: normalizeFiles(o.files), problem: asMsg(o.problem) }) };
    }),
  };
}

/** A run:end event; only an explicit flag marks the run as interrupted. */
export function normalizeRunEnd(raw: unknown): RunEndEvent {
  const e = asObject(raw);
  return { type: 'run:end', durationMs: asNumber(e.durationMs), interrupted: e.interrupted === true };
}

/** A grader fault with a message even when none was given. */
export function normalizeError(raw: unknown): ErrorEvent {
  const e = asObject(raw);
  return {
    type: 'error',
    submissionId: asString(e.submissionId) || undefined,
    message: asString(e.message, 'unknown grader error'),
    stack: asString(e.stack) || undefined,
  };
}

function classFileOf(raw: unknown): { file: string; sha256: string } | undefined {
  const o = asObject(raw);
  return typeof o.file === 'string' && typeof o.sha256 === 'string' ? { file: o.file, sha256: o.sha256 } : undefined;
}

function scaleOf(raw: unknown): { max: number; decimals: number } | undefined {
  const o = asObject(raw);
  const max = asNumber(o.max, NaN);
  const decimals = asNumber(o.decimals, 1);
  return Number.isFinite(max) && max > 0 ? { max, decimals: Math.min(3, Math.max(0, Math.round(decimals))) } : undefined;
}
