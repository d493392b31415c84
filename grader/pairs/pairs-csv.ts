// The teacher's own pairs (grade --pairs pares.csv): read the CSV, then resolve each written name to a submission.
import { UsageError } from '../errors.js';
import type { PairCandidate } from './select.js';
import { REFERENCE_ID, type PlannedPair } from './types.js';

/** One pair as the teacher wrote it, with the line it came from for error sentences. */
export interface PairsCsvRow {
  client: string;
  server: string;
  line: number;
  exercise?: string;
}

type Column = 'client' | 'server' | 'exercise';

/** Header words, already normalised: English and Portuguese, since teachers write either. */
const HEADER_WORDS = new Map<string, Column>([
  ['client', 'client'],
  ['cliente', 'client'],
  ['server', 'server'],
  ['servidor', 'server'],
  ['exercise', 'exercise'],
  ['exercicio', 'exercise'],
]);

/** Words that stand for the grader's reference program instead of a student. */
const REFERENCE_WORDS = new Set(['reference', 'referencia', REFERENCE_ID]);

/** Lower-case, accents stripped (NFD marks), spaces collapsed: how a teacher's spelling is compared. */
export function normaliseName(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The pairs of a CSV with a `client,server[,exercise]` header (or none), `,` or `;`, quotes, BOM, CRLF and `#` comments. */
export function parsePairsCsv(text: string, file: string): PairsCsvRow[] {
  const body = text.replace(/^\uFEFF/, '');
  const records = splitRecords(body, detectSeparator(body), file).filter((r) => r.cells.some((c) => c !== ''));
  if (records.length === 0) return [];
  const header = readHeader(records[0]!, file);
  // No header line: the columns are client, server and, when present, exercise.
  const columns = header ?? ['client', 'server', 'exercise'];
  return records.slice(header ? 1 : 0).map((r) => toRow(r, columns, header !== undefined, file));
}

interface CsvRecord {
  cells: string[];
  line: number;
}

/** `;` when the first data line has more semicolons than commas outside quotes (Brazilian Excel), else `,`. */
function detectSeparator(body: string): ',' | ';' {
  const first = body.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  const outside = first.replace(/"[^"]*("|$)/g, '');
  const count = (ch: string) => outside.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** Splits the text into records, honouring quotes (`""` is a quote, a newline may sit inside) and skipping `#` lines. */
function splitRecords(body: string, sep: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let atLineStart = true;
  const endRecord = () => {
    cells.push(cell.trim());
    records.push({ cells, line: start });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
      if (ch === '\n') line++;
      continue;
    }
    if (atLineStart) {
      start = line;
      atLineStart = false;
      // A comment is a whole line whose first visible character is #; a quoted "#" is a name.
      const end = body.indexOf('\n', i);
      if (body.slice(i, end === -1 ? undefined : end).trimStart().startsWith('#')) {
        i = end === -1 ? body.length : end;
        line++;
        atLineStart = true;
        continue;
      }
    }
    if (ch === '"' && cell.trim() === '') (quoted = true), (cell = '');
    else if (ch === sep) cells.push(cell.trim()), (cell = '');
    else if (ch === '\n') endRecord(), line++, (atLineStart = true);
    else if (ch !== '\r') cell += ch;
  }
  if (quoted) throw new UsageError(`${file}:${start}: a quoted field is never closed; add the missing ".`, 'pairs-csv');
  if (!atLineStart) endRecord();
  return records;
}

/** The column order named by a header line, or undefined when the first line is already a pair. */
function readHeader(record: CsvRecord, file: string): Column[] | undefined {
  const cells = trimTrailing(record.cells);
  if (!cells.some((c) => HEADER_WORDS.has(normaliseName(c)))) return undefined;
  const columns = cells.map((c) => {
    const column = HEADER_WORDS.get(normaliseName(c));
    if (column === undefined) throw new UsageError(`${file}:${record.line}: unknown column "${c}"; the columns are client, server and optionally exercise.`, 'pairs-csv');
    return column;
  });
  if (!columns.includes('client') || !columns.includes('server') || new Set(columns).size !== columns.length) {
    throw new UsageError(`${file}:${record.line}: the header must name a client and a server column once each, got ${cells.join(', ')}.`, 'pairs-csv');
  }
  return columns;
}

/** One record as a row, checked for exactly a client and a server name. */
function toRow(record: CsvRecord, columns: Column[], hasHeader: boolean, file: string): PairsCsvRow {
  const cells = trimTrailing(record.cells);
  const at = `${file}:${record.line}`;
  if (cells.length > columns.length) {
    const expected = hasHeader ? `${columns.length} columns (${columns.join(',')})` : 'two names (client,server) and at most an exercise';
    throw new UsageError(`${at}: expected ${expected}, got ${cells.length} columns.`, 'pairs-csv');
  }
  const value = (column: Column) => cells[columns.indexOf(column)] ?? '';
  const client = value('client');
  const server = value('server');
  const names = [client, server].filter((n) => n !== '').length;
  if (names < 2) throw new UsageError(`${at}: expected two names (client,server), got ${names}.`, 'pairs-csv');
  const exercise = value('exercise');
  return exercise === '' ? { client, server, line: record.line } : { client, server, line: record.line, exercise };
}

/** Drops empty cells at the end: Excel writes `a;b;` and `;;` for untouched columns. */
function trimTrailing(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

/** The rows of this exercise resolved to candidates; a name that cannot be resolved is a problem sentence, not an exception. */
export function matchPairsCsv(
  rows: PairsCsvRow[],
  exercise: string,
  candidates: PairCandidate[],
  file: string,
): { pairs: PlannedPair[]; problems: string[]; skipped: string[] } {
  const pairs: PlannedPair[] = [];
  const problems: string[] = [];
  // A student without this exercise's program is a fact of the class, not a mistake in the file.
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.exercise !== undefined && normaliseName(row.exercise) !== normaliseName(exercise)) continue;
    const at = `${file}:${row.line}`;
    const client = resolveRole(row.client, 'client', exercise, candidates, at);
    const server = resolveRole(row.server, 'server', exercise, candidates, at);
    if ('problem' in client || 'problem' in server) {
      // Both sides are reported, so one pass over the file shows every misspelling.
      for (const r of [client, server]) if ('problem' in r) (r.lacksProgram ? skipped : problems).push(r.problem);
      continue;
    }
    if (client.id === REFERENCE_ID && server.id === REFERENCE_ID) {
      problems.push(`${at}: the reference against itself is not a student's pair; name a student on one side.`);
      continue;
    }
    const key = `${client.id}\u0000${server.id}`;
    if (!seen.has(key)) pairs.push({ exercise, client: client.id, server: server.id });
    seen.add(key);
  }
  return { pairs, problems, skipped };
}

type Resolution = { id: string } | { problem: string; lacksProgram?: boolean };

/** A name resolved to a candidate that has the program this side of the pair needs. */
function resolveRole(written: string, role: 'client' | 'server', exercise: string, candidates: PairCandidate[], at: string): Resolution {
  if (REFERENCE_WORDS.has(normaliseName(written))) return { id: REFERENCE_ID };
  const matches = findCandidates(written, candidates);
  if (matches.length === 0) return { problem: `${at}: "${written}" matches no student; check the spelling or use the id.` };
  if (matches.length > 1) {
    const names = matches.slice(0, 5).map(label).join(', ') + (matches.length > 5 ? `, and ${matches.length - 5} more` : '');
    return { problem: `${at}: "${written}" matches ${matches.length} students (${names}); write the full name.` };
  }
  const found = matches[0]!;
  const has = role === 'client' ? found.hasClient : found.hasServer;
  if (!has) return { problem: `${at}: ${label(found)} has no ${role} program for ${exercise}, so the pair is skipped.`, lacksProgram: true };
  return { id: found.id };
}

/** Exact id, then LMS id, then normalised name, then a unique prefix, then a unique substring: the first stage that finds anyone decides. */
function findCandidates(written: string, candidates: PairCandidate[]): PairCandidate[] {
  const wanted = written.trim();
  const norm = normaliseName(written);
  const stages: ((c: PairCandidate) => boolean)[] = [
    (c) => c.id === wanted,
    (c) => c.lmsId !== undefined && c.lmsId.trim() === wanted,
    // An empty name would be a prefix of everyone; it can only reach here from a hand-built row.
    (c) => norm !== '' && normaliseName(c.name) === norm,
    (c) => norm !== '' && normaliseName(c.name).startsWith(norm),
    (c) => norm !== '' && normaliseName(c.name).includes(norm),
  ];
  for (const stage of stages) {
    const found = candidates.filter(stage);
    if (found.length > 0) return found;
  }
  return [];
}

/** How a candidate is named in a sentence: the name, or the id when the name is blank. */
function label(c: PairCandidate): string {
  return c.name.trim() === '' ? c.id : c.name;
}
