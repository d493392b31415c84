// `grade doctor`: the isolation tier and each mechanism's status on this machine.
import type { Command } from 'commander';
import { detectIsolation, LOSS, tierAdvice } from '../sandbox/isolation.js';
import { resolvePython } from '../sandbox/python.js';

/** Adds the `doctor` command. */
export function addDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('show the isolation tier and which mechanisms work here')
    .option('--python <cmd>', 'the Python 3 interpreter to check', 'python3')
    .option('--isolation <tier>', 'show what a forced tier (partial or none) would use', 'auto')
    .action(async (opts: { python: string; isolation: string }) => {
      const force = opts.isolation === 'none' || opts.isolation === 'partial' ? opts.isolation : undefined;
      const plan = await detectIsolation(force);
      const out = (line: string) => process.stdout.write(`${line}\n`);
      out(`isolation tier: ${plan.info.tier}`);
      for (const m of plan.info.mechanisms) {
        out(`  ${m.ok ? 'ok     ' : 'MISSING'}  ${m.name}: ${m.detail}`);
        if (!m.ok && LOSS[m.name]) out(`           without it: ${LOSS[m.name]}`);
      }
      out(`in use: ${inUse(plan).join(', ')}`);
      if (plan.info.tier !== 'full') {
        out('');
        out('lost at this tier:');
        for (const m of plan.info.missing) out(`  - ${m}`);
        out(tierAdvice(plan.info.tier));
      }
      try {
        const python = await resolvePython(opts.python);
        out(`python: ${python.path} (${python.version})`);
      } catch (error) {
        out(`python: ${(error as Error).message}`);
        process.exitCode = 2;
      }
    });
}

/** The mechanisms a grading run would really use with this plan. */
function inUse(plan: Awaited<ReturnType<typeof detectIsolation>>): string[] {
  const used = ['process groups', 'prlimit', 'setpriv --pdeathsig'];
  if (plan.netns) used.push('a network + mount namespace and a size-limited tmpfs per submission');
  else used.push('per-port locks');
  if (plan.bwrap) used.push('bubblewrap per launch');
  else if (plan.pidns) used.push('a pid namespace per launch');
  if (plan.cgroups.length > 0) used.push(`cgroups under ${plan.cgroups.join(' and ')}`);
  if (plan.dropCaps) used.push('no capabilities');
  return used;
}
