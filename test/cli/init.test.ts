// `grade init` with the real built CLI in a temporary folder: it writes a sockgrade.yaml that
// loads without error to exactly today's defaults, in English or Portuguese, and never
// overwrites a file (exit 2, one sentence).
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClassFile } from '../../grader/classfile/load.js';
import { mergeSettings } from '../../grader/classfile/settings.js';
import { classFileTemplate } from '../../grader/classfile/template.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/grader/cli.js');
/** Stack frames look like "    at fn (file:line:col)". */
const STACK = /^\s+at /m;

const grade = (args: string[], cwd: string) => execa(process.execPath, [CLI, ...args], { cwd, reject: false, env: { NO_COLOR: '1' } });
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sg-init-'));

/** Whether dist/ is older than a source the command is built from (then it is built again). */
function distIsStale(): boolean {
  const sources = ['grader/cli.ts', 'grader/commands/init.ts', ...fs.readdirSync(path.join(ROOT, 'grader/classfile')).map((f) => `grader/classfile/${f}`)];
  return sources.some((source) => {
    const built = path.join(ROOT, 'dist', source.replace(/\.ts$/, '.js'));
    return !fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(path.join(ROOT, source)).mtimeMs;
  });
}

beforeAll(async () => {
  // `npm test` builds first; run alone, this file builds only when dist/ is behind the sources.
  if (distIsStale()) await execa('npm', ['run', 'build'], { cwd: ROOT });
});

describe('grade init', () => {
  it('writes sockgrade.yaml in the current folder; it loads to exactly today\'s defaults', async () => {
    const dir = tempDir();
    const run = await grade(['init'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe('wrote sockgrade.yaml: every setting at its default, explained in comments.');
    const file = path.join(dir, 'sockgrade.yaml');
    expect(fs.readFileSync(file, 'utf8')).toBe(classFileTemplate('en'));
    expect(mergeSettings({ file: loadClassFile(file) })).toEqual(mergeSettings({}));
  });

  it('writes Portuguese comments with --lang pt-BR, to --out', async () => {
    const dir = tempDir();
    const run = await grade(['init', '--lang', 'pt-BR', '--out', 'turma.yaml'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'turma.yaml'), 'utf8');
    expect(text).toContain('# O interpretador Python 3 em que rodam os programas dos alunos.');
    expect(fs.existsSync(path.join(dir, 'sockgrade.yaml'))).toBe(false);
    expect(mergeSettings({ file: loadClassFile(path.join(dir, 'turma.yaml')) })).toEqual(mergeSettings({}));
  });

  it('refuses to overwrite an existing file: exit 2, one sentence, the file untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sockgrade.yaml');
    fs.writeFileSync(file, 'lang: pt-BR\n');
    const run = await grade(['init'], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('grade: sockgrade.yaml already exists, and grade init never overwrites it; edit it, or write a new one elsewhere with --out <file>.');
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stdout).toBe('');
    expect(fs.readFileSync(file, 'utf8')).toBe('lang: pt-BR\n');
  });

  it('refuses an unknown language and a folder that does not exist, in one sentence each', async () => {
    const dir = tempDir();
    const lang = await grade(['init', '--lang', 'fr'], dir);
    expect(lang.exitCode).toBe(2);
    expect(lang.stderr).toBe('grade: --lang must be en or pt-BR, not "fr".');
    const out = await grade(['init', '--out', 'nada/sockgrade.yaml'], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(`grade: Cannot write nada/sockgrade.yaml: the folder ${fs.realpathSync(dir)}/nada does not exist; create it, or choose another --out.`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
