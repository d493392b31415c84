// moodle-feedback.zip: each student's HTML page, named so that Moodle's "Upload multiple feedback
// files in a zip" (Assignment → View all submissions → Grading action) files it under that student.
//
// The rule, from mod/assign/feedback/file/importziplib.php (moodle/moodle),
// assignfeedback_file_zip_importer::is_valid_filename_for_import(): files whose name starts with
// '.' or '~' are ignored; each part of the path is split with explode('_', $part, 5) and needs at
// least 4 pieces: fullname, participant id (numeric, the same number as "Participant N" in the
// worksheet, assign::get_uniqueid_for_user), plugin type, plugin name; the plugin must exist in the
// assignment (get_plugin_by_type('assignfeedback', 'file') = feedback files), and what follows the
// 4th '_' becomes the feedback file's name. So `<fullname>_<id>_assignfeedback_file_<file>`, with no
// '_' in the full name (it would shift the id out of place). Moodle matches by the id alone; the
// name is only for the teacher reading the zip.
import { ZipFile } from 'yazl';
import type { ReporterOptions, RunSummary, SubmissionSummary } from '../events.js';
import { studentPageRenderer } from './html.js';

/** The feedback file's name in Moodle, the same for every student. */
export const FEEDBACK_FILE = 'sockgrade-report.html';

/** A student to send a page to: their Moodle participant id and full name. */
export interface FeedbackStudent {
  participant: string;
  name: string;
  submission: SubmissionSummary;
}

/** The zip entry Moodle files under participant `participant`: `<fullname>_<id>_assignfeedback_file_<file>`. */
export function moodleZipEntryName(fullName: string, participant: string, file = FEEDBACK_FILE): string {
  const name =
    fullName
      .normalize('NFC')
      // '_' separates the fields; '/' and '\' would make folders; controls, and what Windows refuses
      // in a file name (the teacher may unzip it), have no place in it.
      .replace(/[_/\\<>:"|?*\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      // A leading '.' or '~' hides the file from the importer.
      .replace(/^[.~\s]+/, '')
      .slice(0, 100)
      .trim() || 'student';
  return `${name}_${participant}_assignfeedback_file_${file}`;
}

/** The students' pages, self-contained (inline CSS, no link out of the page), in the zip's order. */
export function feedbackEntries(students: FeedbackStudent[], run: RunSummary, opts: ReporterOptions): { name: string; html: string }[] {
  if (students.length === 0) return [];
  const render = studentPageRenderer(opts, { standalone: true });
  return students.map((s) => ({ name: moodleZipEntryName(s.name, s.participant), html: render(s.submission, run) }));
}

/** A zip of the entries with one fixed modification time, so the same run gives the same archive. */
export async function buildZip(entries: { name: string; html: string }[], mtime: Date): Promise<Buffer> {
  const zip = new ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from(e.html, 'utf8'), e.name, { mtime, mode: 0o100644, compress: true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
