// The plan step of a run: intake (folder or zip, any layout), the file choice, then the shard.
import path from 'node:path';
import type { GradeConfig } from '../config.js';
import { EXERCISES } from '../exercises.js';
import { openIntake } from '../intake/open.js';
import { shardOf } from '../run/shard.js';
import { chooseSubmissionFiles } from './files.js';
import { makePlan } from './make-plan.js';
import type { RunPlan } from './types.js';

/** Reads the target (unpacking archives under `runDir`) and plans the whole class, then keeps the shard. */
export async function planRun(config: GradeConfig, runDir: string): Promise<RunPlan> {
  const intake = await openIntake(config.target, path.join(runDir, 'intake'), {
    layout: config.layout,
    holdsPrograms: (dir) => [...chooseSubmissionFiles(dir, EXERCISES).chosen.values()].some((m) => [...m.values()].some((f) => f.depth === 0)),
  });
  // A scratch copy vanishes with the run: the report names where the teacher's files are.
  for (const s of intake.submissions) if (s.dir.startsWith(runDir + path.sep)) s.shownPath = config.target;
  // The whole class decides the exercises, so every shard reports the same columns.
  const plan = makePlan({ ...intake, exerciseIds: config.exercises, limits: config.limits, limitsFromCli: config.limitsFromCli, settings: config.settings });
  if (config.shard) {
    plan.classSubmissions = plan.submissions;
    plan.submissions = shardOf(plan.submissions, config.shard.index, config.shard.total);
  }
  return plan;
}
