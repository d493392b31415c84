// Opening what the teacher gave (a folder or a .zip, in any LMS layout) as one submission per
// student. Everything unpacked or copied goes under the caller's scratch folder, nowhere else.
import fs from 'node:fs';
import path from 'node:path';
import { msg } from '../check/failure.js';
import { UsageError } from '../errors.js';
import type { Msg } from '../events.js';
import { detectByNames, detectLayout, forcedReading, isJunkName, placePath, restoreCanvasNames } from './layouts.js';
import type { Reading, TopEntry } from './layouts.js';
import type { IntakeSubmission, Layout, StudentIdentity } from './types.js';
import { copyInto, Scratch, unpackOwnZips, type Pending } from './scratch.js';
import { Budget, extractItems, openZip } from './unzip.js';
import type { OpenZip, ZipMember } from './unzip.js';

/** How to read the target: a forced layout, and how to tell that a folder holds a program at its top. */
export interface IntakeOptions {
  layout?: Layout;
  holdsPrograms: (dir: string) => boolean;
}

/** The class as intake found it. */
export interface Intake {
  layout: Layout;
  submissions: IntakeSubmission[];
  /** Facts about the download as a whole (names that belong to no student). */
  notes: Msg[];
}

// Layouts whose names say who a path belongs to: a name that does not is worth a note.
const NAMED = new Set<Layout>(['moodle', 'canvas', 'classroom']);
const ENGLISH_LABELS: Record<Layout, string> = { moodle: 'a Moodle download', canvas: 'a Canvas download', classroom: 'a GitHub Classroom folder', folders: 'one folder per student', single: 'one submission' };


interface Group<T> { student: StudentIdentity; items: { source: T; relPath: string }[]; notes: Msg[] }

/** Finds every submission in a folder or a .zip; throws UsageError when the target itself is unusable. */
export async function openIntake(target: string, scratchDir: string, opts: IntakeOptions): Promise<Intake> {
  const abs = path.resolve(target);
  if (!fs.existsSync(abs)) throw new UsageError(`The path ${target} does not exist.`, 'path-missing');
  const stat = fs.statSync(abs);
  const scratch = new Scratch(scratchDir);
  let found: { layout: Layout; pending: Pending[]; notes: Msg[] };
  if (stat.isDirectory()) found = openFolder(abs, target, scratch, opts);
  else if (stat.isFile() && /\.zip$/i.test(abs)) found = await openClassZip(abs, target, scratch, opts);
  else throw new UsageError(`${target} is not a folder or a .zip file; give a folder of submissions, an LMS download or one submission.`, 'not-a-folder');
  for (const p of found.pending) if (!p.sub.error) await unpackOwnZips(p, scratch);
  return { layout: found.layout, submissions: sortedUnique(found.pending.map((p) => p.sub)), notes: found.notes };
}


function emptyTarget(target: string, reading?: Reading): UsageError {
  if (reading && reading.layout !== 'folders') {
    return new UsageError(`No file or folder in ${target} is named the way ${ENGLISH_LABELS[reading.layout]} names them; try another --layout.`, 'layout-mismatch');
  }
  return new UsageError(`${target} holds no submissions: no exercise files and no subfolders.`, 'empty');
}

function addNote(notes: Msg[], note: Msg): void {
  if (!notes.some((n) => JSON.stringify(n) === JSON.stringify(note))) notes.push(note);
}

// Groups paths by student (a name that says no student's is noted for the run); a Canvas
// student's re-uploads get their names back.
function groupPaths<T>(reading: Reading, paths: { source: T; segments: string[]; isDir: boolean }[], notes: Msg[]): Map<string, Group<T>> {
  const groups = new Map<string, Group<T>>();
  for (const { source, segments, isDir } of paths) {
    const placed = placePath(reading, segments, isDir);
    if (!placed) {
      if (NAMED.has(reading.layout) && segments.length === 1) notes.push(msg('intake.note.unrecognised', { entry: segments[0]! }));
      continue;
    }
    const group = groups.get(placed.key) ?? { student: placed.student, items: [], notes: [] };
    groups.set(placed.key, group);
    if (placed.student.late) group.student.late = true;
    if (placed.ignored) addNote(group.notes, placed.ignored);
    else group.items.push({ source, relPath: placed.relPath });
  }
  for (const group of groups.values()) {
    if (group.student.layout !== 'canvas') continue;
    const restored = restoreCanvasNames(group.items.map((i) => i.relPath));
    group.items.forEach((item, i) => (item.relPath = restored[i]!));
  }
  return groups;
}

function openFolder(abs: string, target: string, scratch: Scratch, opts: IntakeOptions) {
  let top: TopEntry[];
  try {
    top = fs
      .readdirSync(abs, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isFile())
      .map((e) => ({ name: e.name, isDir: e.isDirectory() }));
  } catch (err) {
    throw new UsageError(`${target} cannot be read (${(err as NodeJS.ErrnoException).code}).`, 'unreadable');
  }
  const name = path.basename(abs);
  const reading = detectLayout(top, name, () => opts.holdsPrograms(abs), opts.layout);
  if (!reading) throw emptyTarget(target);
  if (reading.layout === 'single') {
    const sub = { student: { id: name, name, layout: reading.layout }, dir: abs, notes: [] };
    return { layout: reading.layout, pending: [{ sub, budget: new Budget() }], notes: [] };
  }
  const notes: Msg[] = [];
  const paths = top.filter((e) => !isJunkName(e.name)).map((e) => ({ source: e, segments: [e.name], isDir: e.isDir }));
  const groups = [...groupPaths(reading, paths, notes).values()];
  if (groups.length === 0) throw emptyTarget(target, reading);
  const pending = groups.map((g) => ({ sub: folderSubmission(g, abs, scratch), budget: new Budget() }));
  return { layout: reading.layout, pending, notes };
}

// A student's one folder is graded where it is; merged folders and renamed files are copied.
function folderSubmission(group: Group<TopEntry>, abs: string, scratch: Scratch): IntakeSubmission {
  const [only, ...others] = group.items;
  if (only && others.length === 0 && only.source.isDir && only.relPath === '') {
    return { student: group.student, dir: path.join(abs, only.source.name), notes: group.notes };
  }
  const dir = scratch.dirFor(group.student.id);
  for (const item of group.items) {
    const dest = path.resolve(dir, item.relPath);
    if (dest !== dir && !dest.startsWith(dir + path.sep)) {
      group.notes.push(msg('intake.note.zip-slip', { entry: item.source.name }));
      continue;
    }
    try {
      copyInto(path.join(abs, item.source.name), dest, item.source.isDir);
    } catch {
      group.notes.push(msg('intake.note.duplicate', { entry: item.source.name }));
    }
  }
  return { student: group.student, dir, notes: group.notes };
}


async function openClassZip(abs: string, target: string, scratch: Scratch, opts: IntakeOptions) {
  let zip: OpenZip;
  try {
    zip = await openZip(abs);
  } catch {
    throw new UsageError(`${target} cannot be read as a zip file: it is damaged, truncated or not a zip.`, 'zip-unreadable');
  }
  try {
    const archive = path.basename(abs);
    const { members, reading } = await readClassZip(zip, archive, target, scratch, opts);
    const result = await extractGroups(zip, members, reading, scratch, archive);
    if (result.pending.length === 0) throw emptyTarget(target, reading);
    return result;
  } finally {
    zip.close();
  }
}

// When every entry sits under one top folder, the class is inside it (and it names the class).
function underCommonTop(members: ZipMember[], zipName: string): { members: ZipMember[]; container: string; inside?: true } {
  const first = members[0]?.segments[0];
  const shared = first !== undefined && members.some((m) => m.segments.length > 1) && members.every((m) => m.segments[0] === first && (m.segments.length > 1 || m.isDir));
  if (!shared) return { members, container: zipName };
  const inner = members.filter((m) => m.segments.length > 1).map((m) => ({ ...m, segments: m.segments.slice(1) }));
  return { members: inner, container: first, inside: true };
}

function topEntries(members: ZipMember[]): TopEntry[] {
  const top = new Map<string, boolean>();
  for (const m of members.filter((x) => !x.problem)) top.set(m.segments[0]!, (top.get(m.segments[0]!) ?? false) || m.segments.length > 1 || m.isDir);
  return [...top].map(([name, isDir]) => ({ name, isDir }));
}

// Picks the class zip's layout; only one submission or plain folders need files unpacked to tell.
async function readClassZip(zip: OpenZip, archive: string, target: string, scratch: Scratch, opts: IntakeOptions) {
  const zipName = archive.replace(/\.zip$/i, '');
  const { members, container, inside } = underCommonTop(zip.members, zipName);
  const top = topEntries(members);
  if (top.length === 0) throw emptyTarget(target);
  const named = opts.layout ? forcedReading(opts.layout, top, container) : detectByNames(top, container);
  if (named) return { members, reading: named };
  // Only the files at the top can make it one submission: unpack them (capped) and ask.
  const probe = scratch.dirFor(container);
  const rootFiles = members.filter((m) => m.segments.length === 1 && !m.isDir && !m.problem);
  await extractItems(zip, rootFiles.map((member) => ({ member, relPath: member.segments[0]! })), probe, new Budget(), archive);
  const single = opts.holdsPrograms(probe);
  fs.rmSync(probe, { recursive: true, force: true });
  if (single) return { members, reading: { layout: 'single' as const, singleName: container } };
  if (!top.some((e) => e.isDir)) throw emptyTarget(target);
  // `ana/src/servidor.py` is Ana's submission, not a student called src: keep the top folder then.
  const soleFolder = inside && top.length === 1;
  return { members: soleFolder ? zip.members : members, reading: { layout: 'folders' as const, singleName: soleFolder ? zipName : container } };
}

// Groups the class zip's entries by student, then unpacks each student under their own caps.
async function extractGroups(zip: OpenZip, members: ZipMember[], reading: Reading, scratch: Scratch, archive: string) {
  const notes: Msg[] = [];
  const safe = members.filter((m) => !m.problem).map((m) => ({ source: m, segments: m.segments, isDir: m.isDir }));
  const groups = groupPaths(reading, safe, notes);
  // A hostile entry never makes a student up: its note goes to the student it names, or to the run.
  for (const member of members.filter((m) => m.problem)) {
    const key = placePath(reading, member.segments, member.isDir)?.key;
    const owner = key === undefined ? undefined : groups.get(key);
    (owner ? owner.notes : notes).push(member.problem!);
  }
  const pending: Pending[] = [];
  for (const group of groups.values()) {
    const budget = new Budget();
    const dir = scratch.dirFor(group.student.id);
    const items = group.items.map((i) => ({ member: i.source, relPath: i.relPath }));
    const outcome = await extractItems(zip, items, dir, budget, archive);
    const sub: IntakeSubmission = { student: group.student, dir, notes: [...group.notes, ...outcome.notes] };
    if (outcome.error) sub.error = outcome.error;
    pending.push({ sub, budget });
  }
  return { layout: reading.layout, pending, notes };
}

// Sorted by what the report shows; ids made unique in that order (folder names already are).
function sortedUnique(subs: IntakeSubmission[]): IntakeSubmission[] {
  subs.sort((a, b) => a.student.name.localeCompare(b.student.name) || a.student.id.localeCompare(b.student.id));
  const seen = new Set<string>();
  for (const sub of subs) {
    let id = sub.student.id;
    for (let n = 2; seen.has(id); n++) id = `${sub.student.id}-${n}`;
    sub.student.id = id;
    seen.add(id);
  }
  return subs;
}
