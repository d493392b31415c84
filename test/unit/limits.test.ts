import { describe, expect, it } from 'vitest';
import { decodeExit, hitCpuLimit } from '../../grader/sandbox/launch.js';
import { DEFAULT_LIMITS, prlimitArgs } from '../../grader/sandbox/limits.js';

describe('prlimitArgs', () => {
  it('turns the defaults into prlimit options, soft CPU one second below hard, no core dumps', () => {
    expect(prlimitArgs(DEFAULT_LIMITS, false)).toEqual([
      '--cpu=10:11',
      `--as=${512 * 1024 * 1024}`,
      `--fsize=${10 * 1024 * 1024}`,
      '--nofile=256',
      '--core=0',
    ]);
  });

  it('adds RLIMIT_NPROC only as the fallback without a pids cgroup', () => {
    expect(prlimitArgs({ ...DEFAULT_LIMITS, processes: 7 }, true)).toContain('--nproc=7');
  });

  it('follows the configured limits', () => {
    const args = prlimitArgs({ ...DEFAULT_LIMITS, cpuSeconds: 2, memoryMiB: 128, fileMiB: 1, openFiles: 32 }, false);
    expect(args.slice(0, 4)).toEqual(['--cpu=2:3', `--as=${128 * 1024 * 1024}`, `--fsize=${1024 * 1024}`, '--nofile=32']);
  });
});

describe('decodeExit', () => {
  it('reads status 128+n from bwrap or the waiting shell as death by signal n', () => {
    expect(decodeExit(152, null)).toEqual({ code: null, signal: 'SIGXCPU' });
    expect(decodeExit(137, null)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(decodeExit(134, null)).toEqual({ code: null, signal: 'SIGABRT' });
  });

  it('keeps ordinary statuses and real signals as they are', () => {
    expect(decodeExit(0, null)).toEqual({ code: 0, signal: null });
    expect(decodeExit(1, null)).toEqual({ code: 1, signal: null });
    expect(decodeExit(null, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(decodeExit(255, null)).toEqual({ code: 255, signal: null });
  });
});

describe('hitCpuLimit', () => {
  it('is SIGXCPU, the soft limit', () => {
    expect(hitCpuLimit('SIGXCPU', false, undefined, 2)).toBe(true);
  });

  it('is a SIGKILL when the box used its whole CPU allowance (the hard limit)', () => {
    expect(hitCpuLimit('SIGKILL', false, 3.01, 2)).toBe(true);
    expect(hitCpuLimit('SIGKILL', false, 0.05, 2)).toBe(false);
    expect(hitCpuLimit('SIGKILL', false, undefined, 2)).toBe(false);
  });

  it('is never a kill by the grader', () => {
    expect(hitCpuLimit('SIGKILL', true, 5, 2)).toBe(false);
  });
});

describe('effectiveLimits', () => {
  it('applies an exercise’s own limits over the defaults, and the command line over both', async () => {
    const { effectiveLimits, DEFAULT_LIMITS: defaults } = await import('../../grader/sandbox/limits.js');
    expect(effectiveLimits(defaults, undefined, {})).toEqual(defaults);
    expect(effectiveLimits(defaults, { cpuSeconds: 3, processes: 8 }, {})).toEqual({ ...defaults, cpuSeconds: 3, processes: 8 });
    expect(effectiveLimits(defaults, { cpuSeconds: 3 }, { cpuSeconds: 20 })).toEqual({ ...defaults, cpuSeconds: 20 });
  });
});
