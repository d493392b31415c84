// View models for the HTML templates: plain data, every Msg translated, nothing pre-escaped.
import path from 'node:path';
import type { CheckResult, Diagnostic, ExerciseResult, Msg, ProgramReport } from '../events.js';
import type { RunSummary, SubmissionSummary } from './collect.js';
import type { SeqEntry } from './html-svg.js';
import { visible } from './html-text.js';
import { fmtScore, say } from './safe.js';
import { failedMost, finishedScores, histogram, meanScore } from './stats.js';

type T = (msg: Msg) => string;
/** Source files longer than this are cut; the page must stay openable. */
const MAX_SOURCE_LINES = 3000;

/** The anchor prefix of a program's source listing, unique within a student page. */
export function sourceAnchor(exerciseId: string, role: string): string {
  return `src-${slug(exerciseId)}-${slug(role)}`;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Data for index.html. */
export function indexModel(summary: RunSummary, files: Map<string, string>, lang: string) {
  const b = summary.begin;
  const mean = meanScore(summary.submissions);
  return {
    lang,
    run: b && {
      ...b.settings,
      exercises: b.settings.exercises.join(', '),
      tool: `${b.tool.name} ${b.tool.version}`.trim(),
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
    failed: failedMost(summary.submissions, 10),
    exercises: summary.exercises,
    rows: summary.submissions.map((s) => indexRow(s, summary.exercises, files)),
    errors: summary.errors,
  };
}

function indexRow(s: SubmissionSummary, exercises: string[], files: Map<string, string>) {
  const byId = new Map((s.result?.exercises ?? []).map((x) => [x.id, x]));
  return {
    id: s.id,
    href: `students/${files.get(s.id) ?? ''}`,
    graded: !!s.result,
    cells: exercises.map((id) => {
      const x = byId.get(id);
      // -1 sorts "not graded" below a real zero.
      return { status: x?.status ?? 'none', score: x ? fmtScore(x.score) : '', sort: x ? x.score : -1 };
    }),
    total: s.result ? fmtScore(s.result.score) : '',
    sort: s.result ? s.result.score : -1,
  };
}

/** Data for one students/<id>.html page. */
export function studentModel(s: SubmissionSummary, summary: RunSummary, t: T, lang: string) {
  return {
    lang,
    id: s.id,
    path: s.path,
    graded: !!s.result,
    score: s.result ? fmtScore(s.result.score) : '',
    durationMs: s.result?.durationMs ?? 0,
    errors: summary.errors.filter((e) => e.submissionId === s.id),
    exercises: (s.result?.exercises ?? []).map((x) => exerciseModel(x, t)),
  };
}

function exerciseModel(x: ExerciseResult, t: T) {
  return {
    id: x.id,
    status: x.status,
    score: fmtScore(x.score),
    points: x.points,
    maxPoints: x.maxPoints,
    programs: x.programs.map((p) => programModel(x.id, p, t)),
    diagnostics: x.diagnostics.map((d) => diagnosticModel(x, d, t)),
    checks: x.checks.map((c) => checkModel(c, t)),
  };
}

function programModel(exerciseId: string, p: ProgramReport, t: T) {
  const anchor = sourceAnchor(exerciseId, p.role);
  const lines = p.source === undefined ? [] : p.source.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return {
    role: p.role,
    file: p.file,
    choice: say(t, p.choice),
    launches: p.launches,
    stdout: visible(p.stdoutTail),
    // Raw: the traceback helper escapes it while adding links.
    stderr: p.stderrTail,
    anchor,
    // Links from tracebacks go only to lines of this very file, not to library frames.
    linkable: p.source !== undefined && p.file ? path.basename(p.file) : '',
    source: lines.slice(0, MAX_SOURCE_LINES).map((text, i) => ({ n: i + 1, text: visible(text) })),
    sourceCut: Math.max(0, lines.length - MAX_SOURCE_LINES),
  };
}

function diagnosticModel(x: ExerciseResult, d: Diagnostic, t: T) {
  const program = x.programs.find((p) => p.role === d.program);
  const sameFile = program?.source !== undefined && program.file && d.file && path.basename(d.file) === path.basename(program.file);
  return {
    code: d.code,
    program: d.program,
    location: d.file ? `${d.file}${d.line ? `:${d.line}` : ''}` : '',
    href: sameFile && d.line ? `#${sourceAnchor(x.id, d.program)}-L${d.line}` : '',
    message: say(t, d.message),
    hint: say(t, d.hint),
  };
}

function checkModel(c: CheckResult, t: T) {
  const entries: SeqEntry[] = c.transcript.map((e) => ({
    t: e.t,
    from: e.from,
    to: e.to,
    kind: e.kind,
    text: visible(e.text),
    note: say(t, e.note),
    missed: e.missed === true,
  }));
  return {
    id: c.id,
    program: c.program,
    status: c.status,
    weight: c.weight,
    durationMs: c.durationMs,
    message: say(t, c.message),
    hint: say(t, c.hint),
    notes: c.notes.map((n) => say(t, n)).filter(Boolean),
    entries,
  };
}
