// The settings a run grades with: command line > class file > defaults (the exercises' own and
// today's options), merged by one pure function; and the class file's fingerprint.
import crypto from 'node:crypto';
import { GREETING } from '../../exercises/tcp-hello/greeting.js';
import type { ExerciseDef } from '../check/api.js';
import { EXERCISES } from '../exercises.js';
import { resolveLang, type Lang } from '../i18n/catalog.js';
import type { ClassFile, FilesMode, ProgramSection } from './schema.js';

/** The total's maximum and how many decimals it keeps. */
export interface Scale {
  max: number;
  decimals: number;
}

/** One program's file names (the class file's, absent for none), how they combine, and its argv template. */
export interface ProgramSettings {
  files?: string[];
  filesMode: FilesMode;
  args: string[];
}

/** How the reference chat clients talk; `nick` null sends no nickname line. */
export interface ChatProtocolSettings {
  nick: string | null;
  send: string;
  afterConnect: string[];
}

/** One built-in exercise's settings; `port` absent lets the grader pick a free port per launch. */
export interface ExerciseSettings {
  greeting?: string;
  port?: number;
  protocol?: ChatProtocolSettings;
  server: ProgramSettings;
  client: ProgramSettings;
}

/** Everything the class file can set, resolved. */
export interface EffectiveSettings {
  /** Absent: every exercise whose files appear in the class. */
  exercises?: string[];
  lang: Lang;
  python: string;
  python2: 'fail' | 'run';
  scale: Scale;
  /** Every built-in check's weight, and any set for a scenario's checks. */
  weights: Record<string, number>;
  perExercise: Record<string, ExerciseSettings>;
  /** The weight of the pairs checks; set (even 0), the interop matrix runs. Absent: pairs only with --pairs. */
  pairsWeight?: number;
  /** The class file these came from, when there was one. */
  source: { file?: string; sha256?: string };
}

/** What the command line can set; absent means "not typed". */
export interface CliSettings {
  exercises?: string[];
  lang?: Lang;
  python?: string;
  python2?: 'fail' | 'run';
  scale?: Partial<Scale>;
  weights?: Record<string, number>;
  pairsWeight?: number;
}

/** Today's defaults of the run-wide settings (lang comes from the environment). */
export const DEFAULTS = { python: 'python3', python2: 'fail', scale: { max: 100, decimals: 1 } } as const satisfies Omit<EffectiveSettings, 'exercises' | 'lang' | 'weights' | 'perExercise' | 'source'>;

/** The argv the grader gives a program today: a server its port, a client the host and port. */
const SERVER_ARGS = ['{port}'];
const CLIENT_ARGS = ['{host}', '{port}'];

/** Each built-in exercise's defaults: the handout's greeting, and the chat's plain-line protocol. */
export const EXERCISE_DEFAULTS: Record<string, ExerciseSettings> = {
  'tcp-hello': { greeting: GREETING, server: program(SERVER_ARGS), client: program(CLIENT_ARGS) },
  // Today a reference client sends its nickname (nick-<i>) alone first, then each message as a plain line.
  chat: { protocol: { nick: '{nick}', send: '{text}', afterConnect: [] }, server: program(SERVER_ARGS), client: program(CLIENT_ARGS) },
  'udp-hello': { greeting: GREETING, server: program(SERVER_ARGS), client: program(CLIENT_ARGS) },
};

/** Merges command line > class file > defaults. Pure: the environment (for lang) is passed in. */
export function mergeSettings(input: { cli?: CliSettings; file?: ClassFile; path?: string; hash?: string; env?: Record<string, string | undefined>; exercises?: readonly ExerciseDef[] }): EffectiveSettings {
  const cli = input.cli ?? {};
  const file = input.file ?? {};
  const defs = input.exercises ?? EXERCISES;
  const weights: Record<string, number> = {};
  for (const check of defs.flatMap((e) => e.checks)) weights[check.id] = check.weight;
  const perExercise: Record<string, ExerciseSettings> = {};
  for (const [id, defaults] of Object.entries(EXERCISE_DEFAULTS)) perExercise[id] = exerciseSettings(defaults, file[id as keyof ClassFile] as Section | undefined);
  return dropUndefined({
    exercises: cli.exercises ?? file.exercises,
    // resolveLang only falls back to LANG/LC_* when no language was chosen.
    lang: resolveLang(cli.lang ?? file.lang, input.env ?? {}),
    python: cli.python ?? file.python ?? DEFAULTS.python,
    python2: cli.python2 ?? file.python2 ?? DEFAULTS.python2,
    scale: { ...DEFAULTS.scale, ...dropUndefined(file.scale ?? {}), ...dropUndefined(cli.scale ?? {}) },
    weights: { ...weights, ...file.weights, ...cli.weights },
    perExercise,
    pairsWeight: cli.pairsWeight ?? file['pairs-weight'],
    source: dropUndefined({ file: input.path, sha256: input.hash }),
  });
}

/** The file names that count as a program, in priority order: the class file's, then (extend) the exercise's. */
export function programFiles(builtIn: readonly string[], settings: ProgramSettings | undefined): string[] {
  const own = settings?.files ?? [];
  if (settings?.filesMode === 'replace') return [...own];
  const seen = new Set(own.map((f) => f.toLowerCase()));
  return [...own, ...builtIn.filter((f) => !seen.has(f.toLowerCase()))];
}

/** The hex sha256 of the class file's bytes: the report names the exact file a run graded with. */
export function sha256(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** A section of the class file as the merge reads it (tcp-hello, chat and udp-hello alike). */
interface Section {
  greeting?: string;
  port?: number;
  protocol?: { nick?: string | null; send?: string; afterConnect?: string[] };
  server?: ProgramSection;
  client?: ProgramSection;
}

function exerciseSettings(defaults: ExerciseSettings, section: Section | undefined): ExerciseSettings {
  return dropUndefined({
    greeting: defaults.greeting === undefined ? undefined : (section?.greeting ?? defaults.greeting),
    port: section?.port,
    protocol: defaults.protocol && { ...defaults.protocol, afterConnect: [...defaults.protocol.afterConnect], ...dropUndefined(section?.protocol ?? {}) },
    server: programSettings(defaults.server, section?.server),
    client: programSettings(defaults.client, section?.client),
  });
}

function programSettings(defaults: ProgramSettings, section: ProgramSection | undefined): ProgramSettings {
  return dropUndefined({ files: section?.files, filesMode: section?.filesMode ?? defaults.filesMode, args: [...(section?.args ?? defaults.args)] });
}

function program(args: string[]): ProgramSettings {
  return { filesMode: 'extend', args };
}

/** Absent stays absent: no `key: undefined`, so settings compare and print cleanly. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
