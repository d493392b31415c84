// Live console output: a line per finished submission, then a short summary. On a TTY a progress
// line (done/total, ETA, who is running) is redrawn in place; piped or in CI only plain lines appear.
import type { Msg, Reporter, ReporterOptions, SubmissionEndEvent } from '../events.js';
import { causesOf, explainedIds, shortText } from './causes.js';
import { columnsOf, ProgressLine, ProgressState } from './progress.js';
import { pairMatrices } from './pairs-model.js';
import { pairsSummaryLine } from './pairs-text.js';
import { meanScore } from './stats.js';
import { fmtDuration, fmtScore, fmtTotal, label, say, type TotalScale } from './safe.js';

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
type Colour = keyof typeof CODES;
const MAX_LISTED = 6;

/** Prints progress and the run summary to opts.stream; `now` is injectable for tests of the ETA. */
export function createTerminalReporter(opts: ReporterOptions, now: () => number = Date.now): Reporter {
  const paint = (colour: Colour, text: string) => (opts.color ? `\x1b[${CODES[colour]}m${text}\x1b[0m` : text);
  const ui = (key: string, params?: Msg['params']) => label(opts.t, key, params);
  const state = new ProgressState(now);
  // Redrawing needs a terminal; a log file or CI would get a smear of \r lines.
  const live = opts.isTTY && !opts.quiet ? new ProgressLine(opts.stream, () => paint('dim', state.line(ui, columnsOf(opts.stream), clean))) : undefined;
  const print = (line: string) => (live ? live.print(line) : void opts.stream.write(line + '\n'));

  return {
    name: 'terminal',
    onRunBegin: (_event, run) => {
      // The summary's plan: with shards in one stream, every shard's submissions count.
      state.begin(run.begin?.submissions.length ?? 0);
      live?.draw();
    },
    onSubmissionBegin: (event) => {
      state.started(event.submissionId);
      live?.draw();
    },
    onSubmissionEnd: (event, run) => {
      state.finished(event.submissionId);
      if (!opts.quiet) {
        print(submissionLine(event, paint, ui, run.begin?.settings.scale));
        for (const line of causeLines(event, paint, ui, opts.t)) print(line);
      }
      live?.draw();
    },
    onError: (event) => {
      if (opts.quiet) return;
      const who = event.submissionId ? ` (${clean(event.submissionId)})` : '';
      print(paint('red', `✘ ${ui('ui.term.fault')}${who}: ${clean(event.message)}`));
    },
    end: (run) => {
      live?.stop();
      const mean = meanScore(run.submissions);
      const tier = run.begin?.isolation.tier ?? 'none';
      const parts = [
        paint('bold', ui('ui.term.count', { count: run.submissions.filter((x) => x.result).length })),
        paint('bold', ui('ui.term.mean', { mean: mean === null ? '—' : fmtScore(mean) })),
        fmtDuration(run.end?.durationMs ?? 0),
        ...(run.begin?.settings.layout ? [ui('ui.term.layout', { layout: ui(`intake.layout.${run.begin.settings.layout}`) })] : []),
        paint(tier === 'full' ? 'dim' : 'yellow', ui('ui.term.isolation', { tier: ui(`ui.isolation.tier.${tier}`) })),
      ];
      print('');
      print(parts.join(' · '));
      // One line per exercise of the interop matrix; the HTML report holds the cells.
      for (const m of pairMatrices(run, ui('pairs.reference'))) print(pairsSummaryLine(clean(m.exercise), m.counts, ui));
      if (!run.end || run.end.interrupted) print(paint('yellow', ui('ui.term.interrupted')));
      if (run.errors.length) print(paint('red', ui('ui.term.faults', { count: run.errors.length })));
      print(ui('ui.term.report', { path: opts.outDir }));
    },
  };
}

function submissionLine(
  s: SubmissionEndEvent,
  paint: (c: Colour, text: string) => string,
  ui: (key: string, params?: Msg['params']) => string,
  scale?: TotalScale,
): string {
  const failed = s.exercises.flatMap((x) =>
    x.status === 'missing'
      ? [`${x.id} (${ui('ui.exercise.status.missing')})`]
      : x.checks.filter((c) => c.status !== 'pass').map((c) => `${x.id}/${c.id}${c.cause ? ` [${c.cause}]` : ''}`),
  );
  const colour: Colour = s.score >= 100 ? 'green' : s.score >= 50 ? 'yellow' : 'red';
  const mark = failed.length ? '✘' : '✔';
  const shown = failed.slice(0, MAX_LISTED).map(clean).join(', ');
  const more = failed.length > MAX_LISTED ? ` +${failed.length - MAX_LISTED}` : '';
  const tail = failed.length ? `  ${paint('dim', ui('ui.term.failed', { checks: shown + more }))}` : '';
  const who = s.student?.name ?? s.submissionId;
  const problem = s.problem ? `  ${paint('red', ui(s.problem.key, s.problem.params))}` : '';
  return `${paint(colour, mark)} ${clean(who).padEnd(24)} ${paint(colour, fmtTotal(s.score, scale).padStart(5))}${tail}${problem}`;
}

/** Each cause of each exercise once, with how many checks it explains: one line instead of a hint per check. */
function causeLines(
  s: SubmissionEndEvent,
  paint: (c: Colour, text: string) => string,
  ui: (key: string, params?: Msg['params']) => string,
  t: ReporterOptions['t'],
): string[] {
  return s.exercises.flatMap((x) =>
    causesOf(x).map((d) => {
      const count = explainedIds(d).length;
      const params = { exercise: clean(x.id), code: paint('bold', clean(d.code)), count, message: clean(flat(say(t, d.message) ?? '')) };
      return `    ↳ ${ui(count === 1 ? 'ui.term.cause.one' : 'ui.term.cause.many', params)}`;
    }),
  );
}

/** A message on one line: a list of stuck threads must survive, each item after a `·`. */
function flat(text: string): string {
  return shortText(text.replace(/:\s*\r?\n\s*/g, ': ').replace(/\s*\r?\n\s*/g, ' · '), 400);
}

/** Strips control characters: a folder name must not be able to drive the terminal. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
