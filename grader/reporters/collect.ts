// Folds the event stream into one summary, the input of every file-writing reporter.
import type {
  ErrorEvent,
  GradeEvent,
  Reporter,
  RunBeginEvent,
  RunEndEvent,
  SubmissionEndEvent,
} from '../events.js';
import {
  normalizeError,
  normalizeRunBegin,
  normalizeRunEnd,
  normalizeSubmissionEnd,
} from './normalize.js';
import { asObject, asString } from './safe.js';

/** One submission of the run; `result` is absent when it never finished. */
export interface SubmissionSummary {
  id: string;
  path: string;
  result?: SubmissionEndEvent;
}

/** Everything a file reporter needs, in a deterministic order. */
export interface RunSummary {
  begin?: RunBeginEvent;
  /** Planned order first (run:begin lists), then unplanned ones in arrival order. */
  submissions: SubmissionSummary[];
  /** Planned exercises first, then any others seen in results. */
  exercises: string[];
  errors: ErrorEvent[];
  end?: RunEndEvent;
}

/** An accumulator of events; `summary()` can be called at any time. */
export interface Collector {
  add(event: GradeEvent): void;
  summary(): RunSummary;
}

/** Creates an empty collector; merged shard logs (several run:begin) fold into one run. */
export function createCollector(): Collector {
  let begin: RunBeginEvent | undefined;
  let end: RunEndEvent | undefined;
  const subs = new Map<string, SubmissionSummary>();
  const errors: ErrorEvent[] = [];

  const plan = (id: string, path: string): SubmissionSummary => {
    const known = subs.get(id);
    if (known) {
      if (!known.path) known.path = path;
      return known;
    }
    const fresh: SubmissionSummary = { id, path };
    subs.set(id, fresh);
    return fresh;
  };

  const add = (raw: GradeEvent): void => {
    const type = asString(asObject(raw).type);
    if (type === 'run:begin') {
      const b = normalizeRunBegin(raw);
      begin = begin ? mergeBegin(begin, b) : b;
      for (const s of b.submissions) plan(s.id, s.path);
    } else if (type === 'submission:begin') {
      const o = asObject(raw);
      plan(asString(o.submissionId, '?'), asString(o.path));
    } else if (type === 'submission:end') {
      const result = normalizeSubmissionEnd(raw);
      plan(result.submissionId, result.path).result = result;
    } else if (type === 'error') {
      errors.push(normalizeError(raw));
    } else if (type === 'run:end') {
      const e = normalizeRunEnd(raw);
      end = end ? mergeEnd(end, e) : e;
    }
    // check:end adds nothing: submission:end repeats every check.
  };

  const summary = (): RunSummary => {
    const submissions = [...subs.values()];
    return { begin, submissions, exercises: exerciseIds(begin, submissions), errors: [...errors], end };
  };

  return { add, summary };
}

/** Folds a whole recorded log at once. */
export function collect(events: Iterable<GradeEvent>): RunSummary {
  const c = createCollector();
  for (const e of events) c.add(e);
  return c.summary();
}

/** A reporter that collects the stream and writes its files once, at the end. */
export function createFileReporter(name: string, write: (summary: RunSummary) => Promise<void>): Reporter {
  const c = createCollector();
  return { name, onEvent: (e) => c.add(e), end: () => write(c.summary()) };
}

function mergeBegin(a: RunBeginEvent, b: RunBeginEvent): RunBeginEvent {
  const exercises = [...a.settings.exercises, ...b.settings.exercises.filter((x) => !a.settings.exercises.includes(x))];
  // The weakest isolation of any shard is the honest tier for the whole run.
  const rank = { full: 2, partial: 1, none: 0 } as const;
  const isolation = rank[b.isolation.tier] < rank[a.isolation.tier] ? b.isolation : a.isolation;
  const startedAt = [a.startedAt, b.startedAt].filter(Boolean).sort()[0] ?? '';
  return {
    ...a,
    startedAt,
    settings: { ...a.settings, exercises },
    isolation,
    submissions: [...a.submissions, ...b.submissions],
  };
}

function mergeEnd(a: RunEndEvent, b: RunEndEvent): RunEndEvent {
  return {
    type: 'run:end',
    durationMs: Math.max(a.durationMs, b.durationMs),
    interrupted: a.interrupted || b.interrupted,
  };
}

function exerciseIds(begin: RunBeginEvent | undefined, subs: SubmissionSummary[]): string[] {
  const ids = [...(begin?.settings.exercises ?? [])];
  for (const s of subs) {
    for (const x of s.result?.exercises ?? []) if (!ids.includes(x.id)) ids.push(x.id);
  }
  return ids;
}
