// The HTML report: a class overview (index.html) and one self-contained page per student.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Reporter, ReporterOptions, RunSummary, SubmissionSummary } from '../events.js';
import { registerHelpers } from './html-helpers.js';
import { indexModel, studentModel } from './html-model.js';
import { studentFileNames } from './html-names.js';
import { pairsIndexModel, pairsStudentLines } from './html-pairs.js';
import { writeOut } from './out.js';

type Template = (context: unknown) => string;

/** Writes `<outDir>/index.html` and `<outDir>/students/<safe-id>.html` once the run is over. */
export function createHtmlReporter(opts: ReporterOptions): Reporter {
  return { name: 'html', end: (run) => writeHtml(run, opts) };
}

async function writeHtml(summary: RunSummary, opts: ReporterOptions): Promise<void> {
  const { index, student, css } = loadTemplates(opts);
  const files = studentFileNames(summary.submissions.map((s) => s.id));
  const pairsLine = pairsStudentLines(summary, opts.t);
  for (const s of summary.submissions) {
    const html = student({ ...studentModel(s, summary, opts.t, opts.lang), pairsLine: pairsLine(s.id), css });
    await writeOut(opts.outDir, path.join('students', files.get(s.id)!), html);
  }
  const pairs = pairsIndexModel(summary, opts.t);
  await writeOut(opts.outDir, 'index.html', index({ ...indexModel(summary, files, opts.t, opts.lang), pairs, css }));
}

/**
 * Renders students/<id>.html pages with this run's templates, compiled once. `standalone` drops the
 * link back to index.html, for a page read on its own (an LMS feedback file); the page inlines its
 * CSS either way.
 */
export function studentPageRenderer(
  opts: ReporterOptions,
  page: { standalone?: boolean } = {},
): (s: SubmissionSummary, summary: RunSummary) => string {
  const { student, css } = loadTemplates(opts);
  const standalone = page.standalone === true;
  // The standings are folded once per run, not once per page.
  let lines: { summary: RunSummary; line: (id: string) => string | null } | undefined;
  return (s, summary) => {
    if (lines?.summary !== summary) lines = { summary, line: pairsStudentLines(summary, opts.t) };
    return student({ ...studentModel(s, summary, opts.t, opts.lang), pairsLine: lines.line(s.id), css, standalone });
  };
}

/** Compiles the templates into a private Handlebars environment (helpers never leak globally). */
function loadTemplates(opts: ReporterOptions): { index: Template; student: Template; css: string } {
  const reports = findReportsDir();
  const hb = Handlebars.create();
  registerHelpers(hb, opts.t);
  const partialsDir = path.join(reports, 'templates', 'partials');
  for (const file of fs.readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hb.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  // preventIndent: an indented partial would otherwise shift every line inside its <pre> blocks.
  const compile = (name: string) =>
    hb.compile(fs.readFileSync(path.join(reports, 'templates', name), 'utf8'), { preventIndent: true });
  // The stylesheet is ours, but a stray `</style` in it would still end the element early.
  const css = fs.readFileSync(path.join(reports, 'assets', 'style.css'), 'utf8').replace(/<\/style/gi, '<\\/style');
  return { index: compile('index.hbs'), student: compile('student.hbs'), css };
}

/** `reports/` of this package, found by walking up from this file (works from src and dist). */
function findReportsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'reports');
    if (fs.existsSync(path.join(candidate, 'templates', 'index.hbs'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('reports/templates not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}
