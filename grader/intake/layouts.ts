// Recognising how a class arrived from the names at its top (Moodle, Canvas, GitHub Classroom,
// plain folders, one submission) and whose submission each path belongs to. Pure: no disk access.
import type { Msg } from '../events.js';
import { msg } from '../check/failure.js';
import type { Layout, StudentIdentity } from './types.js';

/** A name at the top of a class download and whether it is a folder. */
export interface TopEntry {
  name: string;
  isDir: boolean;
}

/** How the names of one class are read: its layout plus what detection learned. */
export interface Reading {
  layout: Layout;
  /** GitHub Classroom's `<assignment>-` in front of every login. */
  classroomPrefix?: string;
  /** The one submission's name (single layout): the folder's or the zip's. */
  singleName: string;
}

/** Where one path of a class download goes: whose submission, and under which name inside it. */
export interface Placement {
  /** Groups paths of one student: the LMS id, the login or the folder name. */
  key: string;
  student: StudentIdentity;
  /** Path inside the student's submission ('' for the student's folder itself). */
  relPath: string;
  /** Set when the path is known but deliberately not used (Moodle online text). */
  ignored?: Msg;
}

/** A Moodle download name split into its parts. */
export interface MoodleName {
  name: string;
  lmsId: string;
  /** The submission plugin: `file`, `onlinetext`, … */
  plugin: string;
  /** The uploaded file's own name (flat downloads); absent for a student's folder. */
  original?: string;
}

/** A Canvas download name split into its parts. */
export interface CanvasName {
  name: string;
  lmsId: string;
  attachmentId: string;
  late: boolean;
  anonymous: boolean;
  original: string;
}

const LAYOUT_LABELS: Record<Layout, string> = {
  moodle: 'intake.layout.moodle',
  canvas: 'intake.layout.canvas',
  classroom: 'intake.layout.classroom',
  folders: 'intake.layout.folders',
  single: 'intake.layout.single',
};

/** The localisable name of a layout ("Moodle download", "one folder per student", …). */
export function layoutLabel(layout: Layout): Msg {
  return msg(LAYOUT_LABELS[layout]);
}

// Non-greedy name: the first `_<digits>_assignsubmission_` ends it, so names may hold `_` too.
const MOODLE = /^(.+?)_(\d+)_assignsubmission_([a-z]+)(?:_(.*))?$/su;

/** Parses `Full Name_<id>_assignsubmission_<plugin>[_[<original name>]]` (folders and flat files). */
export function parseMoodleName(entry: string): MoodleName | undefined {
  const m = MOODLE.exec(entry);
  if (!m) return undefined;
  const parsed: MoodleName = { name: m[1]!.normalize('NFC').trim(), lmsId: m[2]!, plugin: m[3]! };
  if (m[4]) parsed.original = m[4];
  return parsed;
}

// Canvas strips everything but letters and digits from the sortable name, so it holds no `_`.
const CANVAS = /^([\p{L}\p{M}\p{N}]+?)(_late)?_(\d+)_(\d+)_(.+)$/iu;
// Anonymous grading puts `anon_<anonymous id>` where the name and user id would be.
const CANVAS_ANON = /^anon_([A-Za-z0-9]+?)(_late)?_(\d+)_(.+)$/iu;

/** Parses `<sortable name>[_LATE]_<user id>_<attachment id>_<original>` and `anon_<id>[_LATE]_<attachment id>_<original>`. */
export function parseCanvasName(entry: string): CanvasName | undefined {
  const anon = CANVAS_ANON.exec(entry);
  if (anon && anon[1]!.toLowerCase() !== 'late') {
    const [, id, late, attachmentId, original] = anon;
    return { name: `anon_${id}`, lmsId: id!, attachmentId: attachmentId!, late: Boolean(late), anonymous: true, original: original! };
  }
  const m = CANVAS.exec(entry);
  if (!m) return undefined;
  const [, name, late, lmsId, attachmentId, original] = m;
  return { name: name!.normalize('NFC'), lmsId: lmsId!, attachmentId: attachmentId!, late: Boolean(late), anonymous: false, original: original! };
}

const DUPLICATE_SUFFIX = /^(.+)-\d{1,3}(\.[^.]+)?$/s;

/**
 * Undoes Canvas's `-N` before the extension of re-uploaded files (`cliente-1.py` → `cliente.py`),
 * except where the restored name would clash with another file of the same student: then both stay.
 */
export function restoreCanvasNames(names: string[]): string[] {
  const strip = (n: string) => {
    const m = DUPLICATE_SUFFIX.exec(n);
    return m ? m[1]! + (m[2] ?? '') : n;
  };
  const plain = new Set(names.filter((n) => strip(n) === n));
  const claims = new Map<string, number>();
  for (const n of names) if (strip(n) !== n) claims.set(strip(n), (claims.get(strip(n)) ?? 0) + 1);
  return names.map((n) => {
    const restored = strip(n);
    return restored === n || plain.has(restored) || claims.get(restored)! > 1 ? n : restored;
  });
}

/** The login in a GitHub Classroom folder name `<assignment>-<login>`, given `<assignment>-`. */
export function classroomLogin(entry: string, prefix: string): string | undefined {
  return entry.startsWith(prefix) && entry.length > prefix.length ? entry.slice(prefix.length) : undefined;
}

/** The longest `<something>-` that starts every name and leaves each a non-empty rest. */
export function commonDashPrefix(names: string[]): string | undefined {
  if (names.length === 0) return undefined;
  let common = names[0]!;
  for (const n of names) while (!n.startsWith(common)) common = common.slice(0, -1);
  for (let cut = common.lastIndexOf('-'); cut >= 0; cut = common.lastIndexOf('-', cut - 1)) {
    const prefix = common.slice(0, cut + 1);
    if (names.every((n) => n.length > prefix.length)) return prefix;
  }
  return undefined;
}

/** Names that are never a student's work: OS litter, dependencies, hidden files. */
export function isJunkName(name: string): boolean {
  return name.startsWith('.') || name === '__MACOSX' || name === 'Thumbs.db' || name === 'node_modules';
}

// Enough of the names parse as this layout: a stray README must not hide a Moodle download.
function mostly(entries: TopEntry[], parses: (e: TopEntry) => boolean): boolean {
  const hits = entries.filter(parses).length;
  return hits > 0 && hits * 2 >= entries.length;
}

function classroomPrefixOf(entries: TopEntry[], containerName: string): string | undefined {
  const m = /^(.+)-submissions$/.exec(containerName);
  if (!m) return undefined;
  const prefix = `${m[1]}-`;
  const fits = entries.length > 0 && entries.every((e) => e.isDir && classroomLogin(e.name, prefix));
  return fits ? prefix : undefined;
}

/** Recognises the layouts that names alone reveal: Moodle, Canvas, GitHub Classroom. */
export function detectByNames(top: TopEntry[], containerName: string): Reading | undefined {
  const entries = top.filter((e) => !isJunkName(e.name));
  const singleName = containerName;
  if (mostly(entries, (e) => parseMoodleName(e.name) !== undefined)) return { layout: 'moodle', singleName };
  if (!entries.some((e) => e.isDir) && mostly(entries, (e) => parseCanvasName(e.name) !== undefined)) return { layout: 'canvas', singleName };
  const classroomPrefix = classroomPrefixOf(entries, containerName);
  if (classroomPrefix) return { layout: 'classroom', classroomPrefix, singleName };
  return undefined;
}

/**
 * Picks the layout: the forced one, else the first of LAYOUTS that fits. `folders` needs
 * subfolders and no program at the top, so a submission with a `lib/` folder stays `single` as today.
 */
export function detectLayout(top: TopEntry[], containerName: string, holdsPrograms: () => boolean, forced?: Layout): Reading | undefined {
  if (forced) return forcedReading(forced, top, containerName);
  const byNames = detectByNames(top, containerName);
  if (byNames) return byNames;
  if (holdsPrograms()) return { layout: 'single', singleName: containerName };
  if (top.some((e) => e.isDir && !isJunkName(e.name))) return { layout: 'folders', singleName: containerName };
  return undefined;
}

/** The reading of a layout the teacher chose; classroom then strips the longest common `<prefix>-`. */
export function forcedReading(layout: Layout, top: TopEntry[], containerName: string): Reading {
  if (layout !== 'classroom') return { layout, singleName: containerName };
  const dirs = top.filter((e) => e.isDir && !isJunkName(e.name));
  const classroomPrefix = classroomPrefixOf(dirs, containerName) ?? commonDashPrefix(dirs.map((e) => e.name));
  return classroomPrefix ? { layout, classroomPrefix, singleName: containerName } : { layout, singleName: containerName };
}

const SPELLED_OUT: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ð: 'd', þ: 'th', ł: 'l', đ: 'd', ı: 'i' };

/** A file-name-safe id from a name and an LMS id: `José da Silva`, 123 → `jose-da-silva-123`. */
export function slugId(name: string, lmsId: string): string {
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[ßæœøðþłđı]/g, (c) => SPELLED_OUT[c] ?? c)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const slug = ascii(name).slice(0, 60).replace(/-+$/, '') || 'student';
  return `${slug}-${ascii(lmsId) || 'x'}`;
}

function lmsStudent(layout: Layout, name: string, lmsId: string, late?: boolean): StudentIdentity {
  const student: StudentIdentity = { id: slugId(name, lmsId), name, lmsId, layout };
  if (late) student.late = true;
  return student;
}

function placeMoodle(segments: string[]): Placement | undefined {
  const parsed = parseMoodleName(segments[0]!);
  if (!parsed) return undefined;
  const student = lmsStudent('moodle', parsed.name, parsed.lmsId);
  const relPath = [parsed.original ?? '', ...segments.slice(1)].filter(Boolean).join('/');
  const placement: Placement = { key: parsed.lmsId, student, relPath };
  if (parsed.plugin === 'onlinetext') placement.ignored = msg('intake.note.onlinetext');
  else if (parsed.plugin !== 'file') placement.ignored = msg('intake.note.other-plugin', { plugin: parsed.plugin });
  return placement;
}

function placeCanvas(segments: string[]): Placement | undefined {
  const parsed = segments.length === 1 ? parseCanvasName(segments[0]!) : undefined;
  if (!parsed) return undefined;
  const student = lmsStudent('canvas', parsed.name, parsed.lmsId, parsed.late);
  // The anonymous id is already in the name: `anon-qz81k`, not `anon-qz81k-qz81k`.
  if (parsed.anonymous) student.id = slugId('anon', parsed.lmsId);
  return { key: parsed.lmsId, student, relPath: parsed.original };
}

/** Whose submission a path (split into segments, from the class's top) belongs to, if anyone's. */
export function placePath(reading: Reading, segments: string[], isDir: boolean): Placement | undefined {
  const [first, ...rest] = segments;
  if (first === undefined) return undefined;
  const own = (key: string, layout: Layout): Placement => {
    const student: StudentIdentity = layout === 'classroom' ? { id: key, name: key, lmsId: key, layout } : { id: key, name: key, layout };
    return { key, student, relPath: rest.join('/') };
  };
  switch (reading.layout) {
    case 'moodle':
      return placeMoodle(segments);
    case 'canvas':
      return placeCanvas(segments);
    case 'single':
      return { key: '', student: { id: reading.singleName, name: reading.singleName, layout: 'single' }, relPath: segments.join('/') };
    case 'classroom': {
      if (rest.length === 0 && !isDir) return undefined;
      const login = reading.classroomPrefix ? classroomLogin(first, reading.classroomPrefix) : first;
      return login && !isJunkName(first) ? own(login, 'classroom') : undefined;
    }
    case 'folders':
      return (rest.length > 0 || isDir) && !isJunkName(first) ? own(first, 'folders') : undefined;
  }
}
