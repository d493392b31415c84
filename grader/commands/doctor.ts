// `grade doctor`: the isolation tier and each mechanism's status on this machine.
import type { Command } from 'commander';
import { detectIsolation } from '../sandbox/isolation.js';
import { resolvePython } from '../sandbox/python.js';

/** Adds the `doctor` command. */
export function addDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('show the isolation tier and which mechanisms work here')
    .option('--python <cmd>', 'the Python 3 interpreter to check', 'python3')
    .action(async (opts: { python: string }) => {
      const plan = await detectIsolation();
      const out = (line: string) => process.stdout.write(`${line}\n`);
      out(`isolation tier: ${plan.info.tier}`);
      for (const m of plan.info.mechanisms) out(`  ${m.ok ? 'ok  ' : 'MISSING'}  ${m.name}: ${m.detail}`);
      if (plan.info.tier !== 'full') {
        out('');
        out(`missing: ${plan.info.missing.join('; ')}`);
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

/** What is lost below the full tier, and how to get it back. */
export function tierAdvice(tier: string): string {
  if (tier === 'partial') return 'Without bubblewrap, student programs can read other submissions and the grader cannot hide the filesystem. Install it: apt-get install bubblewrap.';
  return 'Without namespaces, submissions share one network (fixed ports are serialised by locks), forked grandchildren can outlive a program, and files outside the submission are readable. For full isolation install bubblewrap, allow user namespaces (sysctl kernel.unprivileged_userns_clone=1), or run in a Linux container.';
}
