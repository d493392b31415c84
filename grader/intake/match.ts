// Matching a submission's files to an exercise's programs by name: exact names (case-insensitive,
// depth 0–3, shallowest first, then the order of the exercise's list), and the near misses and
// folder words that grader/intake/choose.ts weighs after them.
import type { MatchedFile, ProgramFiles } from './types.js';

/** Deepest folder level at which a program's file still counts. */
export const MAX_DEPTH = 3;

/** An exact-name candidate: its path, folder depth and place in the accepted list. */
export interface ExactCandidate {
  rel: string;
  depth: number;
  rank: number;
}

/** Picks, for each program, the best candidate among the submission's relative file paths. */
export function matchPrograms(relPaths: string[], programs: ProgramFiles[]): Map<string, MatchedFile> {
  const matched = new Map<string, MatchedFile>();
  for (const program of programs) {
    const candidates = exactCandidates(relPaths, program.files);
    if (candidates.length === 0) continue;
    const [best, ...rest] = candidates;
    matched.set(program.role, {
      role: program.role,
      relPath: best.rel,
      depth: best.depth,
      alternatives: rest.map((c) => c.rel),
    });
  }
  return matched;
}

/** The files whose name is exactly an accepted one, best first: shallowest, then list order, then path. */
export function exactCandidates(relPaths: string[], files: string[]): ExactCandidate[] {
  const wanted = files.map((f) => f.toLowerCase());
  return relPaths
    .map((rel) => ({ rel, depth: depthOf(rel), rank: wanted.indexOf(basename(rel).toLowerCase()) }))
    .filter((c) => c.rank >= 0 && c.depth <= MAX_DEPTH)
    .sort((a, b) => a.depth - b.depth || a.rank - b.rank || a.rel.localeCompare(b.rel));
}

/** How many folders deep a relative path sits (0 at the submission's top). */
export function depthOf(rel: string): number {
  return rel.split('/').length - 1;
}

/** The last segment of a relative path. */
export function basename(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

// ---- Near names and folder words ------------------------------------------------------------

/** An exercise as names see it: its id (which gives its words) and its protocol. */
export interface ExerciseNames {
  id: string;
  protocol: 'tcp' | 'udp';
}

/** A name without case, separators or `.py`: `Servidor_TCP.py` and `servidor tcp.py` both give `servidortcp`. */
export function squash(name: string): string {
  return name.toLowerCase().replace(/\.py$/, '').replace(/[_\-\s]+/g, '');
}

/** The lowercase words of a name or folder, split at separators, digits and camelCase (`ServidorTCP` → servidor, tcp). */
export function splitWords(text: string): string[] {
  return text
    .replace(/\.py$/i, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

const ROLE_WORDS = { server: ['server', 'servidor', 'serv', 'srv'], client: ['client', 'cliente', 'cli'] } as const;
// Short words glued to others (`consola`, `click`) would match by accident: these count only as whole words.
const WHOLE_WORD_ONLY = new Set(['serv', 'srv', 'cli', 'ola']);
const PROTOCOL_WORDS = ['tcp', 'udp'];

// Words naming each exercise; `hello`/`ola` say tcp-hello only when no other exercise's word is there.
const EXERCISE_WORDS: Record<string, { own: string[]; fallback: string[] }> = {
  'tcp-hello': { own: ['tcp'], fallback: ['hello', 'ola'] },
  chat: { own: ['chat'], fallback: [] },
  'udp-hello': { own: ['udp'], fallback: [] },
  // A scenario exercise's id holds `tcp`, which would pull a stray ServidorTCP.py to it: its own words are these.
  'tcp-echo': { own: ['echo', 'eco'], fallback: [] },
};

function wordsOf(id: string): { own: string[]; fallback: string[] } {
  return EXERCISE_WORDS[id] ?? { own: splitWords(id).filter((w) => w !== 'hello'), fallback: [] };
}

/** Whether a word is in a file name: as a whole word, or glued inside it (`tcpserver`) when long enough to be safe. */
export function nameHas(base: string): (word: string) => boolean {
  const words = new Set(splitWords(base));
  const glued = squash(base);
  return (word) => words.has(word) || (!WHOLE_WORD_ONLY.has(word) && glued.includes(word));
}

/** Whether a word is one of the folders' words (whole words only: folder names are free text). */
export function foldersHave(rel: string): (word: string) => boolean {
  const words = new Set(rel.split('/').slice(0, -1).flatMap(splitWords));
  return (word) => words.has(word);
}

/** The role a file name says, when it says exactly one. */
export function roleOfName(base: string): 'server' | 'client' | undefined {
  const has = nameHas(base);
  const server = ROLE_WORDS.server.some(has);
  const client = ROLE_WORDS.client.some(has);
  return server === client ? undefined : server ? 'server' : 'client';
}

/**
 * How words point at an exercise: 2 for its own distinctive word (chat), 1 for its protocol word
 * (tcp), -1 for another exercise's distinctive word or the other protocol, 0 for nothing.
 */
export function wordVerdict(has: (word: string) => boolean, ex: ExerciseNames, all: ExerciseNames[]): number {
  const own = wordsOf(ex.id).own.filter(has);
  if (own.some((w) => !PROTOCOL_WORDS.includes(w))) return 2;
  const othersDistinct = all.filter((o) => o.id !== ex.id).flatMap((o) => wordsOf(o.id).own).filter((w) => !PROTOCOL_WORDS.includes(w));
  if (othersDistinct.some(has)) return -1;
  if (own.length > 0) return 1;
  return PROTOCOL_WORDS.some((p) => p !== ex.protocol && has(p)) ? -1 : 0;
}

/** The exercises a set of words points at most strongly; the fallback words (`hello`) only when none does. */
export function exercisesNamed(has: (word: string) => boolean, all: ExerciseNames[]): ExerciseNames[] {
  const verdicts = all.map((ex) => ({ ex, v: wordVerdict(has, ex, all) }));
  const best = Math.max(0, ...verdicts.map((x) => x.v));
  if (best > 0) return verdicts.filter((x) => x.v === best).map((x) => x.ex);
  return verdicts.filter((x) => x.v === 0 && wordsOf(x.ex.id).fallback.some(has)).map((x) => x.ex);
}

/** Near-miss name: the accepted names after squashing (`ServidorTCP.py` for `servidor_tcp.py`), never an exact one. */
export function squashedMatch(rel: string, files: string[]): boolean {
  const base = basename(rel);
  const lower = files.map((f) => f.toLowerCase());
  return !lower.includes(base.toLowerCase()) && files.some((f) => squash(f) === squash(base));
}
