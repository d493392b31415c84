// `grade exercises`: lists every exercise with its files, checks and weights; `--validate <dir>`
// checks a scenario folder's exercise.yaml without grading anything.
import type { Command } from 'commander';
import { EXERCISES, validateExerciseDir } from '../exercises.js';
import { EXIT } from './grade.js';

/** Adds the `exercises` command. */
export function addExercisesCommand(program: Command): void {
  program
    .command('exercises')
    .description('list the exercises, the files each looks for, and their checks with weights')
    .option('--json', 'print as JSON')
    .option('--validate <dir>', 'check the exercise.yaml of a scenario folder: prints "ok", or one sentence per problem (exit 2)')
    .action((opts: { json?: boolean; validate?: string }) => {
      if (opts.validate !== undefined) {
        const problems = validateExerciseDir(opts.validate);
        if (problems.length === 0) process.stdout.write('ok\n');
        else {
          process.stderr.write(problems.map((p) => `${p}\n`).join(''));
          process.exitCode = EXIT.fault;
        }
        return;
      }
      if (opts.json) {
        const data = EXERCISES.map((e) => ({ id: e.id, programs: e.programs.map((p) => ({ role: p.role, files: p.files })), checks: e.checks.map((c) => ({ id: c.id, program: c.program, weight: c.weight })) }));
        process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
        return;
      }
      for (const e of EXERCISES) {
        const total = e.checks.reduce((s, c) => s + c.weight, 0);
        process.stdout.write(`${e.id}  (total weight ${total})\n`);
        for (const p of e.programs) {
          process.stdout.write(`  ${p.role} files: ${p.files.join(', ')}\n`);
          for (const c of e.checks.filter((c) => c.program === p.role)) process.stdout.write(`    ${c.id.padEnd(28)} weight ${c.weight}\n`);
        }
        process.stdout.write('\n');
      }
    });
}
