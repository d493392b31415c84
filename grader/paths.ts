// Where the project's own assets live, whether running from dist/ or from source.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

/** The project root: the folder holding package.json. */
export const projectRoot: string = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${start}`);
    dir = up;
  }
  return dir;
}

/** Folder of an exercise's data (statement, solution, locales) in the source tree. */
export function exerciseDir(id: string): string {
  return path.join(projectRoot, 'exercises', id);
}

/** Folder of report templates and locale files. */
export const reportsDir: string = path.join(projectRoot, 'reports');

/** The tool's name and version from package.json. */
export function toolInfo(): { name: string; version: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  return { name: pkg.name, version: pkg.version };
}
