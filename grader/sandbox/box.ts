// The command line that starts one student program inside its box, for each isolation tier.
import fs from 'node:fs';
import path from 'node:path';
import type { IsolationPlan } from './isolation.js';
import { isSymlink } from './isolation.js';
import { prlimitArgs, type Limits } from './limits.js';

/** Where the box's work folder appears inside bwrap. */
export const BOX_MOUNT = '/box';

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
  limits: Limits;
  /** A pids cgroup the launch joins before anything else runs. */
  cgroupDir?: string;
}

/** A ready-to-spawn command and the folder it starts in. */
export interface BoxCommand {
  file: string;
  args: string[];
  cwd: string;
}

// Read-only system files Python may want (name resolution of "localhost", users, time zone).
const ETC_FILES = ['/etc/hosts', '/etc/nsswitch.conf', '/etc/host.conf', '/etc/passwd', '/etc/group', '/etc/localtime', '/etc/ld.so.cache'];

/** Builds the wrapped command: cgroup join → bwrap / unshare / setpriv → prlimit → python. */
export function buildBoxCommand(plan: IsolationPlan, spec: BoxSpec): BoxCommand {
  const python = ['-s', '-B', spec.script, ...spec.args];
  const limited = ['prlimit', ...prlimitArgs(spec.limits, !spec.cgroupDir), '--', spec.python, ...python];
  let argv: string[];
  const cwd = spec.workDir;
  if (plan.bwrap) {
    argv = ['bwrap', ...bwrapArgs(spec), ...limited];
  } else if (plan.pidns) {
    argv = ['unshare', ...(plan.userns ? ['-Ur'] : []), '-p', '-f', '--kill-child=SIGKILL', ...limited];
  } else {
    argv = ['setpriv', '--pdeathsig', 'KILL', ...limited];
  }
  if (spec.cgroupDir) {
    // The shell joins the cgroup and then becomes the box, so no process starts outside it.
    argv = ['/bin/sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', spec.cgroupDir, ...argv];
  }
  return { file: argv[0], args: argv.slice(1), cwd };
}

function bwrapArgs(spec: BoxSpec): string[] {
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
  args.push('--size', String(spec.limits.diskMiB * 1024 * 1024), '--tmpfs', '/tmp');
  args.push('--bind', spec.workDir, BOX_MOUNT, '--chdir', BOX_MOUNT, '--setenv', 'HOME', BOX_MOUNT);
  return args;
}
