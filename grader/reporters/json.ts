// results.json: the machine-readable outcome, with every Msg already in the report's language.
import type {
  CheckResult,
  Diagnostic,
  EvidenceItem,
  ExerciseResult,
  Msg,
  Reporter,
  ReporterOptions,
  RunSummary,
  SubmissionSummary,
} from '../events.js';
import { pairsText } from './json-pairs.js';
import { entryJson } from './json-transcript.js';
import { writeOutPieces } from './out.js';
import { pairStandings, tally, type PairStanding } from './pairs-model.js';
import { fmtTotal, say, type TotalScale } from './safe.js';

type T = (msg: Msg) => string;

/** Bumped whenever a field changes meaning or disappears. */
export const RESULTS_SCHEMA_VERSION = 1;

/** Writes `<outDir>/results.json` once the run is over, and `pairs.json` when the run had pairs. */
export function createJsonReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'json',
    end: async (run) => {
      await writeOutPieces(opts.outDir, 'results.json', resultsText(run, opts.t, opts.lang));
      if (run.pairs.length > 0) await writeOutPieces(opts.outDir, 'pairs.json', pairsText(run, opts.t, opts.lang));
    },
  };
}

/** Each submission's standing in the interop matrix, or undefined when the run had no pairs. */
function standingsOf(summary: RunSummary): Map<string, PairStanding> | undefined {
  return summary.pairs.length > 0 ? pairStandings(summary) : undefined;
}

/**
 * The text of JSON.stringify(buildResults(…), null, 2) + newline, produced one submission at a
 * time: each is built, serialised and dropped before the next.
 */
export function* resultsText(summary: RunSummary, t: T, lang: string): Generator<string> {
  const marker = '"__submissions__"';
  const head = JSON.stringify({ ...buildResults({ ...summary, submissions: [] }, t, lang), submissions: marker }, null, 2);
  const [before, after] = head.split(JSON.stringify(marker));
  const standings = standingsOf(summary);
  if (summary.submissions.length === 0) {
    yield `${before}[]${after}\n`;
    return;
  }
  yield `${before}[\n`;
  for (const [i, s] of summary.submissions.entries()) {
    const text = JSON.stringify(submissionJson(s, t, summary.begin?.settings.scale, standings), null, 2).replace(/\n/g, '\n    ');
    yield `    ${text}${i < summary.submissions.length - 1 ? ',' : ''}\n`;
  }
  yield `  ]${after}\n`;
}

/** The results document for a summary (exported for other tools and tests). */
export function buildResults(summary: RunSummary, t: T, lang: string) {
  const { begin, end } = summary;
  const standings = standingsOf(summary);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: begin?.tool.name ?? null, version: begin?.tool.version || null },
    startedAt: begin?.startedAt || null,
    durationMs: end ? end.durationMs : null,
    // Without run:end nobody saw the run finish, so it must not look complete.
    interrupted: end ? end.interrupted : true,
    isolation: { tier: begin?.isolation.tier ?? null },
    // What was graded and how: the class file (with its hash) and the settings it resolved to.
    classFile: begin?.settings.classFile ?? null,
    settings: begin?.settings.effective ?? null,
    // The language of the messages in this file: `grade report --lang` may differ from the run's.
    lang,
    submissions: summary.submissions.map((s) => submissionJson(s, t, summary.begin?.settings.scale, standings)),
    errors: summary.errors.map((e) => ({ submissionId: e.submissionId ?? null, message: e.message })),
  };
}

function submissionJson(s: SubmissionSummary, t: T, scale: TotalScale, standings?: Map<string, PairStanding>) {
  return {
    id: s.id,
    path: s.path,
    student: studentJson(s),
    problem: say(t, s.result?.problem) ?? null,
    notes: (s.result?.notes ?? []).map((n) => say(t, n) ?? ''),
    // null, not 0: an ungraded submission must not read as a failing one.
    score: s.result ? s.result.score : null,
    // The total on the class's scale (sockgrade.yaml `scale`; 0–100 without one).
    total: s.result ? { value: Number(fmtTotal(s.result.score, scale)), max: scale?.max ?? 100 } : null,
    exercises: (s.result?.exercises ?? []).map((x) => exerciseJson(x, t)),
    // Against classmates only (pairs with the reference are the checks above); only when pairs ran.
    ...(standings ? { pairs: standings.get(s.id) ?? { asClient: tally(), asServer: tally() } } : {}),
  };
}

// Who the submission belongs to; without intake's identity (an old log), the id is all we know.
function studentJson(s: SubmissionSummary) {
  const who = s.student ?? s.result?.student;
  return {
    id: who?.id ?? s.id,
    name: who?.name ?? s.id,
    lmsId: who?.lmsId ?? null,
    layout: who?.layout ?? null,
    late: who?.late === true,
  };
}

function exerciseJson(x: ExerciseResult, t: T) {
  return {
    id: x.id,
    status: x.status,
    score: x.score,
    maxScore: 100,
    points: x.points,
    maxPoints: x.maxPoints,
    checks: x.checks.map((c) => checkJson(c, t)),
    diagnostics: x.diagnostics.map((d) => diagnosticJson(d, t)),
    programs: x.programs.map((p) => ({ role: p.role, file: p.file ?? null, why: say(t, p.why) ?? null })),
  };
}

function checkJson(c: CheckResult, t: T) {
  return {
    id: c.id,
    program: c.program,
    status: c.status,
    weight: c.weight,
    durationMs: c.durationMs,
    message: say(t, c.message),
    hint: say(t, c.hint),
    notes: c.notes.map((n) => say(t, n) ?? ''),
    transcript: c.transcript.map((e) => entryJson(e, t)),
    // The code of the diagnostic (in this exercise's `diagnostics`) that explains this check, or null.
    cause: c.cause ?? null,
    evidence: (c.evidence ?? []).map(evidenceJson),
    ...(c.fraction !== undefined ? { fraction: c.fraction } : {}),
  };
}

function diagnosticJson(d: Diagnostic, t: T) {
  return {
    code: d.code,
    program: d.program,
    file: d.file ?? null,
    line: d.line ?? null,
    message: say(t, d.message),
    hint: say(t, d.hint),
    // Ids of the checks this diagnostic explains; empty for a side finding.
    checks: d.checks ?? [],
    evidence: (d.evidence ?? []).map(evidenceJson),
  };
}

function evidenceJson(e: EvidenceItem) {
  return { kind: e.kind, text: e.text, file: e.file ?? null, line: e.line ?? null };
}
