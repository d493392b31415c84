// Which client × server pairs the interop matrix runs: all of them for a small class, a reproducible sample for a big one.
import type { PlannedPair } from './types.js';

export { matchPairsCsv, parsePairsCsv, type PairsCsvRow } from './pairs-csv.js';

/** One submission's programs for one exercise. */
export interface PairCandidate {
  id: string;
  name: string;
  lmsId?: string;
  hasClient: boolean;
  hasServer: boolean;
}

/** Up to this many students with a program of the exercise, every pair is run (n² stays a few minutes). */
export const ALL_PAIRS_UP_TO = 30;

/** How many servers each client meets when the class is sampled. */
export const DEFAULT_SAMPLE = 5;

/** Every client against every server, the diagonal included, ordered by server then client. */
export function allPairs(exercise: string, candidates: PairCandidate[]): PlannedPair[] {
  // The diagonal stays: a student's own client against own server is how they test at home.
  const clients = candidates.filter((c) => c.hasClient);
  return candidates.filter((c) => c.hasServer).flatMap((s) => clients.map((c) => ({ exercise, client: c.id, server: s.id })));
}

/** Each client against k servers and each server against at least k clients, the same for the same class and seed. */
export function samplePairs(exercise: string, candidates: PairCandidate[], k: number, seed: string): PlannedPair[] {
  const want = Math.floor(k);
  // Sorting by id first makes the sample independent of the order the submissions were read in.
  const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const servers = sorted.filter((c) => c.hasServer).map((c) => c.id);
  if (want >= servers.length) return allPairs(exercise, candidates);
  if (want < 1) return [];
  const random = mulberry32(hashSeed(seed));
  const clients = shuffle(sorted.filter((c) => c.hasClient).map((c) => c.id), random);
  const shuffledServers = shuffle(servers, random);
  const chosen = rotate(clients, shuffledServers, want);
  topUp(chosen, clients, shuffledServers, Math.min(want, clients.length));
  return inCandidateOrder(exercise, candidates, chosen);
}

/** All pairs for a class up to ALL_PAIRS_UP_TO students with no sample asked for; otherwise a sample of k servers per client. */
export function choosePairs(
  exercise: string,
  candidates: PairCandidate[],
  opts: { sample?: number; seed: string },
): { pairs: PlannedPair[]; sampled?: number } {
  const students = candidates.filter((c) => c.hasClient || c.hasServer).length;
  if (opts.sample === undefined && students <= ALL_PAIRS_UP_TO) return { pairs: allPairs(exercise, candidates) };
  const k = opts.sample ?? DEFAULT_SAMPLE;
  return { pairs: samplePairs(exercise, candidates, k, opts.seed), sampled: k };
}

/** The chosen servers of each client, keyed by client id. */
type Choice = Map<string, Set<string>>;

/** Client i takes the servers at (i + j·step) mod n: with equal counts every server gets exactly k clients. */
function rotate(clients: string[], servers: string[], k: number): Choice {
  const n = servers.length;
  const step = spreadStep(n, k);
  const chosen: Choice = new Map();
  clients.forEach((client, i) => {
    const mine = new Set<string>();
    // step is coprime with n, so j·step never repeats a position for j < k < n.
    for (let j = 0; j < k; j++) mine.add(servers[(i + j * step) % n]!);
    chosen.set(client, mine);
  });
  return chosen;
}

/** A step coprime with n near n/k, so a client's servers are spread over the shuffled ring rather than adjacent. */
function spreadStep(n: number, k: number): number {
  let step = Math.max(1, Math.floor(n / k));
  while (gcd(step, n) !== 1) step++;
  return step;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** With fewer clients than servers some servers are left short; give them the least-loaded clients that lack them. */
function topUp(chosen: Choice, clients: string[], servers: string[], target: number): void {
  const load = new Map<string, number>(servers.map((s) => [s, 0]));
  for (const mine of chosen.values()) for (const s of mine) load.set(s, load.get(s)! + 1);
  for (const server of servers) {
    while (load.get(server)! < target) {
      // Least-loaded first keeps the extra work even; the shuffled order breaks ties reproducibly.
      const next = clients.filter((c) => !chosen.get(c)!.has(server)).sort((a, b) => chosen.get(a)!.size - chosen.get(b)!.size)[0];
      if (next === undefined) break;
      chosen.get(next)!.add(server);
      load.set(server, load.get(server)! + 1);
    }
  }
}

/** The chosen pairs ordered like allPairs: by server then client, in the candidates' order. */
function inCandidateOrder(exercise: string, candidates: PairCandidate[], chosen: Choice): PlannedPair[] {
  return allPairs(exercise, candidates).filter((p) => chosen.get(p.client)?.has(p.server) === true);
}

/** Fisher–Yates with the seeded generator, on a copy. */
function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** FNV-1a of the seed's UTF-16 units: a 32-bit start for the generator, no dependency. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a tiny, well-mixed 32-bit generator returning numbers in [0, 1). */
function mulberry32(state: number): () => number {
  let a = state;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
