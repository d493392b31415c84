// Reading a submission folder: its Python files up to the matching depth, safely.
import fs from 'node:fs';
import path from 'node:path';
import { MAX_DEPTH } from './match.js';

// Folders that are never a student's work and can be huge.
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', '__MACOSX']);

/** Lists `.py` files (relative, forward slashes) up to MAX_DEPTH folders deep; never follows links. */
export function listPythonFiles(root: string): string[] {
  const found: string[] = [];
  walk(root, '', 0, found);
  return found.sort();
}

function walk(root: string, rel: string, depth: number, found: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isFile() && entry.name.toLowerCase().endsWith('.py')) found.push(childRel);
    else if (entry.isDirectory() && depth < MAX_DEPTH && !SKIPPED_DIRS.has(entry.name)) walk(root, childRel, depth + 1, found);
  }
}

/** The first `cap` bytes of a file as UTF-8 ('' when unreadable): enough for port literals and the report. */
export function readHead(file: string, cap = 256 * 1024): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(cap);
      return buf.subarray(0, fs.readSync(fd, buf, 0, cap, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}
