// --reporter canvas: canvas-grades.csv for Canvas's Gradebook → Import.
//
// What Canvas expects, as found (Canvas guides, not Canvas's importer source): its own gradebook
// export starts `Student,ID,SIS User ID,SIS Login ID,Section,<assignments…>`, each assignment as
// `<title> (<id>)`, with a second "Points Possible" row. Guides for the import (e.g. Ohio State's
// "Import a CSV file to Carmen grades") list as required one student column (name, Canvas ID or SIS
// User ID), SIS Login ID, Section and the assignment columns; an assignment header carrying an
// existing assignment's `(<id>)` fills that one, any other header makes a new assignment. This file
// writes the header `Student,ID,Section,<assignment>`: ID is the Canvas user id taken from the
// download's file names; Section is left empty. No "Points Possible" row: an existing assignment
// keeps its points; a new one should be set to 100 points, the scale of the total here.
import type { Reporter, ReporterOptions, RunSummary } from '../events.js';
import { toCsv } from './csv.js';
import { lmsStudents, warnLeftOut } from './feedback-text.js';
import { writeOut } from './out.js';
import { fmtTotal } from './safe.js';

export const CANVAS_GRADES_FILE = 'canvas-grades.csv';
export const DEFAULT_CANVAS_ASSIGNMENT = 'sockgrade';

/** Writes canvas-grades.csv once the run is over. */
export function createCanvasReporter(opts: ReporterOptions): Reporter {
  return { name: 'canvas', end: (run) => writeCanvas(run, opts) };
}

async function writeCanvas(run: RunSummary, opts: ReporterOptions): Promise<void> {
  await writeOut(opts.outDir, CANVAS_GRADES_FILE, toCsv(canvasRows(run, opts)));
}

/** `Student,ID,Section,<assignment>` and a row per graded Canvas student; warns about the others. */
export function canvasRows(run: RunSummary, opts: ReporterOptions): string[][] {
  const selection = lmsStudents(run, 'canvas', canvasUserId);
  warnLeftOut(opts, 'canvas', 'Canvas', selection);
  const assignment = opts.canvasAssignment?.trim() || DEFAULT_CANVAS_ASSIGNMENT;
  return [['Student', 'ID', 'Section', assignment], ...selection.students.map((s) => [s.name, s.lmsId, '', fmtTotal(s.result.score, run.begin?.settings.scale)])];
}

/** A Canvas user id: digits (Canvas's numeric ids), or null. */
export function canvasUserId(id: string | undefined): string | null {
  const m = /^\s*(\d+)\s*$/.exec(id ?? '');
  return m ? m[1]! : null;
}
