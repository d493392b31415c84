// Isolation as a whole: parallel grading equals serial grading, interrupts and a SIGKILLed grader
// leave no student process, and the next run removes what a crashed run left.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, grade, readResults } from './cli.js';
import { boxesOfRun, classFolder, CLEAN, eventually, expectedAt, hostileCases, outDir, readEvents, runIdOf, runTraces, verdicts } from './corpus.js';

const FLAGS = ['--cpu-limit', '2', '--reporter', 'json'];
const TIERS = [
  { tier: 'full', args: [] as string[] },
  { tier: 'none', args: ['--isolation', 'none'] },
];
const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe.each(TIERS)('fixed ports at the $tier tier', ({ tier, args }) => {
  const fixed = hostileCases().filter((c) => c.id.startsWith('bind-5000-'));
  const handout = path.join(FIXTURES, 'handout-py3-fixed-port');

  it('--jobs 8 gives exactly the verdicts of --jobs 1, and the expected ones', async () => {
    const klass = classFolder([handout, ...fixed.map((c) => c.dir)]);
    made.push(klass);
    const [parallel, serial] = [outDir(), outDir()];
    await grade([klass, '--out', parallel, '--jobs', '8', ...FLAGS, ...args]);
    await grade([klass, '--out', serial, '--jobs', '1', ...FLAGS, ...args]);
    const [p, s] = [readResults(parallel), readResults(serial)];
    for (const id of ['handout-py3-fixed-port', ...fixed.map((c) => c.id)]) expect.soft(verdicts(p, id), id).toEqual(verdicts(s, id));
    for (const c of fixed) {
      const want = expectedAt(c, tier)['tcp-hello'];
      expect.soft(verdicts(p, c.id)[0]?.checks, c.id).toEqual(want.checks);
    }
    const handoutWant = JSON.parse(fs.readFileSync(path.join(handout, 'expected.json'), 'utf8')).exercises['tcp-hello'];
    expect(verdicts(p, 'handout-py3-fixed-port')[0]?.checks).toEqual(handoutWant.checks);
  });
});

/** A server that leaves a setsid grandchild (`sleep 600`) and never listens: it is mid-check for 5 s. */
const STUCK_SERVER = `import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp('sleep', ['sleep', '600'])
    os._exit(0)
time.sleep(600)
`;

/** Whether one of the run's box processes is the escaped `sleep 600`. */
function escapeeRuns(runId: string): boolean {
  return boxesOfRun(runId).some((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1') === 'sleep\x00600\x00';
    } catch {
      return false;
    }
  });
}

/** A class graded in order: a clean submission that finishes, then one that is stuck. */
function crashClass(): string {
  const klass = classFolder([]);
  made.push(klass);
  fs.cpSync(CLEAN, path.join(klass, 'a-clean'), { recursive: true });
  fs.mkdirSync(path.join(klass, 'b-stuck'));
  fs.writeFileSync(path.join(klass, 'b-stuck', 'servidor.py'), STUCK_SERVER);
  return klass;
}

/** Starts grading and resolves once the stuck submission's box (with its grandchild) runs. */
async function gradeUntilStuck(klass: string, args: string[]) {
  const out = outDir();
  const run = grade([klass, '--out', out, '--jobs', '1', ...FLAGS, ...args]);
  run.catch(() => {});
  const started = await eventually(() => {
    const runId = runIdOf(out);
    const begun = readEvents(out).some((e) => e.type === 'submission:begin' && e.submissionId === 'b-stuck');
    return begun && runId !== '' && boxesOfRun(runId).length >= 3 && escapeeRuns(runId);
  }, 30_000);
  if (!started) throw new Error(`the stuck submission never started: ${JSON.stringify(readEvents(out))}`);
  return { out, run, runId: runIdOf(out) };
}

describe.each(TIERS)('interrupting a run at the $tier tier', ({ args }) => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s kills every box, keeps what finished and marks the run interrupted', async (signal) => {
    const { out, run, runId } = await gradeUntilStuck(crashClass(), args);
    process.kill(run.pid!, signal);
    const ended = await run;
    expect(ended.exitCode).toBe(130);
    expect(await eventually(() => boxesOfRun(runId).length === 0, 2000), `left: ${boxesOfRun(runId)}`).toBe(true);
    expect(runTraces(runId)).toEqual([]);
    const results = readResults(out) as unknown as { interrupted: boolean; submissions: { id: string; score: number | null }[] };
    expect(results.interrupted).toBe(true);
    expect(results.submissions.find((s) => s.id === 'a-clean')?.score).toBe(100);
    const events = readEvents(out);
    expect(events[events.length - 1]).toMatchObject({ type: 'run:end', interrupted: true });
  });
});

/** Session id of a live process (field 6 of /proc/<pid>/stat); undefined once gone or a zombie. */
function sessionOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : Number(fields[3]);
  } catch {
    return undefined;
  }
}

/** A process's pid, state and command line, for failure messages. */
function describeProcess(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return `${pid} ${stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').slice(0, 80)}`;
  } catch {
    return `${pid} gone`;
  }
}

describe('a SIGKILLed grader', () => {
  it('takes its boxes along at the full tier; the next run removes its folders and cgroups', async () => {
    const { run, runId } = await gradeUntilStuck(crashClass(), []);
    process.kill(run.pid!, 'SIGKILL');
    await run;
    // Short: the deaths cascade in milliseconds, and a later sweep by another run must not pass for them.
    expect(await eventually(() => boxesOfRun(runId).length === 0, 1500), `left: ${boxesOfRun(runId).map(describeProcess)}`).toBe(true);
    expect(runTraces(runId).length).toBeGreaterThan(0);
    await grade([CLEAN, '--out', outDir(), ...FLAGS]);
    expect(runTraces(runId)).toEqual([]);
  });

  it('at the none tier leaves only setsid escapees, which the next run kills', async () => {
    const { run, runId } = await gradeUntilStuck(crashClass(), ['--isolation', 'none']);
    // The box's own processes share the session its outermost process leads; escapees left it.
    const before = boxesOfRun(runId);
    const leader = before.find((pid) => sessionOf(pid) === pid);
    const own = before.filter((pid) => sessionOf(pid) === leader);
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(own.length).toBeLessThan(before.length);
    process.kill(run.pid!, 'SIGKILL');
    await run;
    // Parent-death signals take the shell and the program; only the escaped grandchild may survive.
    expect(await eventually(() => own.every((pid) => sessionOf(pid) === undefined), 1500), `left: ${own.filter((p) => sessionOf(p)).map(describeProcess)}`).toBe(true);
    await grade([CLEAN, '--out', outDir(), ...FLAGS, '--isolation', 'none']);
    expect(await eventually(() => boxesOfRun(runId).length === 0, 2000)).toBe(true);
    expect(runTraces(runId)).toEqual([]);
  });
});

/** The pid of a process that has already exited (so a run id made from it is dead). */
async function deadPid(): Promise<number> {
  const child = execa('true');
  await child;
  return child.pid!;
}

describe('the stale-run sweep', () => {
  it('removes a dead run’s processes, cgroups and folders, and leaves a live run alone', async () => {
    const dead = `r${await deadPid()}-${Date.now().toString(36)}`;
    const live = `r${process.pid}-${Date.now().toString(36)}`;
    const runs = path.join(os.tmpdir(), 'sockgrade-runs');
    for (const id of [dead, live]) fs.mkdirSync(path.join(runs, id, '0', 'work'), { recursive: true });
    const cgroup = '/sys/fs/cgroup/pids/sockgrade';
    const canCgroup = fs.existsSync(cgroup);
    if (canCgroup) for (const id of [dead, live]) fs.mkdirSync(path.join(cgroup, id, 'box'), { recursive: true });
    // A leftover student process of the dead run, outside any process group we know.
    const sleeper = execa('sleep', ['600'], { env: { SOCKGRADE_BOX: `${dead}:box` }, detached: true, reject: false });
    if (canCgroup) fs.writeFileSync(path.join(cgroup, dead, 'box', 'cgroup.procs'), String(sleeper.pid));
    expect(boxesOfRun(dead)).toEqual([sleeper.pid]);

    await grade([CLEAN, '--out', outDir(), ...FLAGS]);

    expect(await eventually(() => boxesOfRun(dead).length === 0, 2000)).toBe(true);
    expect(runTraces(dead)).toEqual([]);
    expect(fs.existsSync(path.join(runs, live))).toBe(true);
    if (canCgroup) expect(fs.existsSync(path.join(cgroup, live))).toBe(true);
    for (const dir of [path.join(runs, live), path.join(cgroup, live, 'box'), path.join(cgroup, live)]) fs.rmSync(dir, { recursive: true, force: true });
    sleeper.kill('SIGKILL');
  });
});
