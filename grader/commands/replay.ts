// `grade merge` and `grade report`: replay recorded event logs through the reporters, without grading.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { GradeEvent } from '../events.js';
import { resolveLang, translator } from '../i18n/catalog.js';
import { REPORTERS } from '../reporters/index.js';
import { EventEmitterHub, readEventLog } from '../run/emitter.js';
import { mergeEventLogs } from '../run/merge.js';
import { makeReporters } from './reporters.js';

interface ReplayOptions {
  out?: string;
  lang?: string;
  reporter?: string[];
  csvFormat?: string;
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
    .action(async (dirs: string[], opts: ReplayOptions) => {
      const merged = mergeEventLogs(dirs.map((dir) => readEventLog(logIn(dir))));
      await replay(merged, opts.out ?? 'grade-report', opts);
    });
  program
    .command('report')
    .description('re-render a finished run from its event log, for example in another language')
    .argument('<dir>', 'the output folder of a run')
    .option('-o, --out <dir>', 'where to write (default: the same folder)')
    .option('--lang <lang>', 'en or pt-BR (default: from LANG)')
    .option('-r, --reporter <names...>', reporterHelp)
    .option('--csv-format <format>', 'grades.csv layout: plain or moodle', 'plain')
    .action(async (dir: string, opts: ReplayOptions) => {
      await replay(readEventLog(logIn(dir)), opts.out ?? dir, opts);
    });
}

function logIn(dir: string): string {
  const file = path.join(dir, 'events.jsonl');
  if (!fs.existsSync(file)) throw new UsageError(`${dir} has no events.jsonl; give the output folder of a grade run.`, 'no-log');
  return file;
}

/** Feeds recorded events to the reporters and writes a fresh events.jsonl beside them. */
export async function replay(events: GradeEvent[], out: string, opts: ReplayOptions): Promise<void> {
  if (opts.lang !== undefined && !['en', 'pt-BR'].includes(opts.lang)) throw new UsageError(`--lang must be en or pt-BR, not "${opts.lang}".`, 'lang');
  const names = opts.reporter ?? ['html', 'json'];
  for (const r of names) if (!(r in REPORTERS)) throw new UsageError(`Unknown reporter "${r}". Known reporters: ${Object.keys(REPORTERS).join(', ')}.`, 'reporter');
  const lang = resolveLang(opts.lang);
  const logFile = path.join(out, 'events.jsonl');
  const reporters = makeReporters(names, { outDir: out, lang, quiet: opts.quiet ?? false, t: translator(lang), csvFormat: opts.csvFormat });
  // Re-rendering in place must not truncate the log it is reading: it was read whole already.
  const hub = new EventEmitterHub(reporters, logFile);
  for (const event of events) hub.emit(event);
  await hub.close();
}
