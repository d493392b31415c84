// View models of a student page's explanations: cause cards, side findings, a check's cause, evidence.
import path from 'node:path';
import type { CheckResult, Diagnostic, EvidenceItem, ExerciseResult, Msg } from '../events.js';
import { causeCounts, causeOf, causesOf, explainedIds, isCause, locationOf, shortText } from './causes.js';
import { causeAnchors, checkAnchor, lineHref, sourceAnchor } from './html-anchors.js';
import { roleLabel } from './html-labels.js';
import { label, say } from './safe.js';

type T = (msg: Msg) => string;
/** Evidence kinds the grader emits; anything else is shown as it came. */
export const EVIDENCE_KINDS = ['thread', 'holder', 'reply', 'received', 'exit', 'queue', 'file', 'bytes', 'import', 'traceback'];

/** The explanations of one exercise: cause cards, the summary line, side findings, and each check's cause. */
export function explanations(x: ExerciseResult, t: T) {
  const anchors = causeAnchors(x);
  return {
    causes: causesOf(x).map((d) => causeModel(x, d, anchors.get(d) ?? '', t)),
    causeSummary: summaryLine(x, t),
    // A cause is shown on its card; listing it again among the findings would say it twice.
    diagnostics: x.diagnostics.filter((d) => !isCause(d)).map((d) => findingModel(x, d, t)),
    checkCause: (c: CheckResult) => checkCauseModel(x, c, anchors, t),
    evidence: (c: CheckResult) => (c.evidence ?? []).map((e) => evidenceModel(x, c.program, e, t)),
  };
}

/** "1 cause, 11 failed checks, 2 with no cause found"; null when nothing was explained. */
function summaryLine(x: ExerciseResult, t: T): string | null {
  const n = causeCounts(x);
  if (!n.causes) return null;
  const parts = [
    label(t, n.causes === 1 ? 'ui.causes.summary.one' : 'ui.causes.summary.many', { count: n.causes }),
    label(t, n.failed === 1 ? 'ui.causes.failed.one' : 'ui.causes.failed.many', { count: n.failed }),
  ];
  if (n.unexplained) parts.push(label(t, n.unexplained === 1 ? 'ui.causes.unexplained.one' : 'ui.causes.unexplained.many', { count: n.unexplained }));
  return parts.join(', ');
}

function causeModel(x: ExerciseResult, d: Diagnostic, anchor: string, t: T) {
  const ids = explainedIds(d);
  const cards = new Set(x.checks.map((c) => c.id));
  return {
    ...findingModel(x, d, t),
    anchor,
    evidence: (d.evidence ?? []).map((e) => evidenceModel(x, d.program, e, t)),
    explains: label(t, ids.length === 1 ? 'ui.cause.explains.one' : 'ui.cause.explains.many', { count: ids.length }),
    // A check the exercise did not report has no card to link to; its id is still worth naming.
    checks: ids.map((id) => ({ id, href: cards.has(id) ? `#${checkAnchor(x.id, id)}` : '' })),
  };
}

/** A diagnostic as a row of the findings table (and the head of a cause card). */
function findingModel(x: ExerciseResult, d: Diagnostic, t: T) {
  return {
    code: d.code,
    program: roleLabel(t, d.program),
    location: locationOf(d),
    href: lineHref(x, d.program, d),
    message: say(t, d.message),
    hint: say(t, d.hint),
  };
}

/** The cause line of a check card, or null for a check no cause explains. */
function checkCauseModel(x: ExerciseResult, c: CheckResult, anchors: Map<Diagnostic, string>, t: T) {
  if (!c.cause) return null;
  const d = causeOf(x, c);
  const anchor = d && anchors.get(d);
  return { code: c.cause, href: anchor ? `#${anchor}` : '', short: d ? shortText(say(t, d.message)) : '' };
}

function evidenceModel(x: ExerciseResult, role: string, e: EvidenceItem, t: T) {
  // The traceback helper links `File "…", line N` frames of this program's own file, as on stderr.
  const own = x.programs.find((p) => p.role === role && p.source !== undefined && p.file);
  return {
    kind: EVIDENCE_KINDS.includes(e.kind) ? label(t, `ui.evidence.kind.${e.kind}`) : e.kind,
    location: locationOf(e),
    href: lineHref(x, role, e),
    // Raw: the template's traceback helper escapes it.
    text: e.text,
    multiline: /\n/.test(e.text.trimEnd()),
    anchor: own ? sourceAnchor(x.id, own.role) : '',
    linkable: own ? path.basename(own.file!) : '',
  };
}
