// `grade exercises`: lists every exercise with its files, checks and weights; `--validate <dir>`
// checks a scenario folder's exercise.yaml without grading anything.
import type { Command } from 'commander';
import { findClassFile, readClassFile } from '../classfile/load.js';
import { mergeSettings, programFiles } from '../classfile/settings.js';
import { EXERCISES, validateExerciseDir } from '../exercises.js';
import { EXIT } from './grade.js';

/** Adds the `exercises` command. */
export function addExercisesCommand(program: Command): void {
  program
    .command('exercises')
    .description('list the exercises, the files each looks for, and their checks with weights')
    .option('--json', 'print as JSON')
    .option('--validate <dir>', 'check the exercise.yaml of a scenario folder: prints "ok", or one sentence per problem (exit 2)')
    .option('--config <file>', 'show them as this class file sets them (default: ./sockgrade.yaml when there is one)')
    .action((opts: { json?: boolean; validate?: string; config?: string }) => {
      if (opts.validate !== undefined) {
        const problems = validateExerciseDir(opts.validate);
        if (problems.length === 0) process.stdout.write('ok\n');
        else {
          process.stderr.write(problems.map((p) => `${p}\n`).join(''));
          process.exitCode = EXIT.fault;
        }
        return;
      }
      const view = effectiveView(opts.config);
      if (opts.json) {
        const data = view.map((e) => ({ id: e.id, programs: e.programs.map((p) => ({ role: p.role, files: p.files, ...(p.args ? { args: p.args } : {}) })), checks: e.checks.map((c) => ({ id: c.id, program: c.program, weight: c.weight })), ...(e.extra ? { settings: e.extra } : {}) }));
        process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
        return;
      }
      for (const e of view) {
        const total = e.checks.reduce((s, c) => s + c.weight, 0);
        process.stdout.write(`${e.id}  (total weight ${total})\n`);
        if (e.extra) process.stdout.write(`  class file: ${JSON.stringify(e.extra)}\n`);
        for (const p of e.programs) {
          process.stdout.write(`  ${p.role} files: ${p.files.join(', ')}${p.args ? `  args: ${p.args.join(' ')}` : ''}\n`);
          for (const c of e.checks.filter((c) => c.program === p.role)) process.stdout.write(`    ${c.id.padEnd(28)} weight ${c.weight}\n`);
        }
        process.stdout.write('\n');
      }
    });
}

/** One exercise as a class file sets it: its files, argv, weights, and greeting, port or protocol. */
interface ExerciseView {
  id: string;
  programs: { role: string; files: string[]; args?: string[] }[];
  checks: { id: string; program: string; weight: number }[];
  extra?: Record<string, unknown>;
}

/** The exercises as they are, or as the class file (given, or ./sockgrade.yaml) makes them. */
function effectiveView(config: string | undefined): ExerciseView[] {
  const file = findClassFile('.', config);
  if (!file) return EXERCISES.map((e) => ({ id: e.id, programs: e.programs, checks: e.checks }));
  const loaded = readClassFile(file);
  const settings = mergeSettings({ file: loaded.classFile, path: loaded.file, hash: loaded.sha256, env: process.env });
  const assigned = settings.exercises ? EXERCISES.filter((e) => settings.exercises!.includes(e.id)) : EXERCISES;
  return assigned.map((e) => {
    const own = settings.perExercise[e.id];
    const { server, client, ...extra } = own ?? { server: undefined, client: undefined };
    return {
      id: e.id,
      programs: e.programs.map((p) => ({ role: p.role, files: programFiles(p.files, own?.[p.role]), ...(own ? { args: own[p.role].args } : {}) })),
      checks: e.checks.map((c) => ({ id: c.id, program: c.program, weight: settings.weights[c.id] ?? c.weight })),
      ...(own && Object.keys(extra).length > 0 ? { extra } : {}),
    };
  });
}
