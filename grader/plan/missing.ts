// What the report of a missing exercise says of its programs: none found, and the names looked for.
import { msg } from '../check/failure.js';
import type { ProgramReport } from '../events.js';
import { MAX_DEPTH } from '../intake/match.js';
import type { PlannedExercise } from './types.js';

/** One program report per role of a missing exercise: no file, and why (the accepted names). */
export function missingPrograms(planned: PlannedExercise): ProgramReport[] {
  return (planned.looked ?? []).map((l) => ({
    role: l.role,
    why: msg('plan.looked-for', { files: l.files.join(', '), depth: MAX_DEPTH }),
    launches: 0,
    stdoutTail: '',
    stderrTail: '',
  }));
}
