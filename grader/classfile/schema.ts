// The class file's shape (sockgrade.yaml) as a zod schema. Every message is the "what is wrong;
// how to fix" half of the one sentence the loader prints after `file:line:col: path:`.
import * as z from 'zod';
import { LANGS, type Lang } from '../i18n/catalog.js';
import { closest, got, list } from './positions.js';

/** How a class file's names combine with the exercise's own: added before them, or instead. */
export type FilesMode = 'extend' | 'replace';

/** Which files are a program and what argv it gets. */
export interface ProgramSection {
  files?: string[];
  filesMode?: FilesMode;
  args?: string[];
}

/** How the reference chat clients talk: their first line, a message line, lines after connecting. */
export interface ChatProtocol {
  nick?: string | null;
  send?: string;
  afterConnect?: string[];
}

/** The section of tcp-hello or udp-hello. */
export interface HelloSection {
  greeting?: string;
  port?: number;
  server?: ProgramSection;
  client?: ProgramSection;
}

/** The section of chat. */
export interface ChatSection {
  port?: number;
  protocol?: ChatProtocol;
  server?: ProgramSection;
  client?: ProgramSection;
}

/** A validated class file; absent means "not set here". Exercise paths are absolute. */
export interface ClassFile {
  exercises?: string[];
  lang?: Lang;
  python?: string;
  python2?: 'fail' | 'run';
  scale?: { max?: number; decimals?: number };
  weights?: Record<string, number>;
  /** The weight of the pairs-client and pairs-server checks; written, it turns the interop matrix on. */
  'pairs-weight'?: number;
  'tcp-hello'?: HelloSection;
  chat?: ChatSection;
  'udp-hello'?: HelloSection;
}

/** The exercises that may have a section of their own, in the registry's order. */
export const SECTION_IDS = ['tcp-hello', 'chat', 'udp-hello'] as const;

/** What the schema needs from outside: check ids, and what lies at an exercise path. */
export interface SchemaContext {
  /** The ids `exercises` may name without a path: the registry's (built-in and tree scenario exercises). */
  exerciseIds: readonly string[];
  /** Every id a weight may name; undefined accepts any (a listed scenario whose ids are unknown). */
  checkIds?: readonly string[];
  /** The absolute folder of a path entry of `exercises` (relative to the class file). */
  exercisePath(entry: string): string;
  /** What is wrong on disk with a path entry (missing, not a folder, no exercise.yaml), if anything. */
  exerciseProblem(entry: string): string | undefined;
}

/** An `exercises` entry is a path when it looks like one; otherwise it names a built-in exercise. */
export function isExercisePath(entry: string): boolean {
  return entry.startsWith('.') || entry.includes('/') || entry.includes('\\') || entry.startsWith('~');
}

/** The message of a wrong type: `expected <what>, got <input>; <fix>`. */
const typed = (what: string, fix: string) => ({
  error: (iss: { code: string; input?: unknown }) => (iss.code === 'invalid_type' ? (unquoted(iss.input) ?? `expected ${what}, got ${got(iss.input)}; ${fix}`) : undefined),
});

/** `args: [{port}]`: YAML reads an unquoted placeholder as a one-key mapping; say so. */
function unquoted(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || (value as Record<string, unknown>)[keys[0]!] !== null) return undefined;
  return `{${keys[0]}} without quotes is a YAML mapping, not text; write it in quotes, "{${keys[0]}}"`;
}

/** A mapping whose unknown keys are errors, each naming the nearest key or the allowed ones. */
function section<T extends z.core.$ZodLooseShape>(shape: T, example: string, special: Record<string, string> = {}) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        const key = iss.keys[0]!;
        const near = closest(key, keys);
        return special[key] ?? (near ? `unknown key; did you mean ${near}?` : `unknown key; use ${list(keys)}`);
      }
      if (iss.code === 'invalid_type') return `expected a mapping of settings, got ${got(iss.input)}; write settings such as ${example}, or remove it`;
      return undefined;
    },
  });
}

/** A check on a parsed value: returns the problem's message, or undefined when it is fine. */
const rule = <T>(problem: (value: T) => string | undefined) => (value: T, ctx: z.RefinementCtx) => {
  const message = problem(value);
  if (message) ctx.addIssue({ code: 'custom', message });
};

const text = (what: string, fix: string) =>
  z.string(typed(what, fix)).superRefine(rule((s: string) => (s.trim() === '' ? `it is empty; ${fix}` : /[\r\n]/.test(s) ? `it spans several lines; keep it on one line` : undefined)));

const port = z.number(typed('a port number', 'write a number such as 5000')).superRefine(
  rule((n: number) => (Number.isInteger(n) && n >= 1024 && n <= 65535 ? undefined : `${n} is not a port a student program can use; use a whole number from 1024 to 65535, such as 5000`)),
);

/** Every placeholder of any template, and where each may appear (for "only for …" messages). */
const PLACES: Record<string, string> = { '{host}': 'args', '{port}': 'args', '{nick}': 'chat clients', '{text}': 'chat.protocol.send' };

/** The problem with a template's placeholders: an unknown `{…}`, one not allowed here, a lone brace. */
export function placeholderProblem(template: string, allowed: readonly string[]): string | undefined {
  for (const token of template.match(/\{[^{}]*\}/g) ?? []) {
    if (allowed.includes(token)) continue;
    const place = PLACES[token];
    return `${JSON.stringify(token)} ${place ? `is only for ${place}` : 'is not a placeholder'}; use ${list(allowed)}`;
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) return `${JSON.stringify(template)} has a brace without its pair; write placeholders whole, such as ${allowed[0]}`;
  return undefined;
}

/** A template string; a YAML number (`args: [5000]`) is taken as its text. */
const template = (allowed: readonly string[], fix: string) =>
  z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string(typed('text', fix))).superRefine(rule((s: string) => placeholderProblem(s, allowed)));

const templates = (allowed: readonly string[], example: string) =>
  z.array(template(allowed, `quote it, such as "${allowed[0]}"`), typed('a list', `write it as a list, such as ${example}`));

/** The problem with one `files` entry: it must name a Python file inside the submission, ≤ 3 folders deep. */
function fileProblem(name: string): string | undefined {
  const quoted = JSON.stringify(name);
  if (name.trim() === '') return 'an empty name; write a file name such as servidor.py';
  if (name.includes('\\')) return `${quoted} uses \\; separate folders with /, such as tcp/servidor.py`;
  if (name.startsWith('/') || name.split('/').includes('..')) return `${quoted} points outside the submission; name a file inside it, such as tcp/servidor.py`;
  if (!/\.py$/i.test(name)) return `${quoted} is not a Python file name; end it with .py, such as servidor.py or *.py`;
  if (name.split('/').length > 4) return `${quoted} is ${name.split('/').length - 1} folders deep; files are looked for at most 3 folders deep`;
  return undefined;
}

const files = z
  .array(z.string(typed('a file name', 'quote it, such as "servidor.py"')).superRefine(rule(fileProblem)), typed('a list of file names', 'write it as a list, such as [servidor.py]'))
  .superRefine(rule((l: string[]) => (l.length === 0 ? 'the list is empty; list at least one file name, or remove files' : undefined)));

const filesMode = z.enum(['extend', 'replace'], { error: (iss) => `${got(iss.input)} is not a files mode; use extend (try these names first, then the exercise's own) or replace (only these names)` });

/** A program's section: `files` and `files-mode` choose the file, `args` its argv. */
function program(allowed: readonly string[]) {
  const example = `[${allowed.map((a) => JSON.stringify(a)).join(', ')}]`;
  return section({ files: files.optional(), 'files-mode': filesMode.optional(), args: templates(allowed, example).optional() }, `args: ${example}`, {
    port: 'the port belongs to the whole exercise; move it up one level, beside server and client',
  })
    .superRefine((p, ctx) => {
      if (p['files-mode'] && !p.files) ctx.addIssue({ code: 'custom', path: ['files-mode'], params: { at: 'key' }, message: 'there is no files list for it to apply to; add files: [...] or remove files-mode' });
    })
    .transform((p): ProgramSection => compact({ files: p.files, filesMode: p['files-mode'], args: p.args }));
}

const ARGS = ['{host}', '{port}'];
const helloShape = () => ({
  greeting: text('text', 'write the text the client must send, such as "Ola Mundo!"').optional(),
  port: port.optional(),
  server: program(ARGS).optional(),
  client: program(ARGS).optional(),
});
const hello = section(helloShape(), 'port: 5000', { protocol: 'only chat has a protocol; remove it' }).transform((s): HelloSection => compact(s));

const protocol = section(
  {
    nick: z
      .string(typed('text or null', 'write the nickname line, such as "{nick}", or null for none'))
      .superRefine(rule((s: string) => placeholderProblem(s, ['{nick}']) ?? (s.includes('{nick}') ? undefined : `${JSON.stringify(s)} has no {nick}; write where the nickname goes, such as "NICK {nick}", or null for no nickname line`)))
      .nullable()
      .optional(),
    send: z
      .string(typed('text', 'write how a message is sent, such as "SEND {text}"'))
      .superRefine(rule((s: string) => placeholderProblem(s, ['{text}', '{nick}']) ?? (s.includes('{text}') ? undefined : `${JSON.stringify(s)} has no {text}; write where the message goes, such as "SEND {text}"`))).optional(),
    'after-connect': templates(['{nick}'], '["/join sala1"]').optional(),
  },
  'send: "SEND {text}"',
).transform((p): ChatProtocol => compact({ nick: p.nick, send: p.send, afterConnect: p['after-connect'] }));

const chat = section(
  { port: port.optional(), protocol: protocol.optional(), server: program(ARGS).optional(), client: program([...ARGS, '{nick}']).optional() },
  'port: 5000',
  { greeting: 'only tcp-hello and udp-hello have a greeting; for chat, set protocol instead' },
).transform((s): ChatSection => compact(s));

const weight = z.number(typed('a number', 'write a weight such as 2')).superRefine(
  rule((n: number) => (n < 0 ? `a weight cannot be negative (got ${n}); use 0 to make the check informational` : undefined)),
);

/** `pairs-weight`: as --pairs-weight, a number from 0 (the matrix shown, not scored) to 100. */
const pairsWeight = z.number(typed('a number', 'write a weight such as 2, or 0 to show the matrix without scoring it')).superRefine(
  rule((n: number) =>
    n < 0 ? `a weight cannot be negative (got ${n}); use 0 to show the matrix without scoring it` : n > 100 ? `${n} is above 100, the most --pairs-weight takes; use a weight such as 2` : undefined,
  ),
);

/** The schema of a whole class file. Cross-field checks that need the files on disk come from `ctx`. */
export function classFileSchema(ctx: SchemaContext): z.ZodType<ClassFile> {
  const exercises = z.array(z.string(typed('an exercise id or path', 'quote it, such as "tcp-hello"')), typed('a list', 'write it as a list, such as [tcp-hello, chat]')).superRefine((entries, rc) => {
    if (entries.length === 0) rc.addIssue({ code: 'custom', message: 'the list is empty; list at least one exercise, or remove exercises to grade every exercise whose files appear' });
    entries.forEach((entry, i) => {
      const message = entries.indexOf(entry) < i ? `${entry} is listed twice; list it once` : isExercisePath(entry) ? ctx.exerciseProblem(entry) : idProblem(entry, ctx.exerciseIds);
      if (message) rc.addIssue({ code: 'custom', path: [i], message });
    });
  });
  const shape = {
    exercises: exercises.transform((l) => l.map((e) => (isExercisePath(e) ? ctx.exercisePath(e) : e))).optional(),
    lang: z.enum(LANGS, { error: (iss) => `${got(iss.input)} is not a language; use ${list(LANGS)}` }).optional(),
    python: text('a command', 'write the interpreter, such as python3').optional(),
    python2: z.enum(['fail', 'run'], { error: (iss) => `${got(iss.input)} is not a choice; use fail or run` }).optional(),
    scale: section(
      {
        max: z.number(typed('a number', 'write the top grade, such as 10')).superRefine(rule((n: number) => (n > 0 && n <= 10000 ? undefined : `${n} cannot be the top grade; use a number above 0, such as 10 or 100`))).optional(),
        decimals: z.number(typed('a number', 'write how many decimals, such as 1')).superRefine(rule((n: number) => (Number.isInteger(n) && n >= 0 && n <= 3 ? undefined : `${n} is not a number of decimals; use 0, 1, 2 or 3`))).optional(),
      },
      '{ max: 10, decimals: 1 }',
    ).optional(),
    weights: z.record(z.string(), weight, typed('a mapping of check ids to weights', 'write it such as { server-port-arg: 2 }')).superRefine((w, rc) => {
      if (!ctx.checkIds) return;
      for (const id of Object.keys(w)) {
        if (!ctx.checkIds.includes(id)) rc.addIssue({ code: 'custom', path: [id], params: { at: 'key' }, message: `no check has this id; did you mean ${closest(id, ctx.checkIds, true)}? (grade exercises lists every check)` });
      }
    }).optional(),
    'pairs-weight': pairsWeight.optional(),
    'tcp-hello': hello.optional(),
    chat: chat.optional(),
    'udp-hello': hello.optional(),
  };
  const misplaced = 'it belongs in an exercise section, such as tcp-hello:';
  // A scenario exercise's settings live in its own exercise.yaml, not here.
  const noSection = `it has no section here (only ${list(SECTION_IDS, 'and')} do); set its options in its exercise.yaml`;
  const scenarios = Object.fromEntries(ctx.exerciseIds.filter((id) => !(SECTION_IDS as readonly string[]).includes(id)).map((id) => [id, noSection]));
  return section(shape, 'lang: pt-BR', { ...scenarios, port: `${misplaced} { port: 5000 }`, greeting: `${misplaced} { greeting: "Ola Mundo!" }`, protocol: 'it belongs in the chat section, such as chat: { protocol: { send: "SEND {text}" } }', pairs: PAIRS_KEY }).transform((f) => compact(f) as ClassFile);
}

// `pairs: { weight: 2 }` or `pairs: true` is the natural guess; the class file has one flat key.
const PAIRS_KEY = 'the interop matrix has one setting here; write pairs-weight: 2 (0 shows the matrix without scoring it), which turns it on as --pairs does';

/** The problem with an id in `exercises`: one that no known exercise has. */
function idProblem(entry: string, ids: readonly string[]): string | undefined {
  if (ids.includes(entry)) return undefined;
  const near = closest(entry, ids);
  return `${JSON.stringify(entry)} is not a known exercise${near ? ` (did you mean ${near}?)` : ''}; use ${list(ids)}, or a path to a scenario exercise folder such as ./exercicios/eco`;
}

/** Drops absent fields, so a parsed file holds exactly what was written. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
