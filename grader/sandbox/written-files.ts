// Files a program wrote during a check (a log, a saved chat, a received file), with a text tail.
import fs from 'node:fs';
import path from 'node:path';

/** One file modified since the check began. */
export interface WrittenFile {
  /** Relative to the folder walked, with `/` separators. */
  path: string;
  size: number;
  /** The last ~300 characters when the file looks like text. */
  tail?: string;
}

const MAX_DEPTH = 3;
const MAX_ENTRIES = 200;
const TAIL_CHARS = 300;
const SNIFF_BYTES = 4096;

/** Size and modification time of each file of a folder, before a program ran. */
export type FolderSnapshot = Map<string, { size: number; mtimeMs: number }>;

/** The files of a folder as they are now (the same walk and bounds as filesWrittenSince). */
export function snapshotFolder(dir: string): FolderSnapshot {
  const snapshot: FolderSnapshot = new Map();
  walkFiles(dir, (rel, _abs, stat) => void snapshot.set(rel, { size: stat.size, mtimeMs: stat.mtimeMs }));
  return snapshot;
}

/**
 * Files under `dir` whose mtime is at or after `sinceMs` and that differ from `before` (new, or
 * changed in size or time): a fresh copy of the submission's own files is not "written" by it.
 */
export function filesWrittenSince(dir: string, sinceMs: number, before?: FolderSnapshot): WrittenFile[] {
  const found: WrittenFile[] = [];
  walkFiles(dir, (rel, abs, stat) => {
    const then = before?.get(rel);
    if (stat.mtimeMs < sinceMs || (then && then.size === stat.size && then.mtimeMs === stat.mtimeMs)) return;
    const tail = textTail(abs, stat.size);
    found.push({ path: rel, size: stat.size, ...(tail !== undefined ? { tail } : {}) });
  });
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

// At most 3 folders deep and 200 entries looked at, so a program that made a million files costs
// nothing; bytecode and symlinks skipped.
function walkFiles(dir: string, visit: (rel: string, abs: string, stat: fs.Stats) => void): void {
  const queue: { abs: string; rel: string; depth: number }[] = [{ abs: dir, rel: '', depth: 0 }];
  let looked = 0;
  while (queue.length > 0 && looked < MAX_ENTRIES) {
    const folder = queue.shift()!;
    let names: string[];
    try {
      names = fs.readdirSync(folder.abs).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (looked++ >= MAX_ENTRIES) break;
      if (name === '__pycache__' || name.endsWith('.pyc')) continue;
      const abs = path.join(folder.abs, name);
      const rel = folder.rel ? `${folder.rel}/${name}` : name;
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(abs);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        if (folder.depth < MAX_DEPTH) queue.push({ abs, rel, depth: folder.depth + 1 });
      } else if (stat.isFile()) visit(rel, abs, stat);
    }
  }
}

/** The end of a file as text, or undefined when its last 4 KiB hold a NUL or are mostly not UTF-8. */
function textTail(file: string, size: number): string | undefined {
  if (size === 0) return '';
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const length = Math.min(size, SNIFF_BYTES);
    const buf = Buffer.alloc(length);
    const read = fs.readSync(fd, buf, 0, length, size - length);
    const bytes = buf.subarray(0, read);
    if (bytes.includes(0)) return undefined;
    // A read that starts mid-character decodes its first bytes as U+FFFD: skip continuation bytes.
    let start = 0;
    while (start < bytes.length && start < 3 && (bytes[start] & 0xc0) === 0x80) start++;
    const text = bytes.subarray(start).toString('utf8');
    const replaced = text.split('\uFFFD').length - 1;
    if (replaced > text.length * 0.1) return undefined;
    const chars = [...text];
    return chars.length <= TAIL_CHARS ? text : chars.slice(-TAIL_CHARS).join('');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
