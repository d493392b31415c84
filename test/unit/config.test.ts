// resolveConfig: defaults, and one clear sentence (a UsageError, exit 2) for every bad option.
import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultReporters, resolveConfig, type RawOptions } from '../../grader/config.js';
import { UsageError } from '../../grader/errors.js';
import { DEFAULT_LIMITS } from '../../grader/sandbox/limits.js';

const KNOWN = ['terminal', 'json', 'html', 'junit', 'csv', 'github'];
const KNOWN_LMS = [...KNOWN, 'gradescope'];
const resolve = (raw: RawOptions) => resolveConfig('class', raw, KNOWN);

/** The UsageError `raw` provokes. */
function usageError(raw: RawOptions): UsageError {
  try {
    resolve(raw);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(raw)}`);
}

afterEach(() => vi.unstubAllEnvs());

describe('resolveConfig defaults', () => {
  it('fills every option', () => {
    vi.stubEnv('GITHUB_ACTIONS', '');
    vi.stubEnv('LC_ALL', undefined);
    vi.stubEnv('LC_MESSAGES', undefined);
    vi.stubEnv('LANG', 'C.UTF-8');
    expect(resolve({})).toEqual({
      target: 'class',
      exercises: undefined,
      out: 'grade-report',
      jobs: 3 * os.availableParallelism(),
      python: 'python3',
      timeoutScale: 1,
      lang: 'en',
      reporters: ['terminal', 'html', 'json'],
      minScore: undefined,
      quiet: false,
      isolation: 'auto',
      limits: DEFAULT_LIMITS,
      limitsFromCli: {},
      shard: undefined,
      csvFormat: 'plain',
      layout: undefined,
      lms: { moodleWorksheet: undefined, canvasAssignment: undefined },
    });
  });

  it('checks --layout and the worksheet path', () => {
    expect(resolve({ layout: 'moodle' }).layout).toBe('moodle');
    expect(() => resolve({ layout: 'blackboard' })).toThrow(/--layout must be one of moodle, canvas, classroom, folders, single/);
    expect(() => resolve({ moodleWorksheet: '/nonexistent/worksheet.csv' })).toThrow(/does not exist/);
  });

  it('--gradescope: grades /autograder/submission as one submission into /autograder/results/results.json, with no score threshold', () => {
    const config = resolveConfig('class', { gradescope: true, minScore: '50' }, KNOWN_LMS);
    expect(config.target).toBe('class');
    const dflt = resolveConfig('.', { gradescope: true }, KNOWN_LMS);
    expect(dflt.target).toBe('/autograder/submission');
    expect(dflt.out).toBe('/autograder/results');
    expect(dflt.layout).toBe('single');
    expect(dflt.reporters).toEqual(['terminal', 'gradescope']);
    expect(dflt.lms.gradescopeFile).toBe('results.json');
    expect(config.minScore).toBeUndefined();
  });

  it('takes the language from LANG, and --lang over it', () => {
    vi.stubEnv('LC_ALL', undefined);
    vi.stubEnv('LC_MESSAGES', undefined);
    vi.stubEnv('LANG', 'pt_BR.UTF-8');
    expect(resolve({}).lang).toBe('pt-BR');
    expect(resolve({ lang: 'en' }).lang).toBe('en');
  });

  it('adds the github reporter inside GitHub Actions only', () => {
    expect(defaultReporters({ GITHUB_ACTIONS: 'true' })).toEqual(['terminal', 'html', 'json', 'github']);
    expect(defaultReporters({ GITHUB_ACTIONS: 'false' })).toEqual(['terminal', 'html', 'json']);
    expect(defaultReporters({})).toEqual(['terminal', 'html', 'json']);
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    expect(resolve({}).reporters).toContain('github');
    expect(resolve({ reporter: ['json'] }).reporters).toEqual(['json']);
  });

  it('parses numbers, limits and the shard', () => {
    const c = resolve({ jobs: '3', timeoutScale: '2.5', minScore: '60', cpuLimit: '5', memoryLimit: '256', fileLimit: '2', fdLimit: '64', processLimit: '8', shard: '2/3', csvFormat: 'moodle', isolation: 'partial' });
    expect(c).toMatchObject({ jobs: 3, timeoutScale: 2.5, minScore: 60, shard: { index: 2, total: 3 }, csvFormat: 'moodle', isolation: 'partial' });
    expect(c.limits).toEqual({ cpuSeconds: 5, memoryMiB: 256, fileMiB: 2, openFiles: 64, processes: 8, diskMiB: DEFAULT_LIMITS.diskMiB });
  });
});

describe('resolveConfig validation messages', () => {
  it.each<[RawOptions, string, string]>([
    [{ reporter: ['json', 'pdf'] }, 'Unknown reporter "pdf". Known reporters: terminal, json, html, junit, csv, github.', 'reporter'],
    [{ lang: 'fr' }, '--lang must be en or pt-BR, not "fr".', 'lang'],
    [{ isolation: 'max' }, '--isolation must be auto, partial or none.', 'isolation'],
    [{ csvFormat: 'excel' }, '--csv-format must be plain or moodle.', 'csv-format'],
    [{ jobs: '0' }, '--jobs must be a number from 1 to 256, not "0".', 'number'],
    [{ jobs: 'many' }, '--jobs must be a number from 1 to 256, not "many".', 'number'],
    [{ jobs: '1.5' }, '--jobs must be a whole number, not "1.5".', 'number'],
    [{ timeoutScale: '0' }, '--timeout-scale must be a number from 0.1 to 100, not "0".', 'number'],
    [{ minScore: '101' }, '--min-score must be a number from 0 to 100, not "101".', 'number'],
    [{ minScore: '-1' }, '--min-score must be a number from 0 to 100, not "-1".', 'number'],
    [{ cpuLimit: '0' }, '--cpu-limit must be a number from 1 to 3600, not "0".', 'number'],
    [{ memoryLimit: '16' }, '--memory-limit must be a number from 32 to 65536, not "16".', 'number'],
    [{ fileLimit: '1e9' }, '--file-limit must be a number from 1 to 4096, not "1e9".', 'number'],
    [{ fdLimit: '8' }, '--fd-limit must be a number from 16 to 65536, not "8".', 'number'],
    [{ processLimit: '1' }, '--process-limit must be a number from 2 to 4096, not "1".', 'number'],
    [{ shard: '3/2' }, '--shard must look like 1/3 (a shard number from 1 to the total).', 'shard'],
  ])('%j → %s', (raw, message, code) => {
    const error = usageError(raw);
    expect(error.message).toBe(message);
    expect(error.code).toBe(code);
  });

  it('checks reporters before anything else, so the first problem named is the one typed first', () => {
    expect(usageError({ reporter: ['nope'], lang: 'xx' }).code).toBe('reporter');
  });
});

describe('limits from the command line', () => {
  it('records only the limits the user typed, so an exercise’s own limits apply otherwise', async () => {
    const { resolveConfig } = await import('../../grader/config.js');
    const typed = resolveConfig('.', { cpuLimit: '4', reporter: ['terminal'] }, ['terminal']);
    expect(typed.limitsFromCli).toEqual({ cpuSeconds: 4 });
    expect(typed.limits.cpuSeconds).toBe(4);
    expect(resolveConfig('.', { reporter: ['terminal'] }, ['terminal']).limitsFromCli).toEqual({});
  });
});
