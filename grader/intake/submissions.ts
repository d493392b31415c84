// Deciding what a path is: a class folder of submissions, or one submission (CI mode).
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { listPythonFiles } from './scan.js';
import { matchPrograms } from './match.js';
import type { ProgramFiles } from './types.js';

/** One student's folder. */
export interface Submission {
  id: string;
  path: string;
}

/** Finds the submissions under `target`: itself when it holds exercise files directly, else its subfolders. */
export function findSubmissions(target: string, allPrograms: ProgramFiles[]): Submission[] {
  const abs = path.resolve(target);
  if (!fs.existsSync(abs)) throw new UsageError(`The path ${target} does not exist.`, 'path-missing');
  if (!fs.statSync(abs).isDirectory()) throw new UsageError(`${target} is not a folder; give a folder of submissions or one submission.`, 'not-a-folder');
  if (holdsExerciseFilesDirectly(abs, allPrograms)) return [{ id: path.basename(abs), path: abs }];
  const subs = fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => ({ id: e.name, path: path.join(abs, e.name) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  if (subs.length === 0) throw new UsageError(`${target} holds no submissions: no exercise files and no subfolders.`, 'empty');
  return subs;
}

// A student's repository keeps at least one exercise file at its top level; a class folder
// keeps them only inside the students' subfolders.
function holdsExerciseFilesDirectly(abs: string, allPrograms: ProgramFiles[]): boolean {
  const files = listPythonFiles(abs);
  const matched = [...matchPrograms(files, allPrograms).values()];
  return matched.some((m) => m.depth === 0);
}
