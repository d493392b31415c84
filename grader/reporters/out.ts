// Writes a report file under the output folder, creating folders as needed.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Writes `content` to `<outDir>/<relPath>` and returns the full path. */
export async function writeOut(outDir: string, relPath: string, content: string): Promise<string> {
  const file = path.join(outDir, relPath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content, 'utf8');
  return file;
}

/**
 * Writes `<outDir>/<relPath>` from pieces, one at a time, so a big document never exists as one
 * string (results.json of 400 submissions is tens of MB).
 */
export async function writeOutPieces(outDir: string, relPath: string, pieces: Iterable<string>): Promise<string> {
  const file = path.join(outDir, relPath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const fd = fsSync.openSync(file, 'w');
  try {
    for (const piece of pieces) fsSync.writeSync(fd, piece);
  } finally {
    fsSync.closeSync(fd);
  }
  return file;
}
