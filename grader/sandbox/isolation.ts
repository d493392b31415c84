// Detecting which isolation mechanisms this machine offers, and the tier they add up to.
import { execa } from 'execa';
import fs from 'node:fs';
import type { IsolationInfo } from '../events.js';
import { cgroupBase } from './cgroup.js';

/** The mechanisms a run uses, decided once and passed to every worker. */
export interface IsolationPlan {
  info: IsolationInfo;
  /** Each submission's worker runs in its own network namespace (and mount namespace). */
  netns: boolean;
  /** Needs a user namespace to get a network namespace (not root). */
  userns: boolean;
  /** Each launch runs in bwrap: pid namespace and a minimal filesystem view. */
  bwrap: boolean;
  /** Without bwrap, each launch gets a pid namespace from unshare. */
  pidns: boolean;
  /** Writable pids cgroup root for process counting and kill, when available. */
  cgroupRoot?: string;
}

async function works(file: string, args: string[]): Promise<{ ok: boolean; detail: string }> {
  const result = await execa(file, args, { reject: false, timeout: 5000, stdin: 'ignore' });
  const detail = result.exitCode === 0 ? 'works' : String(result.stderr || result.message || 'failed').split('\n')[0].slice(0, 200);
  return { ok: result.exitCode === 0, detail };
}

/** Probes namespaces, bwrap, cgroups and prlimit; `force` lowers the tier for tests and comparisons. */
export async function detectIsolation(force?: 'none' | 'partial'): Promise<IsolationPlan> {
  const isRoot = process.getuid?.() === 0;
  if (process.platform !== 'linux') return noneTier([{ name: 'linux', ok: false, detail: `platform is ${process.platform}` }]);
  const netArgs = [...(isRoot ? ['-n', '-m'] : ['-Urnm']), 'sh', '-c', 'ip link set lo up'];
  const [net, bwrap, pid, prlimit] = await Promise.all([
    works('unshare', netArgs),
    works('bwrap', ['--ro-bind', '/', '/', '--unshare-pid', '--die-with-parent', '--new-session', 'true']),
    works('unshare', isRoot ? ['-p', '-f', '--kill-child=SIGKILL', 'true'] : ['-Urpf', '--kill-child=SIGKILL', 'true']),
    works('prlimit', ['--cpu=5', 'true']),
  ]);
  const cgroupRoot = cgroupBase();
  const mechanisms = [
    { name: 'network namespace (unshare)', ...net },
    { name: 'bubblewrap (pid namespace, filesystem view)', ...bwrap },
    { name: 'pid namespace (unshare)', ...pid },
    { name: 'pids cgroup', ok: cgroupRoot !== undefined, detail: cgroupRoot ?? 'no writable pids cgroup' },
    { name: 'prlimit', ...prlimit },
  ];
  if (force === 'none' || !net.ok) return noneTier(mechanisms, force === 'none' ? 'forced by --isolation none' : undefined);
  const useBwrap = bwrap.ok && force !== 'partial';
  const missing = mechanisms.filter((m) => !m.ok && !(useBwrap && m.name.startsWith('pid namespace'))).map((m) => m.name);
  if (force === 'partial' && bwrap.ok) missing.push('bubblewrap (disabled by --isolation partial)');
  const tier = useBwrap && missing.length === 0 ? 'full' : 'partial';
  return {
    info: { tier, mechanisms, missing },
    netns: true,
    userns: !isRoot,
    bwrap: useBwrap,
    pidns: !useBwrap && pid.ok,
    cgroupRoot,
  };
}

function noneTier(mechanisms: IsolationInfo['mechanisms'], reason?: string): IsolationPlan {
  const missing = reason ? [reason] : mechanisms.filter((m) => !m.ok).map((m) => m.name);
  const cgroupRoot = process.platform === 'linux' ? cgroupBase() : undefined;
  return { info: { tier: 'none', mechanisms, missing }, netns: false, userns: false, bwrap: false, pidns: false, cgroupRoot };
}

/** Whether a path is a symlink (merged-/usr systems link /bin, /lib to /usr). */
export function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
