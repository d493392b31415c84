// Safe extraction of zips with yauzl: hostile names and file types are skipped with a note, caps
// are counted on the real bytes while streaming (never the headers), and names that are not
// flagged UTF-8 are decoded the way the student's Windows wrote them (CP437 or CP850).
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { Msg } from '../events.js';
import { decodeEntryName } from './zip-names.js';
export { decodeEntryName } from './zip-names.js';
import { msg } from '../check/failure.js';

const MIB = 1024 * 1024;

/** What one submission may unpack: real bytes, entries, and the compression ratio of a big entry. */
export interface ZipLimits {
  maxBytes: number;
  maxEntries: number;
  /** The ratio is only judged once an entry has produced more than this many bytes. */
  ratioFromBytes: number;
  maxRatio: number;
}

/** 50 MiB and 2,000 entries per submission; an entry past 1 MiB may not inflate more than 100:1. */
export const ZIP_LIMITS: ZipLimits = { maxBytes: 50 * MIB, maxEntries: 2000, ratioFromBytes: MIB, maxRatio: 100 };

/** What one submission has unpacked so far: shared by its part of the class zip and its own zips. */
export class Budget {
  bytes = 0;
  entries = 0;
  constructor(readonly limits: ZipLimits = ZIP_LIMITS) {}
}

/** One entry of an opened zip, its name decoded and judged. */
export interface ZipMember {
  /** Decoded name (NFC, forward slashes). */
  name: string;
  /** The name's segments without empty and `.` ones (`..` is kept so that it can be refused). */
  segments: string[];
  isDir: boolean;
  /** Why it must never be written: zip-slip, absolute path, link, device, bad name. */
  problem?: Msg;
  entry: Entry;
}

/** A zip whose central directory has been read; close it when done. */
export interface OpenZip {
  members: ZipMember[];
  zip: ZipFile;
  close(): void;
}

/** The archive as a whole cannot be read (no central directory, truncated, strong encryption). */
export class UnreadableZip extends Error {
  constructor(readonly encrypted: boolean, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'UnreadableZip';
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
// Never a student's work, and a zipped `.git` alone can pass the entry cap.
const SKIPPED_SEGMENTS = new Set(['__MACOSX', '.git', 'node_modules', '__pycache__', '.venv', 'venv']);
const SKIPPED_FILES = new Set(['.DS_Store', 'Thumbs.db']);

function problemOf(name: string, entry: Entry): Msg | undefined {
  const note = (key: string) => msg(key, { entry: name });
  if (name.includes('\0')) return note('intake.note.bad-name');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return note('intake.note.absolute-path');
  if (name.split('/').includes('..')) return note('intake.note.zip-slip');
  // The unix mode sits in the upper half of the external attributes.
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) return note('intake.note.symlink');
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) return note('intake.note.device');
  return undefined;
}

function toMember(entry: Entry): ZipMember | undefined {
  // decodeStrings: false leaves the raw bytes, so that the code page can be judged here.
  const name = decodeEntryName(entry.fileNameRaw, entry.generalPurposeBitFlag, entry.extraFields).normalize('NFC').replace(/\\/g, '/');
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  const last = segments[segments.length - 1];
  if (last === undefined || segments.some((s) => SKIPPED_SEGMENTS.has(s)) || SKIPPED_FILES.has(last)) return undefined;
  const isDir = name.endsWith('/') || ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFDIR;
  const problem = problemOf(name, entry);
  return problem ? { name, segments, isDir, problem, entry } : { name, segments, isDir, entry };
}

/** Opens a zip and reads its whole central directory; throws UnreadableZip when it cannot. */
export async function openZip(file: string): Promise<OpenZip> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (err) {
    throw new UnreadableZip(false, err);
  }
  try {
    const entries = await new Promise<Entry[]>((resolve, reject) => {
      const found: Entry[] = [];
      zip.on('entry', (entry: Entry) => {
        found.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve(found));
      zip.on('error', reject);
      zip.readEntry();
    });
    const members = entries.map(toMember).filter((m): m is ZipMember => m !== undefined);
    return { members, zip, close: () => zip.close() };
  } catch (err) {
    zip.close();
    throw new UnreadableZip(/encrypt/i.test(String(err)), err);
  }
}

/** One member to write, at a path inside the destination. */
export interface ExtractItem {
  member: ZipMember;
  relPath: string;
}

/** What an extraction did: a fatal error for the submission, notes, and how many files it wrote. */
export interface ExtractOutcome {
  error?: Msg;
  notes: Msg[];
  files: number;
}

// A cap or a damaged entry: the submission as a whole cannot be graded.
class Fatal extends Error {
  constructor(readonly msg: Msg) {
    super(msg.key);
  }
}

const inside = (child: string, parent: string) => child.startsWith(parent + path.sep);

/** Writes `items` under `dest`, skipping hostile members with a note; a cap or damage fails them all. */
export async function extractItems(zip: OpenZip, items: ExtractItem[], dest: string, budget: Budget, archive: string): Promise<ExtractOutcome> {
  const notes = items.filter((i) => i.member.problem).map((i) => i.member.problem!);
  const usable = items.filter((i) => !i.member.problem && i.relPath !== '');
  const encrypted = usable.find((i) => i.member.entry.generalPurposeBitFlag & 1);
  if (encrypted) return { error: msg('intake.error.encrypted', { archive, entry: encrypted.member.name }), notes, files: 0 };
  if (budget.entries + usable.length > budget.limits.maxEntries) {
    return { error: msg('intake.error.too-many-entries', { archive, max: budget.limits.maxEntries }), notes, files: 0 };
  }
  budget.entries += usable.length;
  fs.mkdirSync(dest, { recursive: true });
  const written: string[] = [];
  try {
    for (const item of usable) {
      const note = await extractOne(zip, item, dest, budget, archive, written);
      if (note) notes.push(note);
    }
  } catch (err) {
    if (!(err instanceof Fatal)) throw err;
    // A half-unpacked bomb must not sit in the run's folder.
    for (const file of written) fs.rmSync(file, { force: true });
    return { error: err.msg, notes, files: 0 };
  }
  return { notes, files: written.length };
}

// Creates `dir` unless an existing part of it really leads outside the root (a planted link).
function makeInside(dir: string, realRoot: string): boolean {
  let existing = dir;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const real = fs.realpathSync(existing);
  if (real !== realRoot && !inside(real, realRoot)) return false;
  fs.mkdirSync(dir, { recursive: true });
  return true;
}

// One member; returns a note when it is skipped, throws Fatal when the submission must fail.
async function extractOne(zip: OpenZip, item: ExtractItem, dest: string, budget: Budget, archive: string, written: string[]): Promise<Msg | undefined> {
  const { member } = item;
  const root = path.resolve(dest);
  const target = path.resolve(root, ...item.relPath.split('/'));
  const slip = msg('intake.note.zip-slip', { entry: member.name });
  if (!inside(target, root) || item.relPath.split('/').includes('..')) return slip;
  try {
    if (!makeInside(member.isDir ? target : path.dirname(target), fs.realpathSync(root))) return slip;
    if (member.isDir) return undefined;
    // `wx` never follows or replaces what is there, a link included.
    const fd = fs.openSync(target, 'wx', 0o644);
    written.push(target);
    await writeEntry(zip, member, fs.createWriteStream(target, { fd }), budget, archive);
    return undefined;
  } catch (err) {
    if (err instanceof Fatal) throw err;
    const e = err as NodeJS.ErrnoException;
    // A skipped entry leaves no empty file behind (never another entry's file: that is EEXIST).
    if (written[written.length - 1] === target && e.code !== 'EEXIST') fs.rmSync(written.pop()!, { force: true });
    if (e.code === 'EEXIST') return msg('intake.note.duplicate', { entry: member.name });
    if (e.syscall) return msg('intake.note.unwritable', { entry: member.name });
    if (/unsupported compression method/.test(e.message)) {
      return msg('intake.note.unsupported-method', { entry: member.name, method: member.entry.compressionMethod });
    }
    throw new Fatal(msg('intake.error.corrupt-entry', { archive, entry: member.name }));
  }
}

// Streams one entry to its file, counting the bytes that really come out and checking the CRC.
async function writeEntry(zip: OpenZip, member: ZipMember, out: fs.WriteStream, budget: Budget, archive: string): Promise<void> {
  const { limits } = budget;
  const { entry } = member;
  let produced = 0;
  let crc = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      produced += chunk.length;
      budget.bytes += chunk.length;
      crc = zlib.crc32(chunk, crc);
      if (budget.bytes > limits.maxBytes) return done(new Fatal(msg('intake.error.too-big', { archive, mib: Math.round(limits.maxBytes / MIB) })));
      if (produced > limits.ratioFromBytes && produced > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        return done(new Fatal(msg('intake.error.bomb', { archive, entry: member.name, ratio: limits.maxRatio })));
      }
      done(null, chunk);
    },
  });
  let input;
  try {
    input = await zip.zip.openReadStreamPromise(entry);
  } catch (err) {
    out.destroy();
    throw err;
  }
  await pipeline(input, meter, out);
  if (crc !== entry.crc32) throw new Fatal(msg('intake.error.corrupt-entry', { archive, entry: member.name }));
}

/** Unpacks a student's own zip next to itself, one level deep, within the submission's budget. */
export async function unpackInnerZip(file: string, archive: string, budget: Budget): Promise<ExtractOutcome> {
  let zip: OpenZip;
  try {
    zip = await openZip(file);
  } catch (err) {
    const encrypted = err instanceof UnreadableZip && err.encrypted;
    const error = encrypted ? msg('intake.error.encrypted', { archive, entry: archive }) : msg('intake.error.corrupt', { archive });
    return { error, notes: [], files: 0 };
  }
  try {
    const items = zip.members.map((member) => ({ member, relPath: member.segments.join('/') }));
    const outcome = await extractItems(zip, items, path.dirname(file), budget, archive);
    if (outcome.error) return outcome;
    const nested = items.filter((i) => !i.member.problem && !i.member.isDir && /\.zip$/i.test(i.relPath));
    const notes = [msg('intake.note.inner-zip', { archive, files: outcome.files }), ...outcome.notes];
    for (const inner of nested) notes.push(msg('intake.note.nested-zip', { archive: inner.relPath }));
    return { notes, files: outcome.files };
  } finally {
    zip.close();
  }
}
