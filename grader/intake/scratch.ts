// The run's scratch folder for intake: per-student copies, and the zips students uploaded unpacked there.
import fs from 'node:fs';
import path from 'node:path';
import { MAX_DEPTH } from './match.js';
import type { IntakeSubmission } from './types.js';
import { unpackInnerZip, type Budget } from './unzip.js';

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', '__MACOSX']);

/** A submission and what it may still unpack (its own zips count against the same caps). */
export interface Pending { sub: IntakeSubmission; budget: Budget }

/** The caller's scratch folder: a fresh folder per student, created on first use. */
export class Scratch {
  private root?: string;
  constructor(private readonly base: string) {}

  /** A new empty folder named after the student (never one already there). */
  dirFor(name: string): string {
    const root = this.rootDir();
    let dir = path.join(root, name);
    for (let n = 2; fs.existsSync(dir); n++) dir = path.join(root, `${name}-${n}`);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  holds(dir: string): boolean {
    return this.root !== undefined && path.resolve(dir).startsWith(this.root + path.sep);
  }

  private rootDir(): string {
    if (this.root) return this.root;
    fs.mkdirSync(this.base, { recursive: true });
    // A scratch folder left from an earlier run keeps its files; ours go beside them.
    const base = path.resolve(this.base);
    this.root = fs.readdirSync(base).length === 0 ? base : fs.mkdtempSync(path.join(base, 'intake-'));
    return this.root;
  }
}

/** Copies a file or a folder; links and dependency folders are left behind. */
export function copyInto(src: string, dest: string, isDir: boolean): void {
  fs.mkdirSync(isDir ? dest : path.dirname(dest), { recursive: true });
  if (!isDir) return fs.copyFileSync(src, dest, fs.constants.COPYFILE_EXCL);
  const keep = (p: string) => !fs.lstatSync(p).isSymbolicLink() && !SKIPPED_DIRS.has(path.basename(p));
  fs.cpSync(src, dest, { recursive: true, errorOnExist: true, force: false, filter: (p) => p === src || keep(p) });
}

/** Zip files a student uploaded, relative to their folder, as deep as programs are looked for. */
function ownZips(dir: string, rel = '', depth = 0): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const childRel = rel ? `${rel}/${e.name}` : e.name;
    if (e.isFile() && /\.zip$/i.test(e.name)) return [childRel];
    return e.isDirectory() && depth < MAX_DEPTH && !SKIPPED_DIRS.has(e.name) ? ownZips(dir, childRel, depth + 1) : [];
  });
}

/** A student's own zip is unpacked in place, one level deep; a folder outside scratch is copied first. */
export async function unpackOwnZips(p: Pending, scratch: Scratch): Promise<void> {
  const zips = ownZips(p.sub.dir);
  if (zips.length === 0) return;
  if (!scratch.holds(p.sub.dir)) {
    const copy = scratch.dirFor(p.sub.student.id);
    copyInto(p.sub.dir, copy, true);
    p.sub.dir = copy;
  }
  for (const rel of zips) {
    const outcome = await unpackInnerZip(path.join(p.sub.dir, rel), rel, p.budget);
    p.sub.notes.push(...outcome.notes);
    if (outcome.error) {
      p.sub.error = outcome.error;
      return;
    }
  }
}
