import { describe, expect, it } from 'vitest';
import { buildBoxCommand, bwrapArgs, joinThen, type BoxSpec } from '../../grader/sandbox/box.js';
import type { IsolationPlan } from '../../grader/sandbox/isolation.js';
import { DEFAULT_LIMITS } from '../../grader/sandbox/limits.js';

const info = { tier: 'full' as const, mechanisms: [], missing: [] };
const FULL: IsolationPlan = { info, netns: true, userns: false, bwrap: true, pidns: false, cgroups: ['/cg/pids'], dropCaps: false };
const PARTIAL: IsolationPlan = { ...FULL, bwrap: false, pidns: true };
const NONE: IsolationPlan = { ...FULL, netns: false, bwrap: false, pidns: false, dropCaps: true };

const spec = (over: Partial<BoxSpec> = {}): BoxSpec => ({
  python: '/opt/py/bin/python3',
  pythonPrefix: '/opt/py',
  script: 'sub/servidor.py',
  args: ['5000'],
  workDir: '/runs/r1/0/work',
  tmpDir: '/runs/r1/0/tmp/server-1',
  limits: DEFAULT_LIMITS,
  cgroupDirs: ['/cg/pids/sockgrade/r1/server-1', '/cg/unified/sockgrade/r1/server-1'],
  pidsLimited: true,
  ...over,
});

const argv = (plan: IsolationPlan, over?: Partial<BoxSpec>) => {
  const c = buildBoxCommand(plan, spec(over));
  return [c.file, ...c.args];
};

describe('joinThen', () => {
  it('joins every cgroup, shifts them off and execs the command', () => {
    expect(joinThen(['/a', '/b'], ['prog', 'x'], 'exec')).toEqual([
      '/bin/sh', '-c', 'echo $$ > "$1/cgroup.procs" && echo $$ > "$2/cgroup.procs" && shift 2 && exec "$@"', 'sh', '/a', '/b', 'prog', 'x',
    ]);
  });

  it('adds no shell at all when there is nothing to join and nothing to wait for', () => {
    expect(joinThen([], ['prog'], 'exec')).toEqual(['prog']);
  });

  it('stays as a waiting parent that reports the status, so the program never has the worker as parent', () => {
    expect(joinThen([], ['prog'], 'wait')).toEqual(['/bin/sh', '-c', '"$@"; exit $?', 'sh', 'prog']);
  });
});

describe('buildBoxCommand', () => {
  it('full tier: cgroups, then bwrap, then prlimit, then python with -s -B (not -I, which breaks imports of sibling files)', () => {
    const a = argv(FULL);
    expect(a.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    const bwrap = a.indexOf('bwrap');
    const prlimit = a.indexOf('prlimit');
    expect(bwrap).toBeGreaterThan(0);
    expect(prlimit).toBeGreaterThan(bwrap);
    expect(a.slice(a.indexOf('--', prlimit) + 1)).toEqual(['/opt/py/bin/python3', '-s', '-B', 'sub/servidor.py', '5000']);
    expect(a).not.toContain('-I');
  });

  it('partial tier: a pid namespace that dies with its parent and kills its children, with a shell as its init', () => {
    const a = argv(PARTIAL);
    const unshare = a.indexOf('unshare');
    expect(a.slice(unshare - 3, unshare)).toEqual(['setpriv', '--pdeathsig', 'KILL']);
    expect(a.slice(unshare, unshare + 8)).toEqual(['unshare', '-p', '-f', '--kill-child=SIGKILL', '/bin/sh', '-c', '"$@"; exit $?', 'sh']);
    expect(a[unshare + 8]).toBe('prlimit');
  });

  it('none tier: a waiting shell between the worker and python, each dying with its parent, no capabilities', () => {
    const a = argv(NONE, { cgroupDirs: [] });
    expect(a.slice(0, 8)).toEqual(['setpriv', '--pdeathsig', 'KILL', '/bin/sh', '-c', '"$@"; exit $?', 'sh', 'setpriv']);
    expect(a.slice(8, 15)).toEqual(['--pdeathsig', 'KILL', '--no-new-privs', '--bounding-set', '-all', '--inh-caps', '-all']);
    expect(a[15]).toBe('prlimit');
  });

  it('none tier: TMPDIR points at the box folder; bwrap needs no such hint', () => {
    expect(buildBoxCommand(NONE, spec()).env).toEqual({ TMPDIR: '/runs/r1/0/tmp/server-1' });
    expect(buildBoxCommand(FULL, spec()).env).toEqual({});
  });

  it('asks prlimit for RLIMIT_NPROC only when no pids cgroup bounds the box', () => {
    expect(argv(FULL).some((x) => x.startsWith('--nproc'))).toBe(false);
    expect(argv(FULL, { pidsLimited: false }).some((x) => x.startsWith('--nproc='))).toBe(true);
  });
});

describe('bwrapArgs', () => {
  const pairs = (args: string[], flag: string) => args.flatMap((a, i) => (a === flag ? [[args[i + 1], args[i + 2]]] : []));

  it('dies with its parent, has its own pid namespace and session, and drops capabilities', () => {
    expect(bwrapArgs(spec()).slice(0, 6)).toEqual(['--die-with-parent', '--unshare-pid', '--new-session', '--cap-drop', 'ALL', '--ro-bind']);
  });

  it('binds the work copy at /box and the bounded tmp folder at /tmp and /dev/shm', () => {
    const args = bwrapArgs(spec());
    expect(pairs(args, '--bind')).toEqual([
      ['/runs/r1/0/tmp/server-1', '/tmp'],
      ['/runs/r1/0/tmp/server-1', '/dev/shm'],
      ['/runs/r1/0/work', '/box'],
    ]);
    expect(pairs(args, '--ro-bind')).toContainEqual(['/opt/py', '/opt/py']);
  });

  it('without a bounded folder, makes sized tmpfs mounts instead', () => {
    const args = bwrapArgs(spec({ tmpDir: undefined }));
    const size = String(DEFAULT_LIMITS.diskMiB * 1024 * 1024);
    expect(args.join(' ')).toContain(`--size ${size} --tmpfs /tmp --size ${size} --tmpfs /dev/shm`);
  });

  it('ends by making / and /dev read-only (bwrap’s own tmpfs would otherwise take unbounded memory)', () => {
    expect(bwrapArgs(spec()).slice(-4)).toEqual(['--remount-ro', '/dev', '--remount-ro', '/']);
  });

  it('never shows the resolver configuration: the box has no network but loopback', () => {
    expect(bwrapArgs(spec())).not.toContain('/etc/resolv.conf');
  });
});
