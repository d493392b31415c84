// Starting one student program in a fresh box: its cgroups, private /tmp, environment, command.
import fs from 'node:fs';
import path from 'node:path';
import { buildBoxCommand } from './box.js';
import { BoxCgroup } from './cgroup.js';
import type { IsolationPlan } from './isolation.js';
import { LaunchedProgram } from './launch.js';
import type { Limits } from './limits.js';
import type { PythonInfo } from './python.js';
import { REUSEADDR_ENV } from './reuseaddr.js';
import { eventsEnv } from './socket-events.js';
import { stacksEnv } from './stacks.js';

/** The environment variable every box carries: tests and sweeps find leftover processes by it. */
export const BOX_MARKER = 'SOCKGRADE_BOX';

/** Where a submission's boxes get their private /tmp. */
export interface BoxTmp {
  /** A folder holding one subfolder per box. */
  root: string;
  /** It lies on the worker's size- and inode-limited tmpfs (else bwrap makes a sized tmpfs). */
  bounded: boolean;
  /**
   * The folder of the grader's sitecustomize (reuseaddr.ts), put on PYTHONPATH at every tier: it
   * installs the stack dump, and SO_REUSEADDR where there is no network namespace.
   */
  site?: string;
}

/** One launch: the program, its argv, and the submission-wide settings. */
export interface StartSpec {
  runId: string;
  /** Unique within the run; names the cgroup, the /tmp folder and the marker. */
  boxId: string;
  python: PythonInfo;
  script: string;
  args: string[];
  workDir: string;
  tmp: BoxTmp;
  limits: Limits;
  outputCap: number;
  stdin: 'closed' | 'pipe';
  /** The port the program is told to use (also in $PORT). */
  port: number;
}

/** Launches the program in a new box; the box's resources go when the program is killed. */
export function startBox(plan: IsolationPlan, spec: StartSpec): LaunchedProgram {
  const cgroup = BoxCgroup.create(plan.cgroups, spec.runId, spec.boxId, spec.limits.processes);
  const tmpDir = path.join(spec.tmp.root, spec.boxId);
  fs.mkdirSync(tmpDir, { recursive: true });
  const command = buildBoxCommand(plan, {
    python: spec.python.path,
    pythonPrefix: spec.python.prefix,
    script: spec.script,
    args: spec.args,
    workDir: spec.workDir,
    // bwrap binds the folder as /tmp only where it is bounded; elsewhere it makes a sized tmpfs.
    tmpDir: plan.bwrap && !spec.tmp.bounded ? undefined : tmpDir,
    limits: spec.limits,
    cgroupDirs: cgroup?.dirs ?? [],
    pidsLimited: cgroup?.pidsLimited ?? false,
    siteDir: spec.tmp.site,
    sitePath: spec.python.sitePath,
  });
  return new LaunchedProgram(command, {
    env: { ...boxEnv(spec), ...siteEnv(plan, spec.tmp.site) },
    stdin: spec.stdin,
    outputCap: spec.outputCap,
    cgroup,
    cpuLimitSeconds: spec.limits.cpuSeconds,
    cleanup: () => fs.rmSync(tmpDir, { recursive: true, force: true }),
  });
}

/** What the sitecustomize reads: the stack and event pipes always, SO_REUSEADDR only without a network namespace. */
function siteEnv(plan: IsolationPlan, site: string | undefined): Record<string, string> {
  if (!site) return {};
  return { ...stacksEnv(), ...eventsEnv(), ...(plan.netns ? {} : { [REUSEADDR_ENV]: '1' }) };
}

/** The whole environment of a student program: nothing of the grader's leaks in. */
export function boxEnv(spec: Pick<StartSpec, 'runId' | 'boxId' | 'port'>): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOST: '127.0.0.1',
    PORT: String(spec.port),
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONDONTWRITEBYTECODE: '1',
    LANG: 'C.UTF-8',
    // glibc reserves 64 MiB of address space per thread arena; with RLIMIT_AS a chat
    // server with 20 client threads would fail "can't start new thread" (measured).
    MALLOC_ARENA_MAX: '2',
    // The marker lets tests (and the sweep) find every process of this run's boxes.
    [BOX_MARKER]: `${spec.runId}:${spec.boxId}`,
  };
}
