// junit.xml in the Jenkins/Surefire dialect: a suite per submission × exercise, a case per check.
import os from 'node:os';
import type { CheckResult, ExerciseResult, Msg, Reporter, ReporterOptions, RunSummary, SubmissionSummary, TranscriptEntry } from '../events.js';
import { causeText, evidenceLine } from './causes.js';
import { writeOut } from './out.js';
import { label, say } from './safe.js';
import { openTag, xmlText } from './xml.js';

type T = (msg: Msg) => string;
interface Counts { tests: number; failures: number; errors: number; skipped: number; time: number }
interface Suite { counts: Counts; xml: string }

/** Writes `<outDir>/junit.xml` once the run is over. */
export function createJunitReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'junit',
    end: async (run) => {
      await writeOut(opts.outDir, 'junit.xml', buildJunit(run, opts.t));
    },
  };
}

/** The whole JUnit document for a summary. */
export function buildJunit(summary: RunSummary, t: T): string {
  const stamp = timestamp(summary.begin?.startedAt);
  const suites = summary.submissions.flatMap((s) => submissionSuites(s, t, stamp));
  if (summary.errors.length) suites.push(faultSuite(summary, stamp));
  const sum = (k: keyof Counts) => suites.reduce((acc, s) => acc + s.counts[k], 0);
  const root = openTag('testsuites', {
    name: summary.begin?.tool.name ?? 'sockgrade',
    tests: sum('tests'),
    failures: sum('failures'),
    errors: sum('errors'),
    time: secs(sum('time')),
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites.map((s) => s.xml), '</testsuites>', ''].join('\n');
}

function submissionSuites(s: SubmissionSummary, t: T, stamp: string | undefined): Suite[] {
  if (!s.result) {
    // An unfinished submission shows as an error rather than vanishing from CI.
    const inner = openTag('error', { message: label(t, 'ui.junit.notGraded'), type: 'not-graded' }, true);
    const counts = { tests: 1, failures: 0, errors: 1, skipped: 0, time: 0 };
    return [suite(s.id, counts, stamp, testcase(s.id, 'graded', 0, inner))];
  }
  return s.result.exercises.map((x) => exerciseSuite(s.id, x, t, stamp));
}

function exerciseSuite(subId: string, x: ExerciseResult, t: T, stamp: string | undefined): Suite {
  const classname = `${subId}.${x.id}`;
  const cases = x.checks.map((c) => checkCase(classname, c, x, t));
  const counts = countChecks(x.checks);
  if (!x.checks.length && x.status !== 'graded') {
    // A missing exercise has no checks to report, but CI must still see it fail.
    const kind = x.status === 'missing' ? 'failure' : 'error';
    const message = label(t, x.status === 'missing' ? 'ui.junit.missing' : 'ui.junit.exerciseError');
    cases.push(testcase(classname, x.status, 0, openTag(kind, { message, type: x.status }, true)));
    counts.tests += 1;
    counts[kind === 'failure' ? 'failures' : 'errors'] += 1;
  }
  const props = [
    '    <properties>',
    `      ${openTag('property', { name: 'score', value: x.score }, true)}`,
    `      ${openTag('property', { name: 'status', value: x.status }, true)}`,
    '    </properties>',
  ].join('\n');
  const out = x.programs.map((p) => p.stdoutTail).filter(Boolean).join('\n');
  const err = x.programs.map((p) => p.stderrTail).filter(Boolean).join('\n');
  const tails = [
    out && `    <system-out>${xmlText(out)}</system-out>`,
    err && `    <system-err>${xmlText(err)}</system-err>`,
  ].filter(Boolean);
  return suite(`${subId}/${x.id}`, counts, stamp, [props, ...cases, ...tails].join('\n'));
}

function checkCase(classname: string, c: CheckResult, x: ExerciseResult, t: T): string {
  if (c.status === 'pass') return testcase(classname, c.id, c.durationMs);
  const message = say(t, c.message) ?? label(t, `ui.check.status.${c.status}`);
  if (c.status === 'skip') return testcase(classname, c.id, c.durationMs, openTag('skipped', { message }, true));
  const kind = c.status === 'fail' ? 'failure' : 'error';
  const inner = `${openTag(kind, { message, type: c.status })}${xmlText(details(c, x, t))}</${kind}>`;
  return testcase(classname, c.id, c.durationMs, inner);
}

/** The failure body: message, the cause (code and its message), hint, notes, evidence, then the conversation as text. */
function details(c: CheckResult, x: ExerciseResult, t: T): string {
  const texts = [say(t, c.message), causeText(x, c, t), say(t, c.hint), ...c.notes.map((n) => say(t, n))];
  const lines = texts.filter((l): l is string => !!l);
  const evidence = c.evidence ?? [];
  if (evidence.length) lines.push('', `${label(t, 'ui.evidence.title')}:`, ...evidence.map((e) => `  ${evidenceLine(e).replace(/\n/g, '\n    ')}`));
  if (c.transcript.length) lines.push('', ...c.transcript.map((e) => transcriptLine(e, t)));
  return lines.join('\n');
}

function transcriptLine(e: TranscriptEntry, t: T): string {
  const missed = e.missed ? ` ✗ ${label(t, 'ui.transcript.missed')}` : '';
  const note = say(t, e.note);
  return `+${e.t}ms ${e.from} → ${e.to} ${e.kind}: ${JSON.stringify(e.text)}${missed}${note ? ` (${note})` : ''}`;
}

/** Grader faults get a suite of their own so CI shows them apart from students' failures. */
function faultSuite(summary: RunSummary, stamp: string | undefined): Suite {
  const cases = summary.errors.map((e, i) => {
    const inner = `${openTag('error', { message: e.message, type: 'grader-fault' })}${xmlText(e.stack ?? '')}</error>`;
    return testcase('grader', e.submissionId ?? `fault-${i + 1}`, 0, inner);
  });
  const n = summary.errors.length;
  return suite('grader', { tests: n, failures: 0, errors: n, skipped: 0, time: 0 }, stamp, cases.join('\n'));
}

function testcase(classname: string, name: string, ms: number, inner?: string): string {
  const attrs = { classname, name, time: secs(ms) };
  if (!inner) return `    ${openTag('testcase', attrs, true)}`;
  return `    ${openTag('testcase', attrs)}\n      ${inner}\n    </testcase>`;
}

function suite(name: string, counts: Counts, stamp: string | undefined, body: string): Suite {
  const open = openTag('testsuite', {
    name,
    tests: counts.tests,
    failures: counts.failures,
    errors: counts.errors,
    skipped: counts.skipped,
    time: secs(counts.time),
    timestamp: stamp,
    hostname: os.hostname(),
  });
  return { counts, xml: `  ${open}\n${body}\n  </testsuite>` };
}

function countChecks(checks: CheckResult[]): Counts {
  const n = (s: string) => checks.filter((c) => c.status === s).length;
  const time = checks.reduce((a, c) => a + c.durationMs, 0);
  return { tests: checks.length, failures: n('fail'), errors: n('error'), skipped: n('skip'), time };
}

function secs(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The schema's xs:dateTime without zone; an unparsable start is left out. */
function timestamp(startedAt: string | undefined): string | undefined {
  const d = startedAt ? new Date(startedAt) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 19) : undefined;
}
