// `grade init`: writes the commented class file (sockgrade.yaml) with every setting at its default.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CLASS_FILE_NAME } from '../classfile/load.js';
import { classFileTemplate } from '../classfile/template.js';
import { UsageError } from '../errors.js';
import { LANGS, type Lang } from '../i18n/catalog.js';

/** Adds the `init` command. */
export function addInitCommand(program: Command): void {
  program
    .command('init')
    .description(`write a commented ${CLASS_FILE_NAME} (the class file) with every setting at its default`)
    .option('--lang <lang>', 'language of its comments: en or pt-BR', 'en')
    .option('--out <file>', 'where to write it', CLASS_FILE_NAME)
    .action((opts: { lang: string; out: string }) => {
      if (!(LANGS as readonly string[]).includes(opts.lang)) throw new UsageError(`--lang must be en or pt-BR, not "${opts.lang}".`, 'lang');
      writeClassFileTemplate(opts.out, opts.lang as Lang);
      process.stdout.write(`wrote ${opts.out}: every setting at its default, explained in comments.\n`);
    });
}

/** Writes the template to `file`; never over an existing file (a teacher's edits are not to be lost). */
export function writeClassFileTemplate(file: string, lang: Lang): void {
  try {
    // `wx` fails if the file exists, with no window between a check and the write.
    fs.writeFileSync(file, classFileTemplate(lang), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${file} already exists, and grade init never overwrites it; edit it, or write a new one elsewhere with --out <file>.`, 'init-exists');
    if (code === 'ENOENT') throw new UsageError(`Cannot write ${file}: the folder ${path.dirname(path.resolve(file))} does not exist; create it, or choose another --out.`, 'init-write');
    throw new UsageError(`Cannot write ${file} (${code ?? (error as Error).message}); check the folder's permissions, or choose another --out.`, 'init-write');
  }
}
