// Writes a report file under the output folder, creating folders as needed.
import fs from 'node:fs/promises';
import path from 'node:path';

/** Writes `content` to `<outDir>/<relPath>` and returns the full path. */
export async function writeOut(outDir: string, relPath: string, content: string): Promise<string> {
  const file = path.join(outDir, relPath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content, 'utf8');
  return file;
}
