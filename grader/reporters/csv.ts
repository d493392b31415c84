// grades.csv: a spreadsheet of scores, or a file for Moodle's gradebook CSV import.
import type { Reporter, ReporterOptions, RunSummary } from '../events.js';
import { writeOut } from './out.js';
import { fmtScore, fmtTotal } from './safe.js';

/** Writes `<outDir>/grades.csv` once the run is over. */
export function createCsvReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'csv',
    end: async (run) => {
      const rows = opts.csvFormat === 'moodle' ? moodleRows(run) : gradeRows(run);
      await writeOut(opts.outDir, 'grades.csv', toCsv(rows));
    },
  };
}

/** `student,<exercise ids…>,total`; empty cells where nothing was graded. */
export function gradeRows(summary: RunSummary): string[][] {
  const header = ['student', ...summary.exercises, 'total'];
  const rows = summary.submissions.map((s) => {
    const byId = new Map((s.result?.exercises ?? []).map((x) => [x.id, x.score]));
    const cells = summary.exercises.map((id) => (byId.has(id) ? fmtScore(byId.get(id)!) : ''));
    return [s.id, ...cells, s.result ? fmtTotal(s.result.score, summary.begin?.settings.scale) : ''];
  });
  return [header, ...rows];
}

/**
 * Moodle's "Import grades → CSV file": the teacher maps `Identifier` to username, ID number or
 * email and `Grade` to a grade item (set its maximum to 100). Moodle aborts the whole import on
 * a row whose user it cannot find, and an empty grade clears one, so unfinished submissions are
 * left out rather than written blank. A dot decimal parses in every Moodle language.
 */
export function moodleRows(summary: RunSummary): string[][] {
  const rows = summary.submissions.flatMap((s) => (s.result ? [[s.id, fmtScore(s.result.score)]] : []));
  return [['Identifier', 'Grade'], ...rows];
}

/** RFC 4180 text with CRLF line ends, every cell guarded against formula injection. */
export function toCsv(rows: string[][]): string {
  return rows.map((row) => row.map((cell) => quote(guardFormula(cell))).join(',')).join('\r\n') + '\r\n';
}

/** Prefixes `'` to a cell a spreadsheet would run as a formula (OWASP's list, tab and CR included). */
export function guardFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
