// The interop matrix as plain data: who met whom per exercise, each cell's verdict, the counts.
import { REFERENCE_ID, type PairResult, type PairVerdict, type RunSummary } from '../events.js';

/** A row (client) or column (server) of a matrix. */
export interface PairParty {
  id: string;
  name: string;
  reference: boolean;
}

/** One client × server cell; `pair` is absent for a cell the run never graded (a sampled class). */
export interface PairCell {
  client: string;
  server: string;
  verdict: PairVerdict;
  disagreement: boolean;
  pair?: PairResult;
}

/** How the student × student cells of one exercise went; `total` counts every such cell, run or not. */
export interface PairCounts {
  works: number;
  relay: number;
  failed: number;
  notRun: number;
  total: number;
  disagreements: number;
}

/** One exercise's matrix: clients are rows, servers are columns, `cells[row][column]`. */
export interface PairMatrix {
  exercise: string;
  clients: PairParty[];
  servers: PairParty[];
  cells: PairCell[][];
  counts: PairCounts;
}

/** One side of a student's standing: pairs that passed, that worked only through a relay, and that ran. */
export interface RoleTally {
  passed: number;
  relay: number;
  total: number;
}

/** How a student's programs fared against classmates' programs, over every exercise with pairs. */
export interface PairStanding {
  asClient: RoleTally;
  asServer: RoleTally;
}

/** True for the id that stands for the grader's reference program. */
export function isReference(id: string): boolean {
  return id === REFERENCE_ID;
}

/** The matrices of every exercise that has pairs, in the run's exercise order. */
export function pairMatrices(run: RunSummary, referenceName = 'reference'): PairMatrix[] {
  const byExercise = new Map<string, PairResult[]>();
  for (const p of run.pairs) {
    const list = byExercise.get(p.exercise) ?? [];
    list.push(p);
    byExercise.set(p.exercise, list);
  }
  const order = [...run.exercises.filter((x) => byExercise.has(x)), ...[...byExercise.keys()].filter((x) => !run.exercises.includes(x))];
  const names = nameOf(run, referenceName);
  return order.map((exercise) => matrixOf(exercise, byExercise.get(exercise)!, run, names));
}

/** Every submission's standing against classmates; a submission in no pair is absent. */
export function pairStandings(run: RunSummary): Map<string, PairStanding> {
  const standings = new Map<string, PairStanding>();
  const of = (id: string) => {
    let s = standings.get(id);
    if (!s) standings.set(id, (s = { asClient: tally(), asServer: tally() }));
    return s;
  };
  for (const p of run.pairs) {
    // Pairs with the reference are the ordinary checks, and one's own client against one's own
    // server is no classmate: neither says how well the program talks to the class.
    if (isReference(p.client) || isReference(p.server) || p.client === p.server || p.verdict === 'not-run') continue;
    count(of(p.client).asClient, p.verdict);
    count(of(p.server).asServer, p.verdict);
  }
  return standings;
}

/** An empty tally, for a submission the pairs never reached. */
export function tally(): RoleTally {
  return { passed: 0, relay: 0, total: 0 };
}

function count(t: RoleTally, verdict: PairVerdict): void {
  t.total++;
  if (verdict === 'pass') t.passed++;
  if (verdict === 'relay') t.relay++;
}

function matrixOf(exercise: string, pairs: PairResult[], run: RunSummary, name: (id: string) => string): PairMatrix {
  const clients = parties(pairs.map((p) => p.client), run, name);
  const servers = parties(pairs.map((p) => p.server), run, name);
  const found = new Map(pairs.map((p) => [`${p.client}\u0000${p.server}`, p]));
  const cells = clients.map((c) =>
    servers.map((s): PairCell => {
      const pair = found.get(`${c.id}\u0000${s.id}`);
      // A cell both of whose programs took part elsewhere, yet never met, was not run (a sample).
      if (!pair) return { client: c.id, server: s.id, verdict: 'not-run', disagreement: false };
      return { client: c.id, server: s.id, verdict: pair.verdict, disagreement: pair.disagreement === true, pair };
    }),
  );
  return { exercise, clients, servers, cells, counts: countsOf(cells) };
}

/** Counts over student × student cells only: the reference's row and column are the ordinary checks. */
function countsOf(cells: PairCell[][]): PairCounts {
  const counts: PairCounts = { works: 0, relay: 0, failed: 0, notRun: 0, total: 0, disagreements: 0 };
  for (const cell of cells.flat()) {
    if (isReference(cell.client) || isReference(cell.server)) continue;
    counts.total++;
    if (cell.verdict === 'pass') counts.works++;
    else if (cell.verdict === 'relay') counts.relay++;
    else if (cell.verdict === 'fail') counts.failed++;
    else counts.notRun++;
    if (cell.disagreement) counts.disagreements++;
  }
  return counts;
}

/** The ids in matrix order: the reference first, then the run's submission order, then strangers as they came. */
function parties(ids: string[], run: RunSummary, name: (id: string) => string): PairParty[] {
  const present = new Set(ids);
  const known = new Set(run.submissions.map((s) => s.id));
  const order = [
    ...(present.has(REFERENCE_ID) ? [REFERENCE_ID] : []),
    ...[...known].filter((id) => present.has(id)),
    ...[...present].filter((id) => !isReference(id) && !known.has(id)),
  ];
  return [...new Set(order)].map((id) => ({ id, name: name(id), reference: isReference(id) }));
}

/** The name a teacher knows a row or column by; the reference by the caller's (localised) word. */
function nameOf(run: RunSummary, referenceName: string): (id: string) => string {
  const names = new Map(run.submissions.map((s) => [s.id, s.student?.name ?? s.result?.student?.name ?? s.id]));
  return (id) => (isReference(id) ? referenceName : (names.get(id) ?? id));
}
