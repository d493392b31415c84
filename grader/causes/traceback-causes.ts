// Tracebacks that name a precise cause: a missing module, no display, a foreign address, a
// Python 2 name, a keyboard read with no keyboard. Each gets a message built from its line.
import type { Msg } from '../events.js';
import { importedNameUsed, lineAt } from './source.js';

/** One traceback as diagnose.ts parses it. */
export interface TracebackFacts {
  exception: string;
  type: string;
  file?: string;
  line?: number;
}

/** What the refinement needs to know about the program. */
export interface TracebackContext {
  /** The program is given no keyboard input. */
  stdinClosed: boolean;
  /** Module names that are files of the submission (`jogo` for jogo.py). */
  localModules: Set<string>;
  /** Source of a submission file (submission-relative path). */
  read: (relPath: string) => string | undefined;
}

/** Names that exist only in Python 2. */
const PYTHON2_NAMES = new Set(['raw_input', 'unicode', 'xrange', 'basestring', 'reduce', 'file', 'long', 'unichr', 'execfile', 'reload', 'cmp']);

/** A more precise code than `uncaught-exception` for a traceback, or undefined. */
export function refineTraceback(tb: TracebackFacts, ctx: TracebackContext): string | undefined {
  if (tb.type === 'ModuleNotFoundError' || tb.type === 'ImportError') {
    const module = importedModule(tb.exception);
    return module && !ctx.localModules.has(module.split('.')[0]) ? 'module-not-found' : undefined;
  }
  if (/TclError/.test(tb.type) && /display/i.test(tb.exception)) return 'gui-program';
  if (/No available video device|cannot open display|Can't connect to display/i.test(tb.exception)) return 'gui-program';
  if (/\[Errno (99|101|113)\]|Cannot assign requested address|Network is unreachable|No route to host/.test(tb.exception)) return 'foreign-address';
  if (tb.type === 'NameError') {
    const name = /name '(\w+)' is not defined/.exec(tb.exception)?.[1];
    return name && PYTHON2_NAMES.has(name) ? 'python2-name' : undefined;
  }
  if (tb.type === 'EOFError' && ctx.stdinClosed) return 'reads-stdin';
  return undefined;
}

/** The message of a traceback diagnostic: `diag.<code>` with the exception, file, line and code. */
export function tracebackMessage(code: string, tb: TracebackFacts, file: string, ctx: TracebackContext): Msg {
  const source = ctx.read(file);
  const code0 = source && tb.line ? lineAt(source, tb.line) : '';
  const base = { exception: tb.exception.slice(0, 300), file, line: tb.line ?? '?', at: `${file}:${tb.line ?? '?'}`, code: code0 };
  switch (code) {
    case 'module-not-found': {
      const module = importedModule(tb.exception) ?? '?';
      const name = module.split('.')[0];
      const unused = source !== undefined && tb.line !== undefined && !importedNameUsed(source, tb.line, importedAs(code0, name));
      return { key: `diag.module-not-found${unused ? '.unused' : ''}`, params: { ...base, module } };
    }
    case 'python2-name':
      return { key: 'diag.python2-name', params: { ...base, name: /name '(\w+)'/.exec(tb.exception)?.[1] ?? '?' } };
    case 'reads-stdin':
      return { key: 'diag.reads-stdin.eof', params: base };
    default:
      return { key: `diag.${code}`, params: base };
  }
}

function importedModule(exception: string): string | undefined {
  return /No module named '([\w.]+)'/.exec(exception)?.[1] ?? /cannot import name '\w+' from '([\w.]+)'/.exec(exception)?.[1];
}

// `import pygame as pg` is used as `pg`; `from pygame import mixer` as `mixer`.
function importedAs(code: string, module: string): string {
  const alias = new RegExp(`import\\s+${module}(?:\\.[\\w.]+)?\\s+as\\s+(\\w+)`).exec(code)?.[1];
  if (alias) return alias;
  const from = /^from\s+[\w.]+\s+import\s+([\w, ]+)/.exec(code)?.[1];
  return from ? from.split(',')[0].trim().split(/\s+as\s+/).pop()! : module;
}
