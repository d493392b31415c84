// Command-line options → a validated, resolved configuration for one grading run.
import fs from 'node:fs';
import os from 'node:os';
import { UsageError } from './errors.js';
import type { EffectiveSettings } from './classfile/settings.js';
import { LAYOUTS, type Layout } from './events.js';
import { resolveLang, type Lang } from './i18n/catalog.js';
import { DEFAULT_LIMITS, type Limits } from './sandbox/limits.js';

/** Everything a grading run needs to know, validated. */
export interface GradeConfig {
  target: string;
  exercises?: string[];
  out: string;
  jobs: number;
  python: string;
  timeoutScale: number;
  lang: Lang;
  reporters: string[];
  minScore?: number;
  quiet: boolean;
  isolation: 'auto' | 'partial' | 'none';
  limits: Limits;
  /** Only the limits given on the command line: they win over an exercise's own. */
  limitsFromCli: Partial<Limits>;
  shard?: { index: number; total: number };
  csvFormat: 'plain' | 'moodle';
  /** A layout forced with --layout; otherwise intake recognises it. */
  layout?: Layout;
  /** The class file's settings merged with the command line's (absent without a class file). */
  settings?: EffectiveSettings;
  /** The interop matrix (--pairs): every client against every classmate's server, a sample, or a CSV's pairs. */
  pairs?: { csv?: string; sample?: number; weight?: number };
  /** What the LMS reporters need (gradescopeFile is set in the autograder mode). */
  lms: { moodleWorksheet?: string; canvasAssignment?: string; gradescopeFile?: string };
}

/** The raw options as commander gives them. */
export interface RawOptions {
  exercise?: string[];
  out?: string;
  jobs?: string;
  python?: string;
  timeoutScale?: string;
  lang?: string;
  reporter?: string[];
  minScore?: string;
  quiet?: boolean;
  isolation?: string;
  cpuLimit?: string;
  memoryLimit?: string;
  fileLimit?: string;
  fdLimit?: string;
  processLimit?: string;
  shard?: string;
  csvFormat?: string;
  layout?: string;
  moodleWorksheet?: string;
  canvasAssignment?: string;
  gradescope?: boolean;
  config?: string;
  /** `--pairs` alone is true; `--pairs pares.csv` names the teacher's pairs. */
  pairs?: boolean | string;
  pairsSample?: string;
  pairsWeight?: string;
}

/** Reporters on by default; github joins them inside GitHub Actions. */
export function defaultReporters(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.GITHUB_ACTIONS === 'true' ? ['terminal', 'html', 'json', 'github'] : ['terminal', 'html', 'json'];
}

/** Validates options; every problem is one clear sentence. */
export function resolveConfig(target: string, raw: RawOptions, knownReporters: string[]): GradeConfig {
  if (raw.gradescope) return gradescopeConfig(target, raw, knownReporters);
  const reporters = raw.reporter ?? defaultReporters();
  for (const r of reporters) if (!knownReporters.includes(r)) throw new UsageError(`Unknown reporter "${r}". Known reporters: ${knownReporters.join(', ')}.`, 'reporter');
  if (raw.lang !== undefined && !['en', 'pt-BR'].includes(raw.lang)) throw new UsageError(`--lang must be en or pt-BR, not "${raw.lang}".`, 'lang');
  const isolation = raw.isolation ?? 'auto';
  if (!['auto', 'partial', 'none'].includes(isolation)) throw new UsageError(`--isolation must be auto, partial or none.`, 'isolation');
  const csvFormat = raw.csvFormat ?? 'plain';
  if (csvFormat !== 'plain' && csvFormat !== 'moodle') throw new UsageError(`--csv-format must be plain or moodle.`, 'csv-format');
  if (raw.moodleWorksheet !== undefined && !fs.existsSync(raw.moodleWorksheet)) throw new UsageError(`The worksheet ${raw.moodleWorksheet} does not exist.`, 'worksheet-missing');
  if (raw.layout !== undefined && !LAYOUTS.includes(raw.layout as Layout)) throw new UsageError(`--layout must be one of ${LAYOUTS.join(', ')}, not "${raw.layout}".`, 'layout');
  return {
    target,
    exercises: raw.exercise,
    out: raw.out ?? 'grade-report',
    jobs: int(raw.jobs, '--jobs', defaultJobs(), 1, 256),
    python: raw.python ?? 'python3',
    timeoutScale: num(raw.timeoutScale, '--timeout-scale', 1, 0.1, 100),
    lang: resolveLang(raw.lang),
    reporters,
    minScore: raw.minScore === undefined ? undefined : num(raw.minScore, '--min-score', 0, 0, 100),
    quiet: raw.quiet ?? false,
    isolation: isolation as GradeConfig['isolation'],
    limits: { ...DEFAULT_LIMITS, ...cliLimits(raw) },
    limitsFromCli: cliLimits(raw),
    shard: raw.shard === undefined ? undefined : parseShard(raw.shard),
    csvFormat,
    layout: raw.layout as Layout | undefined,
    lms: { moodleWorksheet: raw.moodleWorksheet, canvasAssignment: raw.canvasAssignment },
    ...pairsOption(raw),
  };
}

/** --pairs [csv] and --pairs-sample k, checked against each other and against sharding. */
function pairsOption(raw: RawOptions): Pick<GradeConfig, 'pairs'> {
  if (raw.pairsSample !== undefined && !raw.pairs) throw new UsageError('--pairs-sample needs --pairs.', 'pairs');
  if (raw.pairsWeight !== undefined && !raw.pairs) throw new UsageError('--pairs-weight needs --pairs.', 'pairs');
  if (raw.pairsWeight !== undefined && raw.shard !== undefined) throw new UsageError('--pairs-weight scores each client against every server, which no shard sees whole; grade the class in one run.', 'pairs');
  if (!raw.pairs) return {};
  const csv = typeof raw.pairs === 'string' ? raw.pairs : undefined;
  if (csv !== undefined && raw.pairsSample !== undefined) throw new UsageError('--pairs-sample samples all pairs; with a pairs file, exactly its pairs are graded.', 'pairs');
  if (csv !== undefined && !fs.existsSync(csv)) throw new UsageError(`The pairs file ${csv} does not exist.`, 'pairs-csv');
  const sample = raw.pairsSample === undefined ? undefined : int(raw.pairsSample, '--pairs-sample', 5, 1, 1000);
  const weight = raw.pairsWeight === undefined ? undefined : num(raw.pairsWeight, '--pairs-weight', 1, 0, 100);
  return { pairs: { ...(csv ? { csv } : {}), ...(sample ? { sample } : {}), ...(weight ? { weight } : {}) } };
}

/**
 * The raw options with the class file's `pairs-weight` applied: it turns --pairs on and gives its
 * weight, unless --pairs-weight was typed (the command line wins). For the grade command to apply
 * to its options before resolveConfig, beside the class file's lang and python.
 */
export function withClassFilePairs(raw: RawOptions, settings: EffectiveSettings | undefined): RawOptions {
  const weight = settings?.pairsWeight;
  // A Gradescope autograder grades one submission: it has no classmates to pair with.
  if (weight === undefined || raw.pairsWeight !== undefined || raw.gradescope) return raw;
  // The command line's --pairs-weight has its own sentence; the class file's names the file.
  if (raw.shard !== undefined) {
    throw new UsageError(`${settings?.source.file ?? 'The class file'}: pairs-weight scores each client against every server, which no shard sees whole; grade the class in one run, or remove pairs-weight to shard it.`, 'pairs');
  }
  return { ...raw, pairs: raw.pairs || true, pairsWeight: String(weight) };
}

/** Gradescope's paths: the submission in /autograder/submission, results.json in /autograder/results. */
export const GRADESCOPE = { submission: '/autograder/submission', results: '/autograder/results' };

/**
 * The autograder mode: one submission, Gradescope's own results file, and the terminal's lines in
 * the autograder log. A student's failing score is not the autograder failing, so it exits 0.
 */
function gradescopeConfig(target: string, raw: RawOptions, knownReporters: string[]): GradeConfig {
  const base = resolveConfig(target === '.' ? GRADESCOPE.submission : target, { ...raw, gradescope: false, layout: raw.layout ?? 'single', out: raw.out ?? GRADESCOPE.results, reporter: raw.reporter ?? ['terminal', 'gradescope'] }, knownReporters);
  return { ...base, minScore: undefined, lms: { ...base.lms, gradescopeFile: 'results.json' } };
}

/** The limits the user typed; commander gives no default for them, so absent means not given. */
function cliLimits(raw: RawOptions): Partial<Limits> {
  const given: Partial<Limits> = {};
  if (raw.cpuLimit !== undefined) given.cpuSeconds = int(raw.cpuLimit, '--cpu-limit', 0, 1, 3600);
  if (raw.memoryLimit !== undefined) given.memoryMiB = int(raw.memoryLimit, '--memory-limit', 0, 32, 65536);
  if (raw.fileLimit !== undefined) given.fileMiB = int(raw.fileLimit, '--file-limit', 0, 1, 4096);
  if (raw.fdLimit !== undefined) given.openFiles = int(raw.fdLimit, '--fd-limit', 0, 16, 65536);
  if (raw.processLimit !== undefined) given.processes = int(raw.processLimit, '--process-limit', 0, 2, 4096);
  return given;
}

/** Parses `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): { index: number; total: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total) throw new UsageError(`--shard must look like 1/3 (a shard number from 1 to the total).`, 'shard');
  return { index, total };
}

function num(raw: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} must be a number from ${min} to ${max}, not "${raw}".`, 'number');
  return n;
}

function int(raw: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  const n = num(raw, flag, fallback, min, max);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} must be a whole number, not "${raw}".`, 'number');
  return n;
}

/**
 * Lanes when --jobs is not given: three per core. Grading waits more than it computes (programs
 * start, peers wait for replies), so lanes beyond the cores fill the gaps. On 2 cores, once a
 * worker no longer loaded execa and the scenario code: 60 submissions in the fixtures' mix took
 * 37.1 s at 4 lanes, 29.6 s at 6 and 28.6 s at 8; 40 correct ones 36.4, 31.9 and 31.6 s. Six costs
 * less grader CPU than eight (0.257 against 0.285 s a submission) and leaves more room under load.
 */
export function defaultJobs(): number {
  return 3 * os.availableParallelism();
}
