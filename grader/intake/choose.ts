// Which file of a submission is which program, across every exercise at once: exact names first
// (today's rule, untouched), then near names, then what the code does. Never silently: every
// choice says why, every non-exact one leaves a note; never one file for two programs.
import type { Msg } from '../events.js';
import { msg } from '../check/failure.js';
import { kindOf, readTraits, type Kind, type Traits } from './content.js';
import {
  MAX_DEPTH, basename, depthOf, exactCandidates, exercisesNamed, foldersHave, nameHas, roleOfName, splitWords, squashedMatch, wordVerdict,
  type ExerciseNames,
} from './match.js';
import type { MatchedFile } from './types.js';

/** One Python file of the submission: path relative to it (forward slashes) and its text. */
export interface SourceFile {
  relPath: string;
  text: string;
}

/** An exercise's programs as the choice needs them: role, accepted names in priority order, protocol. */
export interface ExercisePrograms {
  id: string;
  programs: { role: 'server' | 'client'; files: string[]; protocol: 'tcp' | 'udp' }[];
}

/** The choice: for every exercise (an empty map when none of its programs was found) the file of each role; notes per submission. */
export interface FileChoice {
  chosen: Map<string, Map<string, MatchedFile>>;
  notes: Msg[];
}

type Level = 'exact' | 'near' | 'content';

interface FileInfo {
  rel: string;
  depth: number;
  traits: Traits;
  kind?: Kind;
  folderHas: (word: string) => boolean;
  /** The file that imports this helper module; a module is never a program. */
  importer?: string;
  exactSlots: Slot[];
  nearSlots: Slot[];
}

interface Slot {
  ex: ExerciseNames;
  role: 'server' | 'client';
  protocol: 'tcp' | 'udp';
  files: string[];
  chat: boolean;
  pick?: { file: FileInfo; level: Level; alternatives: string[] };
  /** The pick has no socket at all: a candidate with sockets of the right role replaces it. */
  weak?: boolean;
  /** The socket-less file a later candidate replaced. */
  replaced?: FileInfo;
}

interface Ctx {
  files: FileInfo[];
  slots: Slot[];
  all: ExerciseNames[];
  /** Exact names dropped because their folder names another exercise. */
  dropped: { file: FileInfo; slot: Slot }[];
}

/** Chooses, for every exercise and role, the submission's file that is that program. */
export function chooseFiles(sources: SourceFile[], exercises: ExercisePrograms[]): FileChoice {
  const all = exercises.map((ex) => ({ id: ex.id, protocol: ex.programs[0]?.protocol ?? 'tcp' }));
  const slots: Slot[] = exercises.flatMap((ex, i) =>
    ex.programs.map((p) => ({ ex: all[i]!, role: p.role, protocol: p.protocol, files: p.files, chat: splitWords(ex.id).includes('chat') })),
  );
  const ctx: Ctx = { files: readFiles(sources), slots, all, dropped: [] };
  markModules(ctx.files);
  for (const file of ctx.files) placeByName(ctx, file);
  for (const slot of slots) pickExact(ctx, slot);
  for (const slot of slots) if (!slot.pick || slot.weak) pickNear(ctx, slot);
  for (const slot of slots) if (!slot.pick || slot.weak) pickByContent(ctx, slot);
  const chosen = new Map(exercises.map((ex) => [ex.id, new Map<string, MatchedFile>()]));
  for (const slot of slots) if (slot.pick) chosen.get(slot.ex.id)!.set(slot.role, matched(slot));
  return { chosen, notes: notesOf(ctx) };
}

function readFiles(sources: SourceFile[]): FileInfo[] {
  return sources
    .filter((s) => /\.py$/i.test(s.relPath) && depthOf(s.relPath) <= MAX_DEPTH)
    .map((s) => {
      const traits = readTraits(s.text);
      return { rel: s.relPath, depth: depthOf(s.relPath), traits, kind: kindOf(traits), folderHas: foldersHave(s.relPath), exactSlots: [], nearSlots: [] };
    });
}

// A helper module (only defs, classes, constants) imported by another file of the submission.
function markModules(files: FileInfo[]): void {
  for (const file of files) {
    if (!file.traits.moduleOnly) continue;
    const segments = file.rel.replace(/\.py$/i, '').toLowerCase().split('/');
    const names = segments.map((_, i) => segments.slice(i).join('.'));
    file.importer = files.find((other) => other !== file && other.traits.imports.some((i) => names.includes(i)))?.rel;
  }
}

// The programs a file's name points at: exactly (its folder allowing) or nearly.
function placeByName(ctx: Ctx, file: FileInfo): void {
  const base = basename(file.rel);
  for (const slot of ctx.slots) {
    const exact = exactCandidates([file.rel], slot.files).length > 0;
    if (exact && folderVerdict(ctx, file, slot) < 0) ctx.dropped.push({ file, slot });
    else if (exact) file.exactSlots.push(slot);
  }
  if (file.exactSlots.length > 0) return;
  const squashed = ctx.slots.filter((s) => squashedMatch(file.rel, s.files));
  const role = roleOfName(base);
  const folderOrName = (w: string) => nameHas(base)(w) || file.folderHas(w);
  const named = role ? exercisesNamed(folderOrName, ctx.all) : [];
  let near = [...squashed, ...ctx.slots.filter((s) => s.role === role && named.includes(s.ex) && !squashed.includes(s))];
  near = near.filter((s) => folderVerdict(ctx, file, s) >= 0);
  // Words naming two exercises equally: what the code does settles it when it can.
  const fitting = near.filter((s) => agreement(file, s) >= 2);
  file.nearSlots = fitting.length > 0 && fitting.length < near.length ? fitting : near;
}

function folderVerdict(ctx: Ctx, file: FileInfo, slot: Slot): number {
  return wordVerdict(file.folderHas, slot.ex, ctx.all);
}

/** 3: the code is this very program; 2: right role and protocol; 1: the code says nothing; 0: it contradicts. */
function agreement(file: FileInfo, slot: Slot): number {
  const k = file.kind;
  if (!k) return 1;
  if (k.role !== slot.role || k.protocol !== slot.protocol) return 0;
  return slot.protocol === 'udp' || k.chat === slot.chat ? 3 : 2;
}

function takenBy(ctx: Ctx, file: FileInfo): Slot | undefined {
  return ctx.slots.find((s) => s.pick?.file === file);
}

// Usable for a slot: not a module, not another program of the same exercise.
function usable(ctx: Ctx, file: FileInfo, slot: Slot): boolean {
  const holder = takenBy(ctx, file);
  return !file.importer && !(holder && holder !== slot && holder.ex === slot.ex);
}

function pickExact(ctx: Ctx, slot: Slot): void {
  const cands = ctx.files
    .filter((f) => f.exactSlots.includes(slot) && usable(ctx, f, slot))
    .map((f) => ({ f, rank: exactCandidates([f.rel], slot.files)[0]!.rank }))
    // Today's order; the folder only breaks what was an alphabetical tie.
    .sort((a, b) => a.f.depth - b.f.depth || a.rank - b.rank || folderVerdict(ctx, b.f, slot) - folderVerdict(ctx, a.f, slot) || a.f.rel.localeCompare(b.f.rel))
    .map((c) => c.f);
  if (cands.length === 0) return;
  // Another exercise's file is not taken again while this program has another candidate.
  const first = cands.find((f) => !takenBy(ctx, f)) ?? cands[0]!;
  settle(slot, first, 'exact', cands);
}

// Chooses `first` unless it has no socket at all and a candidate with sockets of the right role exists.
function settle(slot: Slot, first: FileInfo, level: Level, cands: FileInfo[]): void {
  let file = first;
  if (!first.traits.sockets) {
    const better = cands.find((f) => f !== first && agreement(f, slot) >= 2);
    if (better) [slot.replaced, file] = [first, better];
    else slot.weak = true;
  }
  slot.pick = { file, level, alternatives: cands.filter((f) => f !== file).map((f) => f.rel) };
}

// A weak pick (no sockets) gives way to a candidate of a later level whose code fits.
function replaceWeak(slot: Slot, cands: FileInfo[], level: Level): void {
  const better = cands.find((f) => agreement(f, slot) >= 2);
  if (!better || !slot.pick) return;
  slot.replaced = slot.pick.file;
  slot.weak = false;
  slot.pick = { file: better, level, alternatives: [slot.replaced.rel, ...cands.filter((f) => f !== better).map((f) => f.rel)] };
}

function pickNear(ctx: Ctx, slot: Slot): void {
  const cands = ctx.files
    .filter((f) => f.nearSlots.includes(slot) && usable(ctx, f, slot) && !takenBy(ctx, f))
    .sort((a, b) => agreement(b, slot) - agreement(a, slot) || folderVerdict(ctx, b, slot) - folderVerdict(ctx, a, slot)
      || Number(squashedMatch(b.rel, slot.files)) - Number(squashedMatch(a.rel, slot.files)) || a.depth - b.depth || a.rel.localeCompare(b.rel));
  if (cands.length === 0) return;
  if (slot.pick) return replaceWeak(slot, cands, 'near');
  settle(slot, cands[0]!, 'near', cands);
  // Sorting by what the code does put a file with sockets before a shallower one without: say so.
  const byName = [...cands].sort((a, b) => a.depth - b.depth || a.rel.localeCompare(b.rel))[0]!;
  if (byName !== slot.pick!.file && !byName.traits.sockets && slot.pick!.file.traits.sockets) slot.replaced = byName;
}

function pickByContent(ctx: Ctx, slot: Slot): void {
  const cands = ctx.files
    .filter((f) => agreement(f, slot) === 3 && usable(ctx, f, slot) && !takenBy(ctx, f) && folderVerdict(ctx, f, slot) >= 0)
    // A name pointing at another program keeps the file away from this one.
    .filter((f) => [...f.exactSlots, ...f.nearSlots].every((s) => s === slot))
    .sort((a, b) => folderVerdict(ctx, b, slot) - folderVerdict(ctx, a, slot) || a.depth - b.depth || a.rel.localeCompare(b.rel));
  if (cands.length === 0) return;
  if (slot.pick) return replaceWeak(slot, cands, 'content');
  slot.pick = { file: cands[0]!, level: 'content', alternatives: cands.slice(1).map((f) => f.rel) };
}

function matched(slot: Slot): MatchedFile {
  const { file, level, alternatives } = slot.pick!;
  const name = basename(file.rel);
  const why =
    level === 'exact' ? msg('intake.why.exact-name', { name })
    : level === 'near' ? msg('intake.why.near-name', { name, accepted: slot.files.join(', ') })
    : msg('intake.why.content', { evidence: file.kind!.evidence });
  return { role: slot.role, relPath: file.rel, depth: file.depth, alternatives, why, ...(level === 'content' ? { byContent: true } : {}) };
}

// Keys per role so that each language words "the server of X" its own way.
const NOTE_KEYS = {
  server: { near: 'intake.note.near-name-server', content: 'intake.note.content-server', noSocket: 'intake.note.no-socket-server', both: 'intake.note.both-roles-server' },
  client: { near: 'intake.note.near-name-client', content: 'intake.note.content-client', noSocket: 'intake.note.no-socket-client', both: 'intake.note.both-roles-client' },
} as const;

function notesOf(ctx: Ctx): Msg[] {
  const notes: Msg[] = [];
  for (const f of ctx.files) {
    if (f.importer && (f.traits.sockets || f.exactSlots.length + f.nearSlots.length > 0)) notes.push(msg('intake.note.module', { file: f.rel, importer: f.importer }));
  }
  const noted = new Set<string>();
  for (const { file, slot } of ctx.dropped) {
    if (takenBy(ctx, file) || file.importer || noted.has(file.rel)) continue;
    noted.add(file.rel);
    notes.push(msg('intake.note.folder', { file: file.rel, folder: file.rel.slice(0, file.rel.lastIndexOf('/')), exercise: slot.ex.id }));
  }
  for (const slot of ctx.slots) {
    if (!slot.pick) continue;
    const keys = NOTE_KEYS[slot.role];
    const { file, level } = slot.pick;
    const exercise = slot.ex.id;
    if (level === 'near') notes.push(msg(keys.near, { file: file.rel, exercise, accepted: slot.files.join(', ') }));
    if (level === 'content') notes.push(msg(keys.content, { file: file.rel, exercise, evidence: file.kind!.evidence }));
    if (slot.replaced) notes.push(msg(keys.noSocket, { file: slot.replaced.rel, chosen: file.rel, exercise }));
  }
  for (const f of ctx.files.filter((x) => x.kind?.role === 'both' && !x.importer)) {
    const slot = takenBy(ctx, f);
    notes.push(slot ? msg(NOTE_KEYS[slot.role].both, { file: f.rel, exercise: slot.ex.id }) : msg('intake.note.both-roles', { file: f.rel }));
  }
  return notes;
}
