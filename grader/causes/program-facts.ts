// What the cause finders know of one student program: its files' sources and how Python names them.
import fs from 'node:fs';
import path from 'node:path';
import type { ProgramDef } from '../check/api.js';
import type { Diagnostic } from '../events.js';
import { readHead } from '../intake/scan.js';
import type { ProgramFacts } from './find-cause.js';
import type { TracebackContext } from './traceback-causes.js';

/** The box mounts the work copy here (see sandbox/box.ts): tracebacks print /box/<file>. */
const BOX_PREFIX = '/box/';

/** Builds the facts of a program whose files lie in `workDir`. */
export function programFacts(def: ProgramDef, relFile: string, workDir: string, localModules: string[], side: Diagnostic[] = []): ProgramFacts {
  const sources = new Map<string, string | undefined>();
  const read = (rel: string): string | undefined => {
    if (sources.has(rel)) return sources.get(rel);
    const file = path.resolve(workDir, rel);
    const inside = file.startsWith(path.resolve(workDir) + path.sep);
    const text = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? readHead(file) : undefined;
    sources.set(rel, text);
    return text;
  };
  const toRel = (printed: string): string | undefined => {
    const rel = printed.startsWith(BOX_PREFIX)
      ? printed.slice(BOX_PREFIX.length)
      : printed.startsWith(workDir + path.sep)
        ? printed.slice(workDir.length + 1)
        : printed.startsWith('/') || printed.startsWith('<')
          ? undefined
          : printed.replace(/^\.\//, '');
    return rel !== undefined && read(rel) !== undefined ? rel : undefined;
  };
  return { def, relFile, workDir, read, toRel, traceback: tracebackContext(def, localModules, read), side };
}

/** The context that refines tracebacks: the program's stdin, and the modules the submission holds. */
export function tracebackContext(def: ProgramDef, localModules: string[], read: (rel: string) => string | undefined): TracebackContext {
  return { stdinClosed: def.stdin === 'closed', localModules: new Set(localModules), read };
}
