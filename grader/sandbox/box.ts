// The command line that starts one student program inside its box, for each isolation tier.
import fs from 'node:fs';
import path from 'node:path';
import type { IsolationPlan } from './isolation.js';
import { isSymlink } from './isolation.js';
import { prlimitArgs, type Limits } from './limits.js';
import { BOOT_FILE, SYS_PATH_ENV } from './boot.js';

/** Where the box's work folder appears inside bwrap. */
export const BOX_MOUNT = '/box';

/** Where the grader's sitecustomize folder appears inside bwrap (bwrap's root is its own tmpfs). */
export const SITE_MOUNT = '/sockgrade-site';

/** Everything needed to build one launch's command. */
export interface BoxSpec {
  python: string;
  /** The interpreter's install prefix, bound read-only into the box. */
  pythonPrefix: string;
  /** Script path relative to the work folder. */
  script: string;
  args: string[];
  /** The writable private copy of the submission. */
  workDir: string;
  /** A private, size-limited folder for /tmp and /dev/shm; without it bwrap makes its own tmpfs. */
  tmpDir?: string;
  limits: Limits;
  /** Cgroup folders the launch joins before anything else runs. */
  cgroupDirs: string[];
  /** pids.max bounds the box, so RLIMIT_NPROC (per user, blind to root) is not needed. */
  pidsLimited: boolean;
  /** The folder of the grader's sitecustomize (see reuseaddr.ts), put on PYTHONPATH. */
  siteDir?: string;
  /** Python 3's sys.path beyond the script's folder: with a siteDir, the launch goes through the boot file under -S (boot.ts). */
  sitePath?: string[];
}

/** A ready-to-spawn command, the folder it starts in, and environment it adds. */
export interface BoxCommand {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

// Read-only system files Python may want (name resolution of "localhost", users, time zone).
// /etc/resolv.conf is left out on purpose: the box has no network beyond loopback.
const ETC_FILES = ['/etc/hosts', '/etc/nsswitch.conf', '/etc/host.conf', '/etc/passwd', '/etc/group', '/etc/localtime', '/etc/ld.so.cache'];

/** The parent-death signal: a box dies when the process that started it dies, even by SIGKILL. */
export const DEATHSIG = ['setpriv', '--pdeathsig', 'KILL'];

/** Empties the capability bounding set, so root inside a box without bwrap has no capabilities. */
export const CAP_DROP = ['--no-new-privs', '--bounding-set', '-all', '--inh-caps', '-all'];

/** Builds the wrapped command: cgroup join → bwrap / unshare / setpriv → prlimit → python. */
export function buildBoxCommand(plan: IsolationPlan, spec: BoxSpec): BoxCommand {
  const site = spec.siteDir && (plan.bwrap ? SITE_MOUNT : spec.siteDir);
  const booted = site && spec.sitePath;
  const python = booted ? ['-S', '-B', path.join(site, BOOT_FILE)] : ['-s', '-B'];
  const limited = ['prlimit', ...prlimitArgs(spec.limits, !spec.pidsLimited), '--', spec.python, ...python, spec.script, ...spec.args];
  const env: Record<string, string> = !plan.bwrap && spec.tmpDir ? { TMPDIR: spec.tmpDir } : {};
  if (site) env.PYTHONPATH = site;
  if (booted) env[SYS_PATH_ENV] = spec.sitePath!.join(':');
  const caps = plan.dropCaps ? ['setpriv', ...CAP_DROP] : [];
  let argv: string[];
  if (plan.bwrap) {
    argv = joinThen(spec.cgroupDirs, ['bwrap', ...bwrapArgs(spec), ...limited], 'exec');
  } else if (plan.pidns) {
    // A waiting shell is the namespace's init, as bwrap's is: python as init would ignore SIGXCPU
    // and its own parent's kill, and unshare cannot re-raise a SIGKILL (it exits 1 instead).
    const init = joinThen([], [...caps, ...limited], 'wait');
    argv = joinThen(spec.cgroupDirs, [...DEATHSIG, 'unshare', ...(plan.userns ? ['-Ur'] : []), '-p', '-f', '--kill-child=SIGKILL', ...init], 'exec');
  } else {
    // No pid namespace: python's parent must not be the worker, or os.kill(os.getppid(), 9) kills
    // the worker. A shell that waits stands in between; each layer dies with its parent.
    const inner = plan.dropCaps ? [...DEATHSIG, ...CAP_DROP, ...limited] : [...DEATHSIG, ...limited];
    argv = [...DEATHSIG, ...joinThen(spec.cgroupDirs, inner, 'wait')];
  }
  return { file: argv[0], args: argv.slice(1), cwd: spec.workDir, env };
}

/**
 * A shell that joins the cgroups and then runs the command: `exec` becomes it (no extra process),
 * `wait` stays as its parent and exits with its status (128+n when a signal killed it).
 */
export function joinThen(cgroupDirs: string[], command: string[], mode: 'exec' | 'wait'): string[] {
  if (cgroupDirs.length === 0 && mode === 'exec') return command;
  const joins = cgroupDirs.map((_, i) => `echo $$ > "$${i + 1}/cgroup.procs" && `).join('');
  const shift = cgroupDirs.length > 0 ? `shift ${cgroupDirs.length} && ` : '';
  const run = mode === 'exec' ? 'exec "$@"' : '"$@"; exit $?';
  return ['/bin/sh', '-c', `${joins}${shift}${run}`, 'sh', ...cgroupDirs, ...command];
}

/** bwrap's options: a read-only system, a private /tmp, the work copy at /box, nothing else writable. */
export function bwrapArgs(spec: BoxSpec): string[] {
  const args = ['--die-with-parent', '--unshare-pid', '--new-session', '--cap-drop', 'ALL'];
  args.push('--ro-bind', '/usr', '/usr');
  for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) {
    if (isSymlink(top)) args.push('--symlink', fs.readlinkSync(top), top);
    else if (fs.existsSync(top)) args.push('--ro-bind', top, top);
  }
  for (const file of ETC_FILES) args.push('--ro-bind-try', file, file);
  const prefix = path.resolve(spec.pythonPrefix);
  if (!prefix.startsWith('/usr/')) args.push('--ro-bind', prefix, prefix);
  args.push('--proc', '/proc', '--dev', '/dev');
  // /tmp and /dev/shm must be bounded: bwrap's own root and /dev are unbounded tmpfs in memory.
  const size = String(spec.limits.diskMiB * 1024 * 1024);
  if (spec.tmpDir) args.push('--bind', spec.tmpDir, '/tmp', '--bind', spec.tmpDir, '/dev/shm');
  else args.push('--size', size, '--tmpfs', '/tmp', '--size', size, '--tmpfs', '/dev/shm');
  args.push('--bind', spec.workDir, BOX_MOUNT, '--chdir', BOX_MOUNT, '--setenv', 'HOME', BOX_MOUNT);
  if (spec.siteDir) args.push('--ro-bind', spec.siteDir, SITE_MOUNT);
  // Last, once every mount point exists: the root and /dev become read-only.
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  return args;
}
