// Runs the real CLI on fixtures/hostile at the full and the none tier; asserts verdicts, limits,
// containment, and that a clean classmate in the same run is graded exactly as alone.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namespaceCommand } from '../../grader/run/pool.js';
import { detectIsolation } from '../../grader/sandbox/isolation.js';
import { grade, readResults, type Results } from './cli.js';
import {
  boxesOfRun, classFolder, CLEAN, escapePaths, eventually, expectedAt, hostileCases, outDir, probes, readEvents,
  removeEscapes, runIdOf, runTraces, stderrOf, tierOf, verdicts,
} from './corpus.js';

const cases = hostileCases();
const ids = cases.map((c) => c.id);
// Small limits keep the suite fast: a CPU hog is stopped after 2 s, a memory hog at 128 MiB.
const FLAGS = ['--cpu-limit', '2', '--memory-limit', '128', '--jobs', '8', '--reporter', 'json'];
const LIMIT_CODES = ['time-limit', 'memory-limit', 'output-limit'];

/** The verdict a result earns, named like the corpus folders. */
function verdictOf(exercise: { checks: Record<string, string>; diagnostics: string[] }): string {
  const limit = LIMIT_CODES.find((code) => exercise.diagnostics.includes(code));
  if (limit) return limit;
  const ran = Object.values(exercise.checks).filter((s) => s !== 'skip');
  return ran.every((s) => s === 'pass') ? 'accepted' : 'wrong-answer';
}

/** Proves, before anything dials 1.1.1.1, that a worker's namespace holds nothing but loopback. */
async function workerSeesOnlyLoopback(): Promise<{ interfaces: string[]; routes: string[] }> {
  const plan = await detectIsolation();
  if (plan.info.tier !== 'full') throw new Error(`this machine offers the ${plan.info.tier} tier, not full (see \`grade doctor\`): ${plan.info.missing.join('; ')}`);
  const script = "import json; print(json.dumps({'interfaces': [l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]], 'routes': open('/proc/net/route').readlines()[1:]}))";
  const [file, ...args] = namespaceCommand(plan, ['python3', '-c', script]);
  const run = await execa(file, args, { reject: false });
  return JSON.parse(run.stdout || '{}');
}

describe.each([
  { tier: 'full', args: [] as string[] },
  { tier: 'none', args: ['--isolation', 'none'] },
])('the hostile corpus at the $tier tier', ({ tier, args }) => {
  let klass: string;
  let out: string;
  let results: Results;
  let runId: string;
  let exitCode: number | undefined;
  let alone: Results;

  beforeAll(async () => {
    removeEscapes(ids);
    if (tier === 'full') {
      const seen = await workerSeesOnlyLoopback();
      // Without this guarantee the no-internet case must not run at all.
      if (seen.interfaces?.join() !== 'lo' || seen.routes?.length !== 0) throw new Error(`the worker namespace is not isolated: ${JSON.stringify(seen)}`);
    }
    klass = classFolder([...cases.map((c) => c.dir), CLEAN]);
    out = outDir();
    const run = await grade([klass, '--out', out, ...FLAGS, ...args]);
    exitCode = run.exitCode;
    results = readResults(out);
    runId = runIdOf(out);
    const aloneOut = outDir();
    await grade([CLEAN, '--out', aloneOut, ...FLAGS, ...args]);
    alone = readResults(aloneOut);
  });

  afterAll(() => {
    removeEscapes(ids);
    if (klass) fs.rmSync(klass, { recursive: true, force: true });
  });

  it('runs at that tier, exits 0 and reports no grader fault', () => {
    expect(tierOf(results)).toBe(tier);
    expect(exitCode).toBe(0);
    expect((results as unknown as { errors: unknown[] }).errors).toEqual([]);
    expect(results.submissions.map((s) => s.id).sort()).toEqual([...ids, 'argv-clean'].sort());
  });

  describe.each(cases)('$verdict/$id', (c) => {
    it('gets the expected checks and diagnostics', () => {
      const want = expectedAt(c, tier)['tcp-hello'];
      const [got] = verdicts(results, c.id);
      expect.soft(got?.checks).toEqual(want.checks);
      expect.soft(got?.diagnostics).toEqual([...new Set(want.diagnostics)].sort());
      if (!c.expected.tiers?.[tier]) expect(verdictOf(got!)).toBe(c.verdict);
    });
  });

  it('leaves no process, cgroup or scratch folder of the run behind', async () => {
    expect(await eventually(() => boxesOfRun(runId).length === 0, 3000), `pids ${boxesOfRun(runId)}`).toBe(true);
    expect(runTraces(runId)).toEqual([]);
  });

  it('grades the clean classmate in the crowd exactly as alone', () => {
    expect(verdicts(results, 'argv-clean')).toEqual(verdicts(alone, alone.submissions[0].id));
    expect(Object.values(verdicts(results, 'argv-clean')[0].checks).every((s) => s === 'pass')).toBe(true);
  });

  it('stops reading a 1 GiB writer at the cap instead of slowing the run', () => {
    const end = readEvents(out).find((e) => e.type === 'submission:end' && e.submissionId === 'stdout-gigabyte') as { durationMs: number } | undefined;
    expect(end?.durationMs).toBeLessThan(12_000);
  });

  it('keeps RLIMIT_FSIZE and the process limit at every tier', () => {
    expect(probes(stderrOf(out, 'disk-filler')).get('big-file')).toEqual(['errno=27']);
    const bomb = probes(stderrOf(out, 'fork-bomb')).get('fork-failed') ?? [];
    expect(bomb.length).toBeGreaterThan(0);
    expect(new Set(bomb)).toEqual(new Set(['errno=11']));
  });

  it.runIf(tier === 'full')('contains the disk, the inodes, the filesystem view and the network', () => {
    const disk = probes(stderrOf(out, 'disk-filler'));
    expect(Number(disk.get('disk-total-mib')?.[0])).toBeLessThanOrEqual(64);
    expect(disk.get('fill-stopped')).toContain('errno=28');
    const files = probes(stderrOf(out, 'many-files'));
    if (files.has('files-created')) expect(Number(files.get('files-created')![0])).toBeLessThanOrEqual(20_000);
    const seen = probes(stderrOf(out, 'read-others'));
    expect(seen.get('paths-seen')).toEqual(['']);
    expect(seen.get('other-expected')).toEqual(['']);
    // Only the interpreter's own folder may show under /root (when Python lives there).
    for (const entry of seen.get('root-entries')![0].split(',').filter(Boolean)) expect(entry).toBe('.pyenv');
    const net = probes(stderrOf(out, 'no-internet'));
    expect(net.get('internet')).toEqual(['unreachable errno=101']);
    expect(net.get('dns')).toEqual(['failed']);
  });

  it.runIf(tier === 'full')('lets no write escape the box', () => {
    for (const id of ids) for (const p of escapePaths(id)) expect(fs.existsSync(p), p).toBe(false);
  });

  it.runIf(tier === 'none')('never lets the internet probe run where the host network is visible', () => {
    expect(probes(stderrOf(out, 'no-internet')).get('internet')).toEqual(['skipped']);
  });

  it('writes nothing into the graded folders (programs run in a copy)', () => {
    for (const id of ids) {
      const stray = fs.readdirSync(path.join(klass, id)).filter((f) => f.startsWith('escape') || f.startsWith('enche') || f === 'muitos');
      expect(stray, id).toEqual([]);
    }
    expect(fs.readdirSync(klass).filter((f) => f.startsWith('escape'))).toEqual([]);
  });
});
