// `grade [path]`: grade a class folder or one submission, then exit 0, 1 (below --min-score) or 2.
import type { Command } from 'commander';
import { readClassFile, findClassFile } from '../classfile/load.js';
import { mergeSettings } from '../classfile/settings.js';
import { GRADESCOPE, resolveConfig, withClassFilePairs, type RawOptions } from '../config.js';
import type { Lang } from '../i18n/catalog.js';
import { LAYOUTS } from '../events.js';
import { translator } from '../i18n/catalog.js';
import { REPORTERS } from '../reporters/index.js';
import { runGrade } from '../run/runner.js';
import { makeReporters } from './reporters.js';

/** Exit codes: 0 ok, 1 a submission below --min-score, 2 usage error or grader fault, 130 interrupted. */
export const EXIT = { ok: 0, belowMinScore: 1, fault: 2, interrupted: 130 } as const;

/** Adds the default grading action and its options to the program. */
export function addGradeCommand(program: Command): void {
  // Subcommands (merge, report) have their own --out, --lang, --reporter; without this the
  // root command would swallow them wherever they appear on the line.
  program.enablePositionalOptions();
  program
    .argument('[path]', 'a class (a folder, or a Moodle or Canvas download zip), a GitHub Classroom folder, or one submission', '.')
    .option('-e, --exercise <ids...>', 'exercises to grade (default: every exercise whose files appear)')
    .option('-o, --out <dir>', 'where the report, results.json and events.jsonl go', 'grade-report')
    .option('-j, --jobs <n>', 'submissions graded at once (default: three times the number of cores)')
    .option('--python <cmd>', 'the Python 3 interpreter to run students with (default: python3, or the class file\'s)')
    .option('--timeout-scale <x>', 'multiply every deadline (slow machines: 2)', '1')
    .option('--lang <lang>', 'language of the report and messages: en or pt-BR (default: from LANG)')
    .option('-r, --reporter <names...>', `reporters: ${Object.keys(REPORTERS).join(', ')} (default: terminal html json, plus github in GitHub Actions)`)
    .option('--min-score <0-100>', 'exit 1 if any submission scores below this')
    .option('-q, --quiet', 'print only the summary')
    .option('--isolation <tier>', 'auto (best available), partial (no bubblewrap) or none (no namespaces)', 'auto')
    .option('--cpu-limit <seconds>', 'CPU seconds per student program (default: 10, or the exercise\'s own)')
    .option('--memory-limit <MiB>', 'address space per student program (default: 512, or the exercise\'s own)')
    .option('--file-limit <MiB>', 'largest file a student program may write (default: 10, or the exercise\'s own)')
    .option('--fd-limit <n>', 'open files per student program (default: 256, or the exercise\'s own)')
    .option('--process-limit <n>', 'processes per box (default: 64, or the exercise\'s own)')
    .option('--shard <i/n>', 'grade only shard i of n (merge the shards with `grade merge`)')
    .option('--csv-format <format>', 'grades.csv layout: plain or moodle', 'plain')
    .option('--layout <layout>', `how the class arrived, when it is ambiguous: ${LAYOUTS.join(', ')} (default: recognised)`)
    .option('--moodle-worksheet <csv>', 'with --reporter moodle: fill this downloaded Moodle grading worksheet')
    .option('--canvas-assignment <column>', 'with --reporter canvas: the gradebook column, "<title> (<id>)"')
    .option('--pairs [file]', 'also run every student\'s client against every classmate\'s server (the interop matrix); a CSV of client,server names grades exactly those pairs')
    .option('--pairs-sample <k>', 'with --pairs beyond 30 students: each client against k servers, chosen reproducibly (default 5)')
    .option('--pairs-weight <w>', 'with --pairs: add the checks pairs-client and pairs-server of weight w to each exercise, earning the fraction of classmates each program worked with')
    .option('--config <file>', 'the class file (default: sockgrade.yaml in the graded folder, or beside the zip)')
    .option('--gradescope', 'run as a Gradescope autograder: grade /autograder/submission, write /autograder/results/results.json')
    .action(async (target: string, raw: RawOptions) => {
      const config = withClassFile(target, raw);
      const t = translator(config.lang);
      const choice = { outDir: config.out, lang: config.lang, quiet: config.quiet, t, csvFormat: config.csvFormat, ...config.lms };
      const outcome = await runGrade(config, () => makeReporters(config.reporters, choice));
      if (outcome.interrupted) process.exitCode = EXIT.interrupted;
      else if (outcome.graderFaults > 0 || outcome.reporterFailures > 0) process.exitCode = EXIT.fault;
      else if (config.lms.gradescopeFile) process.exitCode = EXIT.ok;
      else if (config.minScore !== undefined && outcome.scores.some((s) => s < config.minScore!)) process.exitCode = EXIT.belowMinScore;
      else process.exitCode = EXIT.ok;
    });
}

/**
 * The configuration with the class file's settings under the command line's: the class file
 * may set the exercises, the language and the interpreter, and whatever the plan applies.
 */
function withClassFile(target: string, raw: RawOptions) {
  const file = findClassFile(raw.gradescope && target === '.' ? GRADESCOPE.submission : target, raw.config);
  const loaded = file ? readClassFile(file) : undefined;
  const settings = loaded
    ? mergeSettings({ cli: { lang: raw.lang as Lang | undefined, python: raw.python, exercises: raw.exercise, pairsWeight: raw.pairsWeight === undefined ? undefined : Number(raw.pairsWeight) }, file: loaded.classFile, path: loaded.file, hash: loaded.sha256, env: process.env })
    : undefined;
  const merged: RawOptions = settings ? withClassFilePairs({ ...raw, lang: settings.lang, python: settings.python, exercise: settings.exercises }, settings) : raw;
  return { ...resolveConfig(target, merged, Object.keys(REPORTERS)), ...(settings ? { settings } : {}) };
}
