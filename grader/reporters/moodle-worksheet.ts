// Filling the teacher's own Moodle grading worksheet (Assignment → "Download grading worksheet"):
// only the Grade and Feedback comments cells of graded students change; every other byte stays.
//
// The columns, as Moodle writes them (mod/assign/gradingtable.php, assign_grading_table constructor
// when downloading; moodle/moodle):
//   recordid "Identifier" ("Participant " . get_uniqueid_for_user), fullname "Full name", the site's
//   extra user fields ("Email address", …), status "Status", [team], [allocated marker],
//   grade "Grade", grademax "Maximum grade" (or "Scale" for a scale), [workflow state],
//   gradecanbechanged "Grade can be changed", [timesubmitted "Last modified (submission)" and the
//   submission plugins' text fields], timemarked "Last modified (grade)" = userdate(timemarked),
//   then each enabled feedback plugin's editor fields: assignfeedback_comments → "Feedback comments",
//   [outcomes].
// Moodle writes the headers in the downloading teacher's language, and the importer
// (mod/assign/feedback/offline/importgradeslib.php, init()) finds Identifier, Grade and
// Last modified (grade) by exact header text in the importing teacher's language, takes the
// participant number as the Identifier minus the length of get_string('hiddenuser', 'assign'),
// and parses the grade with unformat_float (lib/moodlelib.php: spaces dropped, the language's
// decimal separator turned into '.'), so a dot decimal reads right in every language.
import type { Msg } from '../events.js';
import { parseCsv, rewriteCells, type CsvDocument } from './csv-parse.js';
import { fmtScore } from './safe.js';

/** What sockgrade puts in a graded student's row. */
export interface WorksheetGrade {
  /** 0–100. */
  score: number;
  /** The Feedback comments cell, already in the form Moodle stores it. */
  feedback: string;
}

/** Column indexes found in a worksheet. */
export interface WorksheetColumns {
  identifier: number;
  grade: number;
  maxGrade?: number;
  feedback?: number;
  lastModifiedGrade?: number;
}

export interface FilledWorksheet {
  /** The worksheet with the grades in, byte-identical elsewhere. */
  text: string;
  columns: WorksheetColumns;
  /** Participant numbers whose rows were filled, in file order. */
  filled: string[];
}

/** Header names Moodle's language packs give these columns, normalised (see `normalize`): en, pt-BR, es, fr. */
const HEADERS = {
  grade: ['grade', 'nota', 'calificacion', 'note'],
  maxGrade: ['maximum grade', 'nota maxima', 'calificacion maxima', 'note maximale'],
  feedback: [
    'feedback comments',
    'comentarios de feedback',
    'comentarios de retroalimentacion',
    'comentarios de realimentacion',
    'commentaires de feedback',
    'feedback par commentaires',
    'commentaires',
  ],
  lastModifiedGrade: [
    'last modified (grade)',
    'ultima modificacao (nota)',
    'ultima modificacion (calificacion)',
    'derniere modification (note)',
  ],
};

/** `Participant 123`, `Participante 123`, `Teilnehmer/in 123`: words, then the participant number. */
const PARTICIPANT = /^\s*\p{L}[\p{L}\p{M}'’./\- ]*?\s+0*(\d+)\s*$/u;

/** The participant number in an Identifier cell (leading zeros dropped), or null. */
export function participantNumber(cell: string): string | null {
  const m = PARTICIPANT.exec(cell);
  return m ? m[1]! || '0' : null;
}

/** A participant id as the worksheet's Identifier carries it: digits without leading zeros, or null. */
export function normalizeParticipant(id: string | undefined): string | null {
  const m = /^\s*0*(\d+)\s*$/.exec(id ?? '');
  return m ? m[1]! || '0' : null;
}

/** Lower case, accents and extra spaces gone, so `Última  modificação (nota)` matches `ultima modificacao (nota)`. */
function normalize(header: string): string {
  return header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A number as Moodle's format_float writes it (`10`, `10.00`, `10,00`), or null. */
function parseNumber(cell: string): number | null {
  const text = cell.replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/** `Tuesday, 1 December 2026, 10:32 AM`, `terça-feira, 1 dezembro 2026, 10:32`, or `-` for "never". */
function looksLikeDate(cell: string): boolean {
  const v = cell.trim();
  return v === '-' || (/\b\d{4}\b/.test(v) && /\d{1,2}:\d{2}/.test(v));
}

/**
 * Finds the columns: Identifier by its values (the first column whose cells all read `<words> <digits>`),
 * the others by header name, then by position in Moodle's order when a header is in a language not
 * listed: Grade just before a constant numeric Maximum grade, Feedback comments just after
 * Last modified (grade), the last column of dates.
 */
export function findColumns(header: string[], rows: string[][]): WorksheetColumns | { reason: string } {
  const names = header.map(normalize);
  const column = (list: string[]) => {
    const i = names.findIndex((n) => list.includes(n));
    return i < 0 ? undefined : i;
  };
  const values = (c: number) => rows.map((r) => r[c] ?? '').filter((v) => v.trim() !== '');
  const identifier = header.findIndex((_, c) => {
    const cells = values(c);
    return cells.length > 0 && cells.every((v) => participantNumber(v) !== null);
  });
  if (identifier < 0) return { reason: 'lms.moodle.reason.noIdentifier' };
  const after = (c: number | undefined) => (c !== undefined && c > identifier ? c : undefined);

  let maxGrade = after(column(HEADERS.maxGrade));
  if (maxGrade === undefined) {
    // Maximum grade is a numeric column holding one value on every row; when every student has the
    // same grade too, Grade is such a column as well, and Maximum grade is the second of the two.
    const constant = (c: number) => {
      const cells = rows.map((r) => r[c] ?? '');
      const first = parseNumber(cells[0] ?? '');
      return c > identifier + 1 && cells.length > 0 && first !== null && cells.every((v) => parseNumber(v) === first);
    };
    const c = header.findIndex((_, i) => constant(i) && !constant(i + 1));
    maxGrade = c < 0 ? undefined : c;
  }
  const grade = after(column(HEADERS.grade)) ?? (maxGrade !== undefined && maxGrade - 1 > identifier ? maxGrade - 1 : undefined);
  if (grade === undefined) return { reason: 'lms.moodle.reason.noGrade' };

  let lastModifiedGrade = after(column(HEADERS.lastModifiedGrade));
  if (lastModifiedGrade === undefined) {
    for (let c = header.length - 1; c > grade; c--) {
      const cells = values(c);
      if (cells.length > 0 && cells.every(looksLikeDate)) {
        lastModifiedGrade = c;
        break;
      }
    }
  }
  let feedback = after(column(HEADERS.feedback));
  if (feedback === undefined && lastModifiedGrade !== undefined && lastModifiedGrade + 1 < header.length) feedback = lastModifiedGrade + 1;
  return {
    identifier,
    grade,
    ...(maxGrade !== undefined ? { maxGrade } : {}),
    ...(feedback !== undefined && feedback !== grade ? { feedback } : {}),
    ...(lastModifiedGrade !== undefined ? { lastModifiedGrade } : {}),
  };
}

/** The grade for a worksheet row: the 0–100 total, scaled to the row's Maximum grade when there is one. */
export function worksheetGrade(score: number, maxCell: string | undefined): string {
  const max = maxCell === undefined ? null : parseNumber(maxCell);
  if (max === null || max <= 0 || max === 100) return fmtScore(score);
  // Moodle's grade items keep two decimals by default.
  return (Math.round(((score * max) / 100) * 100) / 100).toFixed(2);
}

/**
 * Fills the worksheet for the students in `grades` (keyed by participant number). Returns the new
 * text, or a reason (a lms.* key) when the file is not a worksheet this can fill.
 */
export function fillWorksheet(input: string, grades: Map<string, WorksheetGrade>): FilledWorksheet | { reason: Msg } {
  const doc: CsvDocument = parseCsv(input);
  const [head, ...body] = doc.records;
  const dataRows = body.filter((r) => !(r.cells.length === 1 && r.cells[0]!.value === ''));
  if (!head || dataRows.length === 0) return { reason: { key: 'lms.moodle.reason.empty' } };
  const header = head.cells.map((c) => c.value);
  const found = findColumns(header, dataRows.map((r) => r.cells.map((c) => c.value)));
  if ('reason' in found) return { reason: { key: found.reason } };
  const changes = new Map<number, Map<number, string>>();
  const filled: string[] = [];
  doc.records.forEach((record, r) => {
    if (r === 0) return;
    const number = participantNumber(record.cells[found.identifier]?.value ?? '');
    const grade = number === null ? undefined : grades.get(number);
    if (!grade || number === null) return;
    const cols = new Map<number, string>();
    cols.set(found.grade, worksheetGrade(grade.score, found.maxGrade === undefined ? undefined : record.cells[found.maxGrade]?.value));
    if (found.feedback !== undefined) cols.set(found.feedback, grade.feedback);
    changes.set(r, cols);
    filled.push(number);
  });
  return { text: rewriteCells(doc, changes), columns: found, filled };
}
