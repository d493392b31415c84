// --reporter moodle: grades and feedback for a Moodle assignment.
//   moodle-grades.csv   for "Upload grading worksheet" (the offline grading worksheet feedback type):
//                       a new worksheet, or with --moodle-worksheet the teacher's own one filled in;
//   moodle-feedback.zip for "Upload multiple feedback files in a zip" (the feedback files type).
// Rows exist only for submissions intake took from a Moodle download (layout moodle) with a
// participant id and a result; the others are named in a warning line.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, ReporterOptions, RunSummary } from '../events.js';
import { toCsv } from './csv.js';
import { feedbackLines, lmsStudents, warn, warnLeftOut, type LmsStudent } from './feedback-text.js';
import { buildZip, feedbackEntries } from './moodle-feedback.js';
import { fillWorksheet, normalizeParticipant, type WorksheetGrade } from './moodle-worksheet.js';
import { writeOut } from './out.js';
import { fmtScore, label, say } from './safe.js';

export const MOODLE_GRADES_FILE = 'moodle-grades.csv';
export const MOODLE_FEEDBACK_ZIP = 'moodle-feedback.zip';

/**
 * The header of a new worksheet: the English strings Moodle's importer looks for
 * (get_string('recordid', 'assign'), 'fullname', 'grade', 'lastmodifiedgrade' and the comments
 * plugin's name). They match only while the importing teacher's Moodle is in English; in another
 * language, download the worksheet and pass it as --moodle-worksheet.
 */
export const MOODLE_HEADER = ['Identifier', 'Full name', 'Grade', 'Last modified (grade)', 'Feedback comments'];

/** Writes moodle-grades.csv and moodle-feedback.zip once the run is over. */
export function createMoodleReporter(opts: ReporterOptions): Reporter {
  return { name: 'moodle', end: (run) => writeMoodle(run, opts) };
}

async function writeMoodle(run: RunSummary, opts: ReporterOptions): Promise<void> {
  const selection = lmsStudents(run, 'moodle', normalizeParticipant);
  warnLeftOut(opts, 'moodle', 'Moodle', selection);
  const when = runTime(run, opts);
  const students = selection.students;
  const sheet = opts.moodleWorksheet ? await filledWorksheet(opts.moodleWorksheet, students, opts) : null;
  await writeOut(opts.outDir, MOODLE_GRADES_FILE, sheet ?? toCsv(moodleGradeRows(students, when, opts.t)));
  const pages = feedbackEntries(
    students.map((s) => ({ participant: s.lmsId, name: s.name, submission: s.submission })),
    run,
    opts,
  );
  const file = path.join(opts.outDir, MOODLE_FEEDBACK_ZIP);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, await buildZip(pages, when));
}

/** The header and one row per student of a new worksheet. */
export function moodleGradeRows(students: LmsStudent[], when: Date, t: ReporterOptions['t']): string[][] {
  const date = moodleDate(when);
  return [MOODLE_HEADER, ...students.map((s) => [`Participant ${s.lmsId}`, s.name, fmtScore(s.result.score), date, moodleComment(feedbackLines(s.result, t))])];
}

/**
 * The Feedback comments cell. Moodle stores an imported comment as HTML (assignfeedback_comments
 * set_editor_text: commentformat FORMAT_HTML), so the plain-text lines are escaped, or a student's
 * `<script>` quoted in a message would be taken as markup, and joined with <br>, or they would run
 * together into one line.
 */
export function moodleComment(lines: string[]): string {
  return lines.map((l) => l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')).join('<br>');
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A date as Moodle writes "Last modified (grade)" in an English worksheet: gradingtable.php's
 * col_timemarked is userdate($row->timemarked), whose default format is
 * get_string('strftimedaydatetime', 'langconfig') = '%A, %d %B %Y, %I:%M %p' in en, with the
 * leading zeros of %d and %I removed (calendar/type/gregorian structure: fixday, fixhour):
 * `Tuesday, 1 December 2026, 10:32 AM`. The importer reads it back with strtotime() in the
 * server's time zone, so it is written in this machine's local time.
 */
export function moodleDate(d: Date): string {
  const hour = d.getHours() % 12 || 12;
  const minute = String(d.getMinutes()).padStart(2, '0');
  return `${DAYS[d.getDay()]}, ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${hour}:${minute} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

/**
 * When the grades were made: the run's start (a replayed log keeps its own date, so a grade a
 * teacher changed in Moodle after the run is not overwritten unless they allow it), else now.
 */
export function runTime(run: RunSummary, opts: Pick<ReporterOptions, 'now'>): Date {
  const started = Date.parse(run.begin?.startedAt ?? '');
  if (Number.isFinite(started)) return new Date(started);
  const now = opts.now ? opts.now() : new Date();
  return Number.isFinite(now.getTime()) ? now : new Date(0);
}

/** The teacher's worksheet with the grades filled in, or null (after a warning) when it cannot be used. */
async function filledWorksheet(file: string, students: LmsStudent[], opts: ReporterOptions): Promise<string | null> {
  const unusable = (reason: string) => {
    warn(opts, 'lms.moodle.worksheetUnusable', { file, reason });
    return null;
  };
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    return unusable(label(opts.t, 'lms.moodle.reason.unreadable', { error: (e as NodeJS.ErrnoException).code ?? String(e) }));
  }
  let text: string;
  try {
    // Fatal: a byte that is not UTF-8 would be replaced, and the file would no longer be the teacher's.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return unusable(label(opts.t, 'lms.moodle.reason.notUtf8'));
  }
  const grades = new Map<string, WorksheetGrade>(
    students.map((s) => [s.lmsId, { score: s.result.score, feedback: moodleComment(feedbackLines(s.result, opts.t)) }]),
  );
  const filled = fillWorksheet(text, grades);
  if ('reason' in filled) return unusable(say(opts.t, filled.reason) ?? filled.reason.key);
  if (filled.columns.feedback === undefined && students.length > 0) warn(opts, 'lms.moodle.noFeedbackColumn');
  const done = new Set(filled.filled);
  const missing = students.filter((s) => !done.has(s.lmsId)).map((s) => s.name);
  if (missing.length > 0) warn(opts, 'lms.moodle.notInWorksheet', { count: missing.length, names: missing.join(', ') });
  return filled.text;
}
