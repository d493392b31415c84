// A short plain-text feedback summary for LMS comment fields: the total, then why points were lost,
// each root cause once with the checks it explains. The full story is the student's HTML page.
// Also who an LMS file has rows for, shared by the moodle, canvas and gradescope reporters.
import type { CheckResult, Diagnostic, ExerciseResult, Layout, Msg, ReporterOptions, RunSummary, SubmissionEndEvent, SubmissionSummary } from '../events.js';
import { causeOf, causesOf, explainedIds, notPassed, shortText } from './causes.js';
import { exerciseTitle } from './html-model.js';
import { fmtScore, label, say } from './safe.js';

type T = (msg: Msg) => string;

/** Lines after the total before the rest is summed up as "and N more". */
const MAX_REASONS = 8;
/** Longest message quoted on one line. */
const MESSAGE_MAX = 160;

/** The summary as lines of plain text in the run's language; never throws on odd results. */
export function feedbackLines(result: SubmissionEndEvent, t: T, maxReasons = MAX_REASONS): string[] {
  const score = Number.isFinite(result.score) ? result.score : 0;
  const reasons = (Array.isArray(result.exercises) ? result.exercises : []).flatMap((x) => exerciseReasons(x, t));
  const lines = [label(t, 'lms.feedback.total', { score: fmtScore(score) })];
  if (reasons.length === 0) {
    lines.push(label(t, score >= 100 ? 'lms.feedback.allPassed' : 'lms.feedback.seeReport'));
    return lines;
  }
  lines.push(...reasons.slice(0, maxReasons));
  if (reasons.length > maxReasons) lines.push(label(t, 'lms.feedback.more', { count: reasons.length - maxReasons }));
  return lines;
}

/** The summary as one plain-text string, one reason a line. */
export function feedbackText(result: SubmissionEndEvent, t: T, maxReasons = MAX_REASONS): string {
  return feedbackLines(result, t, maxReasons).join('\n');
}

/** One line per cause of lost points in an exercise, then one per distinct message no cause explains. */
function exerciseReasons(x: ExerciseResult, t: T): string[] {
  const exercise = exerciseTitle(t, x.id);
  if (x.status === 'missing') return [label(t, 'lms.feedback.missing', { exercise })];
  if (x.status === 'error') return [label(t, 'lms.feedback.exerciseError', { exercise })];
  const failed = (Array.isArray(x.checks) ? x.checks : []).filter(notPassed);
  if (failed.length === 0) return [];
  const causes = causesOf(x);
  const byCause = new Map<Diagnostic, string[]>();
  const byMessage = new Map<string, string[]>();
  for (const c of failed) {
    const d = causeOf(x, c) ?? causes.find((cause) => explainedIds(cause).includes(c.id));
    if (d) push(byCause, d, c.id);
    else push(byMessage, checkMessage(c, t), c.id);
  }
  // Causes in the order the report shows them (most checks explained first).
  const ordered = [...byCause.keys()].sort((a, b) => rank(causes, a) - rank(causes, b));
  return [
    ...ordered.map((d) =>
      label(t, 'lms.feedback.cause', { exercise, message: shortText(say(t, d.message), MESSAGE_MAX) || d.code, checks: byCause.get(d)!.join(', ') }),
    ),
    ...[...byMessage].map(([message, checks]) => label(t, 'lms.feedback.check', { exercise, message, checks: checks.join(', ') })),
  ];
}

function checkMessage(c: CheckResult, t: T): string {
  return shortText(say(t, c.message), MESSAGE_MAX) || label(t, `ui.check.status.${c.status}`);
}

function rank(causes: Diagnostic[], d: Diagnostic): number {
  const i = causes.indexOf(d);
  return i < 0 ? causes.length : i;
}

function push<K>(map: Map<K, string[]>, key: K, id: string): void {
  const list = map.get(key) ?? [];
  if (!list.includes(id)) list.push(id);
  map.set(key, list);
}

/** A graded submission an LMS file has a row for. */
export interface LmsStudent {
  /** The LMS's id, normalised. */
  lmsId: string;
  name: string;
  submission: SubmissionSummary;
  result: SubmissionEndEvent;
}

/** Who gets a row in an LMS file, and who is left out and why (by name, for one warning line each). */
export interface LmsSelection {
  students: LmsStudent[];
  noId: string[];
  notGraded: string[];
  duplicate: string[];
}

/**
 * The run's submissions that came from `layout` with an LMS id (`normalizeId` returns null for an
 * unusable one) and a result, in the run's order; the first submission with an id wins.
 */
export function lmsStudents(run: RunSummary, layout: Layout, normalizeId: (id: string | undefined) => string | null): LmsSelection {
  const selection: LmsSelection = { students: [], noId: [], notGraded: [], duplicate: [] };
  const seen = new Set<string>();
  for (const s of Array.isArray(run.submissions) ? run.submissions : []) {
    const who = s.student ?? s.result?.student;
    const name = who?.name || s.id;
    const id = who && who.layout === layout ? normalizeId(who.lmsId) : null;
    if (id === null) selection.noId.push(name);
    else if (!s.result) selection.notGraded.push(name);
    else if (seen.has(id)) selection.duplicate.push(name);
    else {
      seen.add(id);
      selection.students.push({ lmsId: id, name, submission: s, result: s.result });
    }
  }
  return selection;
}

/** One warning line per group left out, on the reporter's stream unless quiet. */
export function warnLeftOut(opts: ReporterOptions, reporter: string, lms: string, selection: LmsSelection): void {
  const groups: [string, string[]][] = [
    ['lms.skip.noId', selection.noId],
    ['lms.skip.notGraded', selection.notGraded],
    ['lms.skip.duplicate', selection.duplicate],
  ];
  for (const [key, names] of groups) {
    if (names.length > 0) warn(opts, key, { reporter, lms, count: names.length, names: names.join(', ') });
  }
}

/** Writes one translated line to the reporter's stream unless quiet; a broken stream loses only the line. */
export function warn(opts: ReporterOptions, key: string, params?: Msg['params']): void {
  if (opts.quiet) return;
  try {
    opts.stream.write(`${label(opts.t, key, params)}\n`);
  } catch {
    // The files are what matters; a warning that cannot be shown is not worth a failed report.
  }
}
