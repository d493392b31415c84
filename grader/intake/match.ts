// Matching a submission's files to an exercise's programs: case-insensitive names, depth 0–3,
// shallowest first, then the order of the exercise's list.
import type { MatchedFile, ProgramFiles } from './types.js';

/** Deepest folder level at which a program's file still counts. */
export const MAX_DEPTH = 3;

/** Picks, for each program, the best candidate among the submission's relative file paths. */
export function matchPrograms(relPaths: string[], programs: ProgramFiles[]): Map<string, MatchedFile> {
  const matched = new Map<string, MatchedFile>();
  for (const program of programs) {
    const wanted = program.files.map((f) => f.toLowerCase());
    const candidates = relPaths
      .map((rel) => ({ rel, depth: rel.split('/').length - 1, rank: wanted.indexOf(basename(rel).toLowerCase()) }))
      .filter((c) => c.rank >= 0 && c.depth <= MAX_DEPTH)
      .sort((a, b) => a.depth - b.depth || a.rank - b.rank || a.rel.localeCompare(b.rel));
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

function basename(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}
