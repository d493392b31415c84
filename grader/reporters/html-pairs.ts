// View models of the interop matrix: a table per exercise on index.html, a detail per graded pair, a line per student page.
import type { Msg, PairVerdict, RunSummary } from '../events.js';
import { entriesModel } from './html-entries.js';
import { exerciseTitle } from './html-model.js';
import { pairMatrices, pairStandings, type PairCell, type PairMatrix, type PairParty } from './pairs-model.js';
import { pairsSummaryLine, standingLine } from './pairs-text.js';
import { label, say } from './safe.js';

type T = (msg: Msg) => string;

/** What a cell shows besides its colour, so the verdict survives a black-and-white printout. */
const MARKS: Record<PairVerdict, string> = { pass: '✓', fail: '✗', relay: '⇄', 'not-run': '·' };
/** Added to a disagreement cell: the outline alone is easy to miss in a big matrix. */
export const DISAGREEMENT_FLAG = '⚑';

/** Data for the pairs section of index.html, or null when the run had no pairs (the section is left out). */
export function pairsIndexModel(run: RunSummary, t: T) {
  if (run.pairs.length === 0) return null;
  const ui = (key: string, params?: Msg['params']) => label(t, key, params);
  return { matrices: pairMatrices(run, ui('pairs.reference')).map((m, i) => matrixModel(m, `pairs-${i}`, t)) };
}

/** The pairs line of each student page ("As a client: 12/15 servers; …"), or null for a student in no pair. */
export function pairsStudentLines(run: RunSummary, t: T): (id: string) => string | null {
  const standings = pairStandings(run);
  const ui = (key: string, params?: Msg['params']) => label(t, key, params);
  return (id) => {
    const s = standings.get(id);
    return s && s.asClient.total + s.asServer.total > 0 ? standingLine(s, ui) : null;
  };
}

function matrixModel(m: PairMatrix, anchor: string, t: T) {
  const ui = (key: string, params?: Msg['params']) => label(t, key, params);
  const title = exerciseTitle(t, m.exercise);
  // Ids by position, not by student: a student id may hold any character, an element id should not.
  const detailId = (row: number, col: number) => `${anchor}-${row}-${col}`;
  const details = m.cells.flatMap((cells, row) =>
    cells.flatMap((cell, col) => (cell.pair ? [detailModel(cell, m.clients[row]!, m.servers[col]!, detailId(row, col), anchor, title, t)] : [])),
  );
  return {
    id: m.exercise,
    title,
    anchor,
    summary: pairsSummaryLine(m.exercise, m.counts, ui),
    servers: m.servers.map((s, col) => ({ name: s.name, key: filterKey(s), col, reference: s.reference })),
    rows: m.clients.map((c, row) => ({
      name: c.name,
      key: filterKey(c),
      reference: c.reference,
      cells: m.cells[row]!.map((cell, col) => ({
        col,
        cls: `pm-${cell.verdict}${cell.disagreement ? ' pm-dis' : ''}`,
        mark: MARKS[cell.verdict] + (cell.disagreement ? DISAGREEMENT_FLAG : ''),
        title: hoverText(cell, c.name, m.servers[col]!.name, t),
        // A cell never run has no conversation to open.
        href: cell.pair ? `#${detailId(row, col)}` : '',
      })),
    })),
    details,
  };
}

/** What the filter matches: the name and the id, lower-cased once here rather than per keystroke. */
function filterKey(p: PairParty): string {
  return `${p.name} ${p.id}`.toLowerCase();
}

/** The hover text: who met whom and how it went, then the plain sentence, the ports, the disagreement. */
function hoverText(cell: PairCell, client: string, server: string, t: T): string {
  const lines = [label(t, 'pairs.cell.title', { client, server, verdict: label(t, `pairs.verdict.${cell.verdict}`) })];
  const message = say(t, cell.pair?.message);
  if (message) lines.push(cell.pair?.cause ? `${message} [${cell.pair.cause}]` : message);
  else if (cell.pair?.cause) lines.push(`[${cell.pair.cause}]`);
  // The pair's own sentence already names the ports (and knows which side ignored its argv).
  const relay = message ? null : relayText(cell, t);
  if (relay) lines.push(relay);
  if (cell.disagreement) lines.push(`${DISAGREEMENT_FLAG} ${label(t, 'pairs.disagreement')}`);
  return lines.join('\n');
}

function relayText(cell: PairCell, t: T): string | null {
  const relay = cell.pair?.relay;
  return relay ? label(t, 'pairs.relay.ports', { clientPort: relay.clientPort, serverPort: relay.serverPort }) : null;
}

function detailModel(cell: PairCell, client: PairParty, server: PairParty, anchor: string, back: string, exercise: string, t: T) {
  const pair = cell.pair!;
  const entries = entriesModel(pair.transcript, t);
  const message = say(t, pair.message);
  const verdictLabel = label(t, `pairs.verdict.${pair.verdict}`);
  return {
    anchor,
    back: `#${back}`,
    exercise,
    client: client.name,
    server: server.name,
    verdict: pair.verdict,
    verdictLabel,
    disagreement: cell.disagreement,
    message,
    cause: pair.cause,
    relay: message ? null : relayText(cell, t),
    durationMs: pair.durationMs,
    entries,
    // As on a check card: without an entry marked missed, the drawing would not show where it gave up.
    seqVerdict: pair.verdict === 'fail' && !entries.some((e) => e.missed) ? (message ?? verdictLabel) : null,
  };
}
