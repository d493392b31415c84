// Detecting which isolation mechanisms this machine offers, and the tier they add up to.
import fs from 'node:fs';
import type { IsolationInfo } from '../events.js';
import { cgroupBases, cgroupFeatures } from './cgroup.js';
import { runCommand } from './run-command.js';

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
  /** Cgroup folders boxes are made under (one per hierarchy); empty when none is writable. */
  cgroups: string[];
  /** Without bwrap, setpriv can still empty the capability bounding set (the grader runs as root). */
  dropCaps: boolean;
}

type Mechanism = IsolationInfo['mechanisms'][number];

/** Mechanism names, as shown by `grade doctor` and in reports. */
export const MECHANISM = {
  netns: 'network namespace (unshare)',
  bwrap: 'bubblewrap (pid namespace, filesystem view)',
  pidns: 'pid namespace (unshare)',
  pids: 'pids cgroup',
  kill: 'cgroup.kill',
  prlimit: 'prlimit',
  pdeathsig: 'setpriv --pdeathsig',
} as const;

/** What each mechanism's absence costs, in one phrase. */
export const LOSS: Record<string, string> = {
  [MECHANISM.netns]: 'submissions share the host network: every submission may use port 5000, so they are graded one at a time under machine-wide port locks; TIME_WAIT is side-stepped only for sockets bound through Python (a sitecustomize sets SO_REUSEADDR); programs can reach the internet and other services on the machine; without the mount namespace the work copy has no size or inode limit (only the per-file limit)',
  [MECHANISM.bwrap]: 'programs can read and write the whole filesystem as far as file permissions allow (other submissions, the home folder, /tmp)',
  [MECHANISM.pidns]: 'double-forked or setsid grandchildren can outlive a program unless a cgroup catches them',
  [MECHANISM.pids]: 'the process count is not bounded (RLIMIT_NPROC does not bind root) and escaped grandchildren are not found',
  [MECHANISM.kill]: 'escapees are killed pid by pid (racy against a fork loop) and CPU spent by a killed box is not measured',
  [MECHANISM.prlimit]: 'no CPU, memory, file size or open-file limits',
  [MECHANISM.pdeathsig]: 'student programs may survive a grader that is SIGKILLed',
};

async function works(file: string, args: string[]): Promise<{ ok: boolean; detail: string }> {
  const result = await runCommand(file, args, 5000);
  const detail = result.exitCode === 0 ? 'works' : (result.stderr.trim() || result.failure || `${file} exited with status ${result.exitCode}`).split('\n')[0]!.slice(0, 200);
  return { ok: result.exitCode === 0, detail };
}

/** Probes namespaces, bwrap, cgroups and prlimit; `force` lowers the tier for tests and comparisons. */
export async function detectIsolation(force?: 'none' | 'partial'): Promise<IsolationPlan> {
  const isRoot = process.getuid?.() === 0;
  if (process.platform !== 'linux') return lowerTier('none', [{ name: 'linux', ok: false, detail: `platform is ${process.platform}` }], [], false);
  const netArgs = [...(isRoot ? ['-n', '-m'] : ['-Urnm']), 'sh', '-c', 'ip link set lo up'];
  const [net, bwrap, pid, prlimit, deathsig, caps] = await Promise.all([
    works('unshare', netArgs),
    works('bwrap', ['--ro-bind', '/', '/', '--unshare-pid', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', 'true']),
    works('unshare', isRoot ? ['-p', '-f', '--kill-child=SIGKILL', 'true'] : ['-Urpf', '--kill-child=SIGKILL', 'true']),
    works('prlimit', ['--cpu=5', 'true']),
    works('setpriv', ['--pdeathsig', 'KILL', 'true']),
    works('setpriv', ['--bounding-set', '-all', '--inh-caps', '-all', 'true']),
  ]);
  const cgroups = cgroupBases();
  const { pidsMax, atomicKill } = cgroupFeatures(cgroups);
  const mechanisms: Mechanism[] = [
    { name: MECHANISM.netns, ...net },
    { name: MECHANISM.bwrap, ...bwrap },
    { name: MECHANISM.pidns, ...pid },
    { name: MECHANISM.pids, ok: pidsMax, detail: pidsMax ? cgroups.join(', ') : 'no writable pids cgroup' },
    { name: MECHANISM.kill, ok: atomicKill, detail: atomicKill ? 'cgroup v2' : 'no writable cgroup v2 with cgroup.kill (Linux 5.14+)' },
    { name: MECHANISM.prlimit, ...prlimit },
    { name: MECHANISM.pdeathsig, ...deathsig },
  ];
  if (force === 'none' || !net.ok) return lowerTier('none', mechanisms, cgroups, caps.ok, force === 'none');
  const useBwrap = bwrap.ok && force !== 'partial';
  // bwrap brings its own pid namespace (which also kills every escapee), so with bwrap neither
  // unshare's pid namespace nor cgroup.kill is needed for the full tier.
  const optional: string[] = useBwrap ? [MECHANISM.pidns, MECHANISM.kill] : [];
  const missing = mechanisms.filter((m) => !m.ok && !optional.includes(m.name)).map(describeLoss);
  if (force === 'partial' && bwrap.ok) missing.push(`${MECHANISM.bwrap} disabled by --isolation partial: ${LOSS[MECHANISM.bwrap]}`);
  return {
    info: { tier: useBwrap && missing.length === 0 ? 'full' : 'partial', mechanisms, missing },
    netns: true,
    userns: !isRoot,
    bwrap: useBwrap,
    pidns: !useBwrap && pid.ok,
    cgroups,
    dropCaps: !useBwrap && caps.ok,
  };
}

function lowerTier(tier: 'none', mechanisms: Mechanism[], cgroups: string[], dropCaps: boolean, forced = false): IsolationPlan {
  // The none tier never uses namespaces, even where they work, so list what that costs.
  const unused = [MECHANISM.netns, MECHANISM.bwrap, MECHANISM.pidns] as string[];
  const missing = mechanisms.filter((m) => !m.ok || unused.includes(m.name)).map(describeLoss);
  if (forced) missing.unshift('namespaces disabled by --isolation none');
  return { info: { tier, mechanisms, missing }, netns: false, userns: false, bwrap: false, pidns: false, cgroups, dropCaps };
}

function describeLoss(m: Mechanism): string {
  return LOSS[m.name] ? `${m.name}: ${LOSS[m.name]}` : m.name;
}

/** What is lost below the full tier, and how to get it back. */
export function tierAdvice(tier: string): string {
  if (tier === 'full') return '';
  const how = 'For full isolation run as root or allow user namespaces (sysctl kernel.unprivileged_userns_clone=1), install bubblewrap (apt-get install bubblewrap), and give sockgrade a writable cgroup (root, or a delegated systemd scope); `grade doctor` shows what works.';
  if (tier === 'partial') return `Partial isolation: each submission still has its own network, but some mechanisms are missing (listed above). ${how}`;
  return `No isolation: submissions share the network and are graded one at a time (port locks), programs can read and write files outside their copy and reach the internet, and a setsid grandchild survives a SIGKILLed grader until the next run's sweep. Do not grade untrusted code this way. ${how}`;
}

/** Whether a path is a symlink (merged-/usr systems link /bin, /lib to /usr). */
export function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
