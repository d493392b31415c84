// GitHub Actions: a Markdown job summary plus `::error` annotations on the student's files.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic, ExerciseResult, Msg, Reporter, ReporterOptions, RunSummary, SubmissionSummary } from '../events.js';
import { errorCommand } from './github-commands.js';
import { buildMarkdown } from './github-summary.js';
import { causeOf, causeText, isCause } from './causes.js';
import { say } from './safe.js';

type T = (msg: Msg) => string;

/** Writes annotations to opts.stream and appends the summary to $GITHUB_STEP_SUMMARY when set. */
export function createGithubReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'github',
    end: async (run) => {
      for (const line of buildAnnotations(run, opts.t)) opts.stream.write(line + '\n');
      const target = process.env.GITHUB_STEP_SUMMARY;
      if (target) await fs.appendFile(target, buildMarkdown(run, opts.t), 'utf8');
    },
  };
}

/** Every annotation line, in planned submission order; grader faults last. */
export function buildAnnotations(summary: RunSummary, t: T): string[] {
  const lines = summary.submissions.flatMap((s) => (s.result?.exercises ?? []).flatMap((x) => exerciseAnnotations(s, x, t)));
  for (const e of summary.errors) {
    lines.push(errorCommand({ title: 'sockgrade' }, `${e.submissionId ? `${e.submissionId}: ` : ''}${e.message}`));
  }
  return lines;
}

function exerciseAnnotations(s: SubmissionSummary, x: ExerciseResult, t: T): string[] {
  const lines: string[] = [];
  for (const c of x.checks) {
    if (c.status !== 'fail' && c.status !== 'error') continue;
    const program = x.programs.find((p) => p.role === c.program);
    const cause = causeOf(x, c);
    const file = program?.file ? repoPath(s.path, program.file) : undefined;
    // Where it broke: the cause's line or its evidence, then the check's own evidence; failing
    // those, the first located side finding of the same program is the best guess (a cause that
    // does not list this check is known not to explain it).
    const guess = x.diagnostics.find((d) => d.program === c.program && d.file && d.line && !isCause(d));
    const places = [cause, ...(cause?.evidence ?? []), ...(c.evidence ?? []), guess];
    const where = file ? places.find((p) => p?.file && p.line && samePath(repoPath(s.path, p.file), file)) : undefined;
    const message = [say(t, c.message), causeText(x, c, t), say(t, c.hint)].filter(Boolean).join('\n') || c.status;
    const line = where?.line;
    lines.push(errorCommand({ file, line, title: `${x.id}/${c.id}` }, `${s.id}: ${message}`));
  }
  for (const d of x.diagnostics.filter((d) => d.file && d.line)) lines.push(diagnosticAnnotation(s, d, t));
  return lines;
}

function diagnosticAnnotation(s: SubmissionSummary, d: Diagnostic, t: T): string {
  const message = [say(t, d.message), say(t, d.hint)].filter(Boolean).join('\n') || d.code;
  return errorCommand({ file: repoPath(s.path, d.file!), line: d.line, title: d.code }, `${s.id}: ${message}`);
}

/** The file's path as GitHub wants it: relative to the workspace, with forward slashes. */
export function repoPath(submissionPath: string, file: string): string {
  const joined = path.isAbsolute(file) ? file : path.join(submissionPath, file);
  const workspace = process.env.GITHUB_WORKSPACE;
  const rel = workspace && path.isAbsolute(joined) ? path.relative(workspace, joined) : joined;
  const chosen = rel && !rel.startsWith('..') ? rel : joined;
  return chosen.split(path.sep).join('/');
}

function samePath(a: string, b: string): boolean {
  return path.normalize(a) === path.normalize(b);
}
