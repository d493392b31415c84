// Which file of a submission is which program, for every exercise at once, decided in the main process.
import path from 'node:path';
import type { ExerciseDef } from '../check/api.js';
import type { Msg } from '../events.js';
import { chooseFiles } from '../intake/choose.js';
import { pinnedFile } from './class-plan.js';
import { listPythonFiles, readHead } from '../intake/scan.js';
import type { MatchedFile } from '../intake/types.js';

/** The choice of files of one submission folder. */
export interface SubmissionFiles {
  /** Exercise id → role → file. */
  chosen: Map<string, Map<string, MatchedFile>>;
  notes: Msg[];
  /** Module names of every Python file (for telling a local import from a missing package). */
  localModules: string[];
  /** The sources read, by relative path (capped), so nothing is read twice. */
  sources: Map<string, string>;
}

/** Lists the folder's Python files once, reads each once, and chooses the programs of `exercises`. */
export function chooseSubmissionFiles(dir: string, exercises: ExerciseDef[], patterns: Record<string, Record<string, string[]>> = {}): SubmissionFiles {
  const files = listPythonFiles(dir);
  const sources = new Map(files.map((rel) => [rel, readHead(path.join(dir, rel))]));
  const { chosen, notes } = chooseFiles(
    files.map((relPath) => ({ relPath, text: sources.get(relPath) ?? '' })),
    exercises.map((def) => ({ id: def.id, programs: def.programs })),
  );
  // A file the class file pins by its path wins over any name or content.
  for (const def of exercises) {
    for (const program of def.programs) {
      const pinned = pinnedFile(files, patterns[def.id]?.[program.role] ?? [], program.role, notes);
      if (!pinned) continue;
      const roles = chosen.get(def.id) ?? new Map<string, MatchedFile>();
      roles.set(program.role, pinned);
      chosen.set(def.id, roles);
    }
  }
  const localModules = [...new Set(files.map((f) => path.posix.basename(f).replace(/\.py$/i, '')))];
  return { chosen, notes, localModules, sources };
}
