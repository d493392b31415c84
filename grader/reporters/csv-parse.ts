// An RFC 4180 reader that remembers where every cell sits, so a file can be edited cell by cell
// and every byte it did not change written back as it was (BOM, quoting, CRLF or LF, blank lines).
import { toCsv } from './csv.js';

/** One cell: its value, and the span of its raw text (quotes included) in the document's text. */
export interface CsvCell {
  value: string;
  start: number;
  end: number;
}

/** One record (a line, or several when a quoted cell holds newlines). */
export interface CsvRecord {
  cells: CsvCell[];
  /** Span of the record's raw text in the document's text, without its line end. */
  start: number;
  end: number;
  /** The line end that followed it: `\r\n`, `\n`, `\r`, or '' for a last line without one. */
  eol: string;
}

export interface CsvDocument {
  /** A UTF-8 byte-order mark the file started with, or ''. */
  bom: string;
  /** The text after the BOM; every span points into it. */
  text: string;
  records: CsvRecord[];
}

const BOM = '\uFEFF';

/**
 * Parses CSV text. Lenient where files in the wild are: a quote inside an unquoted cell is kept as
 * a character, text after a closing quote is appended, and an unterminated quote runs to the end.
 * A trailing line end does not make an empty last record.
 */
export function parseCsv(input: string): CsvDocument {
  const bom = input.startsWith(BOM) ? BOM : '';
  const text = input.slice(bom.length);
  const records: CsvRecord[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    const cells: CsvCell[] = [];
    for (;;) {
      const cellStart = i;
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) break;
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          value += c;
          i++;
        }
      }
      // Unquoted text, or whatever follows a closing quote, up to the next comma or line end.
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
      cells.push({ value, start: cellStart, end: i });
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    const end = i;
    let eol = '';
    if (text[i] === '\r' && text[i + 1] === '\n') eol = '\r\n';
    else if (text[i] === '\n' || text[i] === '\r') eol = text[i]!;
    i += eol.length;
    records.push({ cells, start, end, eol });
  }
  return { bom, text, records };
}

/** A value as one CSV cell, quoted when it must be and guarded against formula injection (as csv.ts writes). */
export function encodeCell(value: string): string {
  return toCsv([[value]]).slice(0, -2);
}

/**
 * The document with some cells replaced (record index → column index → new value), every other byte
 * as it was. A record too short for a column is padded with empty cells first.
 */
export function rewriteCells(doc: CsvDocument, changes: Map<number, Map<number, string>>): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const [r, cols] of changes) {
    const record = doc.records[r];
    if (!record) continue;
    const raw = doc.text.slice(record.start, record.end);
    const width = Math.max(record.cells.length, ...[...cols.keys()].map((c) => c + 1));
    const parts: string[] = [];
    for (let c = 0; c < width; c++) {
      const cell = record.cells[c];
      if (cols.has(c)) parts.push(encodeCell(cols.get(c)!));
      else parts.push(cell ? raw.slice(cell.start - record.start, cell.end - record.start) : '');
    }
    edits.push({ start: record.start, end: record.end, text: parts.join(',') });
  }
  let out = doc.text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return doc.bom + out;
}
