// `grade merge` and `grade report`: replay recorded event logs through the reporters, without grading.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { loadExerciseDir } from '../exercises.js';
import { SCENARIO_FILE } from '../scenario/load.js';
import type { GradeEvent, Reporter } from '../events.js';
import { resolveLang, translator } from '../i18n/catalog.js';
import { decodeLog, readLog } from '../log/decode.js';
import { mergeEventLogs } from '../log/merge.js';
import { createAtomicLogReporter } from '../log/write.js';
import { REPORTERS } from '../reporters/index.js';
import { EventEmitterHub } from '../run/emitter.js';
import { EXIT } from './grade.js';
import { makeReporters } from './reporters.js';

interface ReplayOptions {
  out?: string;
  lang?: string;
  reporter?: string[];
  csvFormat?: string;
  moodleWorksheet?: string;
  canvasAssignment?: string;
  quiet?: boolean;
}

/** Adds `merge <dirs...>` and `report <dir>`. */
export function addReplayCommands(program: Command): void {
  const reporterHelp = `reporters: ${Object.keys(REPORTERS).join(', ')} (default: html json)`;
  program
    .command('merge')
    .description('merge the event logs of several runs or shards into one report')
    .argument('<dirs...>', 'output folders of the runs, each holding events.jsonl')
    .option('-o, --out <dir>', 'where the merged report goes', 'grade-report')
    .option('--lang <lang>', 'en or pt-BR (default: from LANG)')
    .option('-r, --reporter <names...>', reporterHelp)
    .option('--csv-format <format>', 'grades.csv layout: plain or moodle', 'plain')
    .option('--moodle-worksheet <csv>', 'with --reporter moodle: fill this downloaded Moodle grading worksheet')
    .option('--canvas-assignment <column>', 'with --reporter canvas: the gradebook column, "<title> (<id>)"')
    .action(async (dirs: string[], opts: ReplayOptions) => {
      const merged = mergeEventLogs(dirs.map((dir) => readLog(logIn(dir))));
      const out = opts.out ?? 'grade-report';
      await replay(merged, out, opts, [createAtomicLogReporter(path.join(out, 'events.jsonl'))]);
    });
  program
    .command('report')
    .description('re-render a finished run from its event log, for example in another language')
    .argument('<dir>', 'the output folder of a run')
    .option('-o, --out <dir>', 'where to write (default: the same folder)')
    .option('--lang <lang>', 'en or pt-BR (default: from LANG)')
    .option('-r, --reporter <names...>', `${reporterHelp}; junit too when the run wrote junit.xml`)
    .option('--csv-format <format>', 'grades.csv layout: plain or moodle', 'plain')
    .option('--moodle-worksheet <csv>', 'with --reporter moodle: fill this downloaded Moodle grading worksheet')
    .option('--canvas-assignment <column>', 'with --reporter canvas: the gradebook column, "<title> (<id>)"')
    .action(async (dir: string, opts: ReplayOptions) => {
      const log = logIn(dir);
      const out = opts.out ?? dir;
      // junit.xml holds translated messages too, so a re-render in another language redoes it.
      const reporter = opts.reporter ?? ['html', 'json', ...(fs.existsSync(path.join(dir, 'junit.xml')) ? ['junit'] : [])];
      const bytes = fs.readFileSync(log);
      // The log is the record of what was graded: left alone in place, copied byte for byte elsewhere.
      const copy = path.resolve(out) !== path.resolve(dir) ? [createAtomicLogReporter(path.join(out, 'events.jsonl'), bytes)] : [];
      await replay(decodeLog(bytes.toString('utf8'), log), out, { ...opts, reporter }, copy);
    });
}

function logIn(dir: string): string {
  const file = path.join(dir, 'events.jsonl');
  if (!fs.existsSync(file)) throw new UsageError(`${dir} has no events.jsonl; give the output folder of a grade run.`, 'no-log');
  return file;
}

/**
 * Makes the titles and hints of the scenario folders a class file listed by path known again, so
 * a replayed report reads as the live one. A folder since moved or broken only loses its titles.
 */
function registerLoggedScenarios(events: GradeEvent[]): void {
  for (const event of events) {
    if (event.type !== 'run:begin') continue;
    const listed = event.settings.effective?.exercises;
    for (const entry of Array.isArray(listed) ? listed : []) {
      if (typeof entry !== 'string' || !path.isAbsolute(entry) || !fs.existsSync(path.join(entry, SCENARIO_FILE))) continue;
      try {
        loadExerciseDir(entry);
      } catch {
        // Reported when it was graded; a replay keeps the ids it recorded.
      }
    }
  }
}

/** Feeds decoded events to the chosen reporters, after `log` (the caller's choice of what happens to the log). */
export async function replay(events: GradeEvent[], out: string, opts: ReplayOptions, log: Reporter[] = []): Promise<void> {
  if (opts.lang !== undefined && !['en', 'pt-BR'].includes(opts.lang)) throw new UsageError(`--lang must be en or pt-BR, not "${opts.lang}".`, 'lang');
  const names = opts.reporter ?? ['html', 'json'];
  for (const r of names) if (!(r in REPORTERS)) throw new UsageError(`Unknown reporter "${r}". Known reporters: ${Object.keys(REPORTERS).join(', ')}.`, 'reporter');
  if (opts.csvFormat !== undefined && opts.csvFormat !== 'plain' && opts.csvFormat !== 'moodle') throw new UsageError('--csv-format must be plain or moodle.', 'csv-format');
  registerLoggedScenarios(events);
  const lang = resolveLang(opts.lang);
  if (opts.moodleWorksheet !== undefined && !fs.existsSync(opts.moodleWorksheet)) throw new UsageError(`The worksheet ${opts.moodleWorksheet} does not exist.`, 'worksheet-missing');
  const choice = { outDir: out, lang, quiet: opts.quiet ?? false, t: translator(lang), csvFormat: opts.csvFormat, moodleWorksheet: opts.moodleWorksheet, canvasAssignment: opts.canvasAssignment };
  const reporters = makeReporters(names, choice);
  const hub = new EventEmitterHub([...log, ...reporters]);
  for (const event of events) hub.emit(event);
  await hub.close();
  if (hub.reporterFailures.length > 0) process.exitCode = EXIT.fault;
}
