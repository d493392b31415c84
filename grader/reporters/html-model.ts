// View models for the HTML templates: plain data, every Msg translated, nothing pre-escaped.
import path from 'node:path';
import type { CheckResult, ExerciseResult, Msg, ProgramReport, RunSummary, SubmissionSummary } from '../events.js';
import { checkAnchor, listingFor, sourceAnchor } from './html-anchors.js';
import { explanations } from './html-causes.js';
import { entriesModel } from './html-entries.js';
import { roleLabel } from './html-labels.js';
import { settingsModel } from './html-settings.js';
import { visible } from './html-text.js';
import { fmtScore, fmtTotal, say, type TotalScale } from './safe.js';
import { failedMost, finishedScores, histogram, meanScore, type FailedCheckStat } from './stats.js';

type T = (msg: Msg) => string;
/** Source files longer than this are cut; the page must stay openable. */
const MAX_SOURCE_LINES = 3000;

/** The translation of an optional key, or null when no locale defines it. */
function optional(t: T, key: string): string | null {
  const text = say(t, { key });
  // Translators echo an unknown key (perhaps with its params), which is no text at all.
  return text && !text.startsWith(key) ? text : null;
}

/** The exercise's title from `exercise.<id>.title`, or its id when no locale names it. */
export function exerciseTitle(t: T, id: string): string {
  return optional(t, `exercise.${id}.title`) ?? id;
}

/** A colour class for a 0–100 score: full marks, partial, nothing. */
export function scoreClass(score: number): string {
  return score >= 100 ? 'sc-full' : score > 0 ? 'sc-part' : 'sc-zero';
}

/** Data for index.html. */
export function indexModel(summary: RunSummary, files: Map<string, string>, t: T, lang: string) {
  const b = summary.begin;
  const mean = meanScore(summary.submissions);
  return {
    lang,
    run: b && {
      ...b.settings,
      // The page's language, which a re-render may have changed from the run's.
      lang,
      exercises: b.settings.exercises.join(', '),
      effective: settingsModel(b.settings.shown, t),
      tool: `${b.tool.name} ${b.tool.version}`.trim(),
      layout: b.settings.layout ? t({ key: `intake.layout.${b.settings.layout}` }) : undefined,
      startedAt: b.startedAt,
      runId: b.runId,
    },
    durationMs: summary.end?.durationMs,
    interrupted: !summary.end || summary.end.interrupted,
    isolation: b?.isolation ?? { tier: 'none', mechanisms: [], missing: [] },
    isolationWarning: (b?.isolation.tier ?? 'none') !== 'full',
    missingMechanisms: (b?.isolation.missing ?? []).join(', '),
    count: summary.submissions.length,
    graded: finishedScores(summary.submissions).length,
    mean: mean === null ? '—' : fmtScore(mean),
    buckets: histogram(finishedScores(summary.submissions)),
    failed: failedMost(summary.submissions, 10).map((f) => failedModel(f, t)),
    exercises: summary.exercises.map((id) => ({ id, title: exerciseTitle(t, id) })),
    rows: summary.submissions.map((s) => indexRow(s, summary.exercises, files, b?.settings.scale)),
    scaleMax: b?.settings.scale ? String(b.settings.scale.max) : '100',
    errors: summary.errors,
  };
}

function failedModel(f: FailedCheckStat, t: T) {
  // The most frequent cause's hint says what to teach about this check.
  const top = f.causes[0]?.code;
  return { ...f, title: exerciseTitle(t, f.exercise), diagnosis: top ? optional(t, `diag.${top}.hint`) : null };
}

function indexRow(s: SubmissionSummary, exercises: string[], files: Map<string, string>, scale: TotalScale) {
  const byId = new Map((s.result?.exercises ?? []).map((x) => [x.id, x]));
  return {
    id: s.id,
    name: displayName(s),
    late: s.student?.late === true,
    href: `students/${files.get(s.id) ?? ''}`,
    graded: !!s.result,
    cells: exercises.map((id) => {
      const x = byId.get(id);
      // -1 sorts "not graded" below a real zero.
      const cls = x && x.status === 'graded' ? scoreClass(x.score) : '';
      return { status: x?.status ?? 'none', cls, score: x ? fmtScore(x.score) : '', sort: x ? x.score : -1 };
    }),
    total: s.result ? fmtTotal(s.result.score, scale) : '',
    totalCls: s.result ? scoreClass(s.result.score) : '',
    sort: s.result ? s.result.score : -1,
  };
}

/** The name a teacher knows the student by: the LMS's, else the folder's. */
function displayName(s: SubmissionSummary): string {
  return s.student?.name ?? s.result?.student?.name ?? s.id;
}

/** Data for one students/<id>.html page. */
export function studentModel(s: SubmissionSummary, summary: RunSummary, t: T, lang: string) {
  return {
    lang,
    id: s.id,
    name: displayName(s),
    lmsId: s.student?.lmsId,
    layout: s.student ? t({ key: `intake.layout.${s.student.layout}` }) : undefined,
    late: s.student?.late === true,
    problem: say(t, s.result?.problem),
    notes: (s.result?.notes ?? []).map((n) => say(t, n)),
    path: s.path,
    graded: !!s.result,
    score: s.result ? fmtTotal(s.result.score, summary.begin?.settings.scale) : '',
    scaleMax: summary.begin?.settings.scale ? String(summary.begin.settings.scale.max) : '100',
    scoreCls: s.result ? scoreClass(s.result.score) : '',
    durationMs: s.result?.durationMs ?? 0,
    errors: summary.errors.filter((e) => e.submissionId === s.id),
    exercises: (s.result?.exercises ?? []).map((x) => exerciseModel(x, t)),
  };
}

function exerciseModel(x: ExerciseResult, t: T) {
  const why = explanations(x, t);
  return {
    id: x.id,
    title: exerciseTitle(t, x.id),
    status: x.status,
    score: fmtScore(x.score),
    scoreCls: x.status === 'graded' ? scoreClass(x.score) : 'sc-zero',
    points: x.points,
    maxPoints: x.maxPoints,
    programs: x.programs.map((p) => programModel(x.id, p, flaggedLines(x, p), t)),
    causes: why.causes,
    causeSummary: why.causeSummary,
    diagnostics: why.diagnostics,
    checks: x.checks.map((c) => ({ ...checkModel(c, t), anchor: checkAnchor(x.id, c.id), cause: why.checkCause(c), evidence: why.evidence(c) })),
  };
}

/** Lines of this program's own file that a diagnostic, or the evidence behind it, points at: highlighted in the listing. */
function flaggedLines(x: ExerciseResult, p: ProgramReport): Set<number> {
  const items = x.diagnostics.flatMap((d) => [d, ...(d.evidence ?? [])].map((item) => ({ role: d.program, item })));
  return new Set(items.flatMap(({ role, item }) => (item.line && listingFor(x, role, item.file) === p ? [item.line] : [])));
}

function programModel(exerciseId: string, p: ProgramReport, flagged: Set<number>, t: T) {
  const anchor = sourceAnchor(exerciseId, p.role);
  const lines = p.source === undefined ? [] : p.source.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return {
    role: roleLabel(t, p.role),
    file: p.file,
    choice: [say(t, p.why), say(t, p.choice)].filter(Boolean).join(' · '),
    launches: p.launches,
    stdout: visible(p.stdoutTail),
    // Raw: the traceback helper escapes it while adding links.
    stderr: p.stderrTail,
    anchor,
    // Links from tracebacks go only to lines of this very file, not to library frames.
    linkable: p.source !== undefined && p.file ? path.basename(p.file) : '',
    source: lines.slice(0, MAX_SOURCE_LINES).map((text, i) => ({ n: i + 1, text: visible(text), flagged: flagged.has(i + 1) })),
    sourceCut: Math.max(0, lines.length - MAX_SOURCE_LINES),
  };
}

function checkModel(c: CheckResult, t: T) {
  const entries = entriesModel(c.transcript, t);
  const failed = c.status === 'fail' || c.status === 'error';
  const message = say(t, c.message);
  return {
    id: c.id,
    program: roleLabel(t, c.program),
    status: c.status,
    // Without an entry marked missed, the diagram would not show where the check gave up.
    verdict: failed && !entries.some((e) => e.missed) ? (message ?? say(t, { key: `ui.check.status.${c.status}` })) : null,
    weight: c.weight,
    durationMs: c.durationMs,
    message,
    hint: say(t, c.hint),
    notes: c.notes.map((n) => say(t, n)).filter(Boolean),
    entries,
  };
}
