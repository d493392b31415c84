// `grade exercises`: lists every exercise with its files, checks and weights; `--validate <dir>`
// checks a scenario folder's exercise.yaml without grading anything.
import type { Command } from 'commander';
import { findClassFile, readClassFile } from '../classfile/load.js';
import type { ExerciseDef } from '../check/api.js';
import { isExercisePath } from '../classfile/schema.js';
import { mergeSettings, type EffectiveSettings } from '../classfile/settings.js';
import { EXERCISES, exercisesById, loadExerciseDir, validateExerciseDir } from '../exercises.js';
import { effectiveArgs } from '../plan/args.js';
import { droppedChecks, lookedFor } from '../plan/class-plan.js';
import { protocolText } from '../plan/settings-text.js';
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
      process.stdout.write(opts.json ? `${JSON.stringify(view.map(viewJson), null, 2)}\n` : view.map(viewText).join(''));
    });
}

/** One exercise as a class file sets it: its files, argv, weights, and greeting, port or protocol. */
interface ExerciseView {
  id: string;
  /** The folder of a scenario the class file lists by path. */
  dir?: string;
  programs: { role: string; files: string[]; args: string[] }[];
  /** `dropped`: a fixed port makes the check meaningless, so it is not graded nor counted. */
  checks: { id: string; program: string; weight: number; dropped?: true }[];
  extra?: Record<string, unknown>;
}

/** An exercise the class assigns, and the folder of one listed by path. */
type Assigned = { def: ExerciseDef; dir?: string };

/** The exercises as they are, or as the class file (given, or ./sockgrade.yaml) makes them. */
function effectiveView(config: string | undefined): ExerciseView[] {
  const file = findClassFile('.', config);
  if (!file) return EXERCISES.map((e) => exerciseView(e, undefined, undefined));
  const loaded = readClassFile(file);
  const settings = mergeSettings({ file: loaded.classFile, path: loaded.file, hash: loaded.sha256, env: process.env });
  // A path entry is a scenario folder (already resolved against the class file): listed like an id.
  const assigned = settings.exercises?.map((entry): Assigned => (isExercisePath(entry) ? { def: loadExerciseDir(entry), dir: entry } : { def: exercisesById([entry])[0] })) ?? EXERCISES.map((def): Assigned => ({ def }));
  return assigned.map(({ def, dir }) => exerciseView(def, settings, dir));
}

/** One exercise under the settings grading would use: the same files, argv and dropped checks. */
function exerciseView(e: ExerciseDef, settings: EffectiveSettings | undefined, dir?: string): ExerciseView {
  const own = settings?.perExercise[e.id];
  const dropped = droppedChecks(e, own);
  const { server: _server, client: _client, ...extra } = own ?? { server: undefined, client: undefined };
  return {
    id: e.id,
    ...(dir ? { dir } : {}),
    programs: lookedFor(e, settings).map(({ role, files }) => ({ role, files, args: effectiveArgs(role, own, e.programs.find((p) => p.role === role)?.args) })),
    checks: e.checks.map((c) => ({ id: c.id, program: c.program, weight: settings?.weights[c.id] ?? c.weight, ...(dropped.includes(c.id) ? { dropped: true as const } : {}) })),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

/** The weight an exercise's total is out of: its checks but the dropped ones. */
function totalWeight(e: ExerciseView): number {
  return e.checks.filter((c) => !c.dropped).reduce((s, c) => s + c.weight, 0);
}

/** The JSON of one exercise (`grade exercises --json`). */
function viewJson(e: ExerciseView) {
  return { id: e.id, ...(e.dir ? { dir: e.dir } : {}), totalWeight: totalWeight(e), programs: e.programs, checks: e.checks, ...(e.extra ? { settings: e.extra } : {}) };
}

/** The text of one exercise: its total, its settings, then each program's files, argv and checks. */
function viewText(e: ExerciseView): string {
  const lines = [`${e.id}${e.dir ? `  (${e.dir})` : ''}  (total weight ${totalWeight(e)})`];
  const extra = e.extra ?? {};
  if (typeof extra.greeting === 'string') lines.push(`  greeting: ${JSON.stringify(extra.greeting)}`);
  if (typeof extra.port === 'number') {
    // "No port argument" only when no program's argv still names {port} (a class file's own args).
    const told = e.programs.some((p) => p.args.some((a) => a.includes('{port}')));
    const dropped = e.checks.filter((c) => c.dropped).map((c) => c.id).join(', ') || 'no check';
    lines.push(`  port: ${extra.port} (fixed${told ? '' : ': no port argument'}; ${dropped} dropped, not counted)`);
  }
  if (extra.protocol && typeof extra.protocol === 'object') lines.push(`  protocol: ${protocolText(extra.protocol as Record<string, unknown>)}`);
  for (const p of e.programs) {
    lines.push(`  ${p.role} files: ${p.files.join(', ')}  args: ${p.args.length > 0 ? p.args.join(' ') : '(none)'}`);
    for (const c of e.checks.filter((c) => c.program === p.role)) lines.push(`    ${c.id.padEnd(28)} ${c.dropped ? 'dropped (fixed port)' : `weight ${c.weight}`}`);
  }
  return `${lines.join('\n')}\n\n`;
}
