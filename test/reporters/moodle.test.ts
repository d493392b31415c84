import fs from 'node:fs';
import path from 'node:path';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { describe, expect, it } from 'vitest';
import type { GradeEvent, Msg, StudentIdentity, SubmissionEndEvent } from '../../grader/events.js';
import { translator } from '../../grader/i18n/catalog.js';
import { parseCsv, rewriteCells } from '../../grader/reporters/csv-parse.js';
import { feedbackLines } from '../../grader/reporters/feedback-text.js';
import { FEEDBACK_FILE, moodleZipEntryName } from '../../grader/reporters/moodle-feedback.js';
import { findColumns, participantNumber, worksheetGrade } from '../../grader/reporters/moodle-worksheet.js';
import { createMoodleReporter, moodleComment, moodleDate, runTime } from '../../grader/reporters/moodle.js';
import { HOSTILE_ID, memoryStream, ODD_EVENTS, options, replay, root, sampleEvents, tempDir } from './helpers.js';

const WORKSHEET = path.join(root, 'test/fixtures/lms/moodle-worksheet-pt-BR.csv');
/** 10:32 local time, so Moodle's local-time date reads the same on every machine. */
const STARTED = new Date(2026, 11, 1, 10, 32);

type Who = Partial<StudentIdentity> & { name: string };

/** The sample run with intake's identities added to run:begin and the submission events. */
function withStudents(events: GradeEvent[], who: Record<string, Who | undefined>): GradeEvent[] {
  const identity = (id: string): StudentIdentity | undefined => {
    const w = who[id];
    return w ? { id, layout: 'moodle', ...w } : undefined;
  };
  return events.map((e) => {
    if (e.type === 'run:begin') {
      return { ...e, startedAt: STARTED.toISOString(), submissions: e.submissions.map((s) => (identity(s.id) ? { ...s, student: identity(s.id) } : s)) };
    }
    if ((e.type === 'submission:begin' || e.type === 'submission:end') && identity(e.submissionId)) return { ...e, student: identity(e.submissionId) };
    return e;
  });
}

const CLASS: Record<string, Who> = {
  alice: { lmsId: '123456', name: 'Ana Júlia Souza' },
  bob: { lmsId: '123457', name: "João D'Ávila" },
  [HOSTILE_ID]: { name: HOSTILE_ID, layout: 'folders' },
};

/** A real catalog; keys it lacks (the sample's invented ones) show their params, so student text stays visible. */
function catalog(lang: string): (msg: Msg) => string {
  const t = translator(lang);
  return (msg) => {
    const text = t(msg);
    return text === msg.key && msg.params ? `${msg.key} ${JSON.stringify(msg.params)}` : text;
  };
}

async function run(events: unknown[], overrides: Parameters<typeof options>[1] = {}) {
  const dir = tempDir();
  const stream = memoryStream();
  const lang = overrides.lang ?? 'en';
  await replay(createMoodleReporter(options(dir, { t: catalog(lang), stream, ...overrides })), events);
  const read = (f: string) => fs.readFileSync(path.join(dir, f));
  return { dir, stream, csv: read('moodle-grades.csv').toString('utf8'), zip: read('moodle-feedback.zip') };
}

function resultOf(events: GradeEvent[], id: string): SubmissionEndEvent {
  return events.find((e): e is SubmissionEndEvent => e.type === 'submission:end' && e.submissionId === id)!;
}

interface ZipItem {
  name: string;
  mtime: Date;
  text: string;
}

function readZip(buffer: Buffer): Promise<ZipItem[]> {
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, { lazyEntries: true }, (err: Error | null, zip: ZipFile) => {
      if (err) return reject(err);
      const items: ZipItem[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(items));
      zip.on('entry', (entry: Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            items.push({ name: entry.fileName, mtime: entry.getLastModDate(), text: Buffer.concat(chunks).toString('utf8') });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Moodle's is_valid_filename_for_import, for a zip entry without folders: [fullname, id, type, name, file] or null. */
function moodleImportParts(entryName: string): string[] | null {
  if (entryName.startsWith('.') || entryName.startsWith('~')) return null;
  const parts = entryName.split('_');
  const info = [...parts.slice(0, 4), parts.slice(4).join('_')];
  return parts.length >= 4 && /^\d+$/.test(info[1]!) ? info : null;
}

describe('moodle reporter: a new grading worksheet', () => {
  it('writes the exact header and a row per Moodle participant, the date in Moodle English format', async () => {
    const events = withStudents(sampleEvents(), CLASS);
    const { csv, stream } = await run(events);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Identifier,Full name,Grade,Last modified (grade),Feedback comments');
    expect(lines).toHaveLength(4); // header, alice, bob, and the final CRLF
    expect(lines[3]).toBe('');
    const rows = parseCsv(csv).records.map((r) => r.cells.map((c) => c.value));
    expect(rows[1]).toEqual([
      'Participant 123456',
      'Ana Júlia Souza',
      '87.5',
      'Tuesday, 1 December 2026, 10:32 AM',
      'Total: 87.5/100<br>Activity 2: multi-client chat server and client — check.chat.handles-disconnect.fail {"peer":"C","expected":"ping"} (checks: handles-disconnect)',
    ]);
    expect(rows[2]!.slice(0, 4)).toEqual(['Participant 123457', "João D'Ávila", '33.3', 'Tuesday, 1 December 2026, 10:32 AM']);
    expect(rows[2]![4]!.split('<br>')).toEqual([
      'Total: 33.3/100',
      'Activity 1: TCP "Ola Mundo" client and server — check.tcp-hello.server-prints-message.fail {"expected":"Olá Mundo!","got":"Recebido: &lt;script&gt;alert(1)&lt;/script&gt;"} (checks: server-prints-message)',
      'Activity 2: multi-client chat server and client — no file for this exercise was found.',
    ]);
    expect(csv).not.toContain('<script');
    // The student from plain folders has no participant id: named on the stream, not in the file.
    expect(csv).not.toContain('HYPERLINK');
    expect(stream.text()).toBe(`moodle: left out 1 submission(s) without a Moodle id: ${HOSTILE_ID}.\n`);
  });

  it('leaves out unfinished submissions and says so, in the run language, and is silent when quiet', async () => {
    const events = withStudents(sampleEvents(), CLASS).filter((e) => !(e.type === 'submission:end' && e.submissionId === 'bob'));
    const { csv, stream } = await run(events, { lang: 'pt-BR' });
    const rows = parseCsv(csv).records.map((r) => r.cells.map((c) => c.value));
    expect(rows.map((r) => r[0])).toEqual(['Identifier', 'Participant 123456']);
    expect(rows[1]![4]).toMatch(/^Nota total: 87\.5\/100<br>Atividade 2: /);
    expect(stream.text().split('\n')).toEqual([
      `moodle: 1 entrega(s) sem id do Moodle ficaram de fora: ${HOSTILE_ID}.`,
      "moodle: 1 entrega(s) sem nota ficaram de fora: João D'Ávila.",
      '',
    ]);
    const quiet = await run(events, { quiet: true });
    expect(quiet.stream.text()).toBe('');
  });

  it('formats dates the way Moodle userdate() does: no leading zeros, 12-hour clock', () => {
    expect(moodleDate(new Date(2026, 11, 1, 10, 32))).toBe('Tuesday, 1 December 2026, 10:32 AM');
    expect(moodleDate(new Date(2026, 2, 9, 0, 5))).toBe('Monday, 9 March 2026, 12:05 AM');
    expect(moodleDate(new Date(2026, 6, 4, 13, 0))).toBe('Saturday, 4 July 2026, 1:00 PM');
    expect(moodleDate(new Date(2026, 6, 4, 12, 59))).toBe('Saturday, 4 July 2026, 12:59 PM');
  });

  it("dates rows with the run's start, or the clock when the log has none", () => {
    const fixed = new Date(2030, 0, 2, 3, 4);
    expect(runTime({ submissions: [], exercises: [], errors: [] }, { now: () => fixed })).toEqual(fixed);
    const begin = withStudents(sampleEvents(), {}).find((e) => e.type === 'run:begin');
    expect(runTime({ begin: begin as never, submissions: [], exercises: [], errors: [] }, { now: () => fixed })).toEqual(STARTED);
  });

  it('escapes markup in feedback comments, which Moodle stores as HTML', () => {
    expect(moodleComment(['a < b & c', '<script>x</script>'])).toBe('a &lt; b &amp; c<br>&lt;script&gt;x&lt;/script&gt;');
  });

  it('does not throw on odd events and still writes both files', async () => {
    const { csv, zip } = await run(ODD_EVENTS, { now: () => STARTED });
    expect(csv).toBe('Identifier,Full name,Grade,Last modified (grade),Feedback comments\r\n');
    expect(await readZip(zip)).toEqual([]);
  });
});

describe('moodle reporter: the teacher’s worksheet (pt-BR)', () => {
  const who = { ...CLASS, [HOSTILE_ID]: { lmsId: '999999', name: 'Carla Fora' } };

  it('changes only Nota and Comentários de feedback of graded rows; every other byte stays', async () => {
    const events = withStudents(sampleEvents(), who);
    const { csv, stream } = await run(events, { lang: 'pt-BR', moodleWorksheet: WORKSHEET });
    const original = fs.readFileSync(WORKSHEET, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    const before = original.split('\r\n');
    const after = csv.split('\r\n');
    expect(after).toHaveLength(before.length);
    // Header, the ungraded student's row, and the end are the very same text.
    expect(after[0]).toBe(before[0]);
    expect(after[3]).toBe(before[3]);
    expect(after[4]).toBe('');

    const cells = (text: string) => parseCsv(text).records.map((r) => r.cells.map((c) => c.value));
    const [was, now] = [cells(original), cells(csv)];
    const NOTA = 4;
    const FEEDBACK = 9;
    for (const r of [1, 2]) {
      expect(now[r]).toHaveLength(was[r]!.length);
      for (let c = 0; c < was[r]!.length; c++) if (c !== NOTA && c !== FEEDBACK) expect(now[r]![c], `row ${r} col ${c}`).toBe(was[r]![c]);
    }
    // The 0–100 totals (87.5, 33.3…) scaled to the worksheet's "Nota máxima" of 10,00.
    expect(now[1]![NOTA]).toBe('8.75');
    expect(now[2]![NOTA]).toBe('3.33');
    const t = catalog('pt-BR');
    expect(now[1]![FEEDBACK]).toBe(moodleComment(feedbackLines(resultOf(events, 'alice'), t)));
    expect(now[1]![FEEDBACK]).toMatch(/^Nota total: 87\.5\/100<br>Atividade 2: servidor e cliente de chat/);
    // João's old comment is replaced, with his quoted script escaped.
    expect(now[2]![FEEDBACK]).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(now[2]![FEEDBACK]).not.toContain('Bom trabalho');

    // Cells left alone keep their raw text, quotes included, in the changed lines too.
    expect(after[1]!.startsWith('"Participante 123456","Ana Júlia Souza",ana@example.edu,"Enviado para avaliação",8.75,"10,00",Sim,"terça-feira, 1 dezembro 2026, 09:15",-,')).toBe(true);
    expect(after[2]!.startsWith('"Participante 123457","João D\'Ávila",joao@example.edu,"Enviado para avaliação - Avaliado",3.33,"10,00",Sim,"terça-feira, 1 dezembro 2026, 09:40","terça-feira, 1 dezembro 2026, 11:02",')).toBe(true);

    // The graded student with no row is named, once, in Portuguese.
    expect(stream.text()).toBe('moodle: 1 aluno(s) corrigido(s) não estão na planilha e ficaram sem nota: Carla Fora.\n');
  });

  it('keeps LF line ends and a file without BOM as they were', async () => {
    const dir = tempDir();
    const lf = path.join(dir, 'worksheet-lf.csv');
    fs.writeFileSync(lf, fs.readFileSync(WORKSHEET, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'));
    const { csv } = await run(withStudents(sampleEvents(), who), { lang: 'pt-BR', moodleWorksheet: lf });
    expect(csv.startsWith('Identificador,')).toBe(true);
    expect(csv).not.toContain('\r');
    expect(csv.split('\n')[3]).toBe(fs.readFileSync(lf, 'utf8').split('\n')[3]);
    expect(csv.split('\n')[1]).toContain(',8.75,');
  });

  it('writes a new worksheet, with a warning, when the given one cannot be used', async () => {
    const dir = tempDir();
    const notSheet = path.join(dir, 'notes.csv');
    fs.writeFileSync(notSheet, 'name,score\r\nana,10\r\n');
    const bad = path.join(dir, 'latin1.csv');
    fs.writeFileSync(bad, Buffer.from([0x49, 0x64, 0x2c, 0xe9, 0x0d, 0x0a]));
    for (const [file, reason] of [
      [path.join(dir, 'missing.csv'), 'it cannot be read (ENOENT)'],
      [notSheet, 'no column holds participant identifiers such as "Participant 123"'],
      [bad, 'it is not UTF-8 text'],
    ] as const) {
      const { csv, stream } = await run(withStudents(sampleEvents(), who), { moodleWorksheet: file });
      expect(csv.split('\r\n')[0]).toBe('Identifier,Full name,Grade,Last modified (grade),Feedback comments');
      expect(stream.text()).toContain(`moodle: cannot fill the worksheet ${file}: ${reason}; wrote a new moodle-grades.csv instead.`);
    }
  });
});

describe('csv-parse', () => {
  it('reads RFC 4180 quoting, CRLF, LF and CR line ends, a BOM, and rewrites one cell leaving the rest', () => {
    const text = '\uFEFFa,"b ""q"", c","multi\r\nline"\r\nx,y\nlast,"unquoted"tail,\r"only cr"';
    const doc = parseCsv(text);
    expect(doc.bom).toBe('\uFEFF');
    expect(doc.records.map((r) => r.cells.map((c) => c.value))).toEqual([['a', 'b "q", c', 'multi\r\nline'], ['x', 'y'], ['last', 'unquotedtail', ''], ['only cr']]);
    expect(doc.records.map((r) => r.eol)).toEqual(['\r\n', '\n', '\r', '']);
    expect(rewriteCells(doc, new Map())).toBe(text);
    const changed = rewriteCells(doc, new Map([[1, new Map([[1, 'new, "v"'], [3, '=1+1']])]]));
    expect(changed).toBe(text.replace('x,y\n', 'x,"new, ""v""",,\'=1+1\n'));
  });
});

describe('moodle worksheet columns', () => {
  const rows = [
    ['Participant 11', 'Ana', 'a@x', 'Submitted', '', '100.00', 'Yes', 'Monday, 2 March 2026, 9:00 AM', '-', ''],
    ['Participant 12', 'Bo', 'b@x', 'Submitted', '70.00', '100.00', 'Yes', 'Monday, 2 March 2026, 9:05 AM', 'Monday, 2 March 2026, 3:00 PM', 'ok'],
  ];

  it('finds them by their English names', () => {
    const header = ['Identifier', 'Full name', 'Email address', 'Status', 'Grade', 'Maximum grade', 'Grade can be changed', 'Last modified (submission)', 'Last modified (grade)', 'Feedback comments'];
    expect(findColumns(header, rows)).toEqual({ identifier: 0, grade: 4, maxGrade: 5, feedback: 9, lastModifiedGrade: 8 });
  });

  it("falls back on Moodle's column order when the headers are in a language it does not know", () => {
    const header = ['Bezeichner', 'Vollständiger Name', 'E-Mail-Adresse', 'Status', 'Bewertung', 'Bestwertung', 'Bewertung kann geändert werden', 'Zuletzt geändert (Abgabe)', 'Zuletzt geändert (Bewertung)', 'Feedback als Kommentar'];
    const german = rows.map((r) => ['Teilnehmer/in ' + r[0]!.split(' ')[1], ...r.slice(1)]);
    expect(findColumns(header, german)).toEqual({ identifier: 0, grade: 4, maxGrade: 5, feedback: 9, lastModifiedGrade: 8 });
  });

  it('reads participant numbers and scales grades to the maximum', () => {
    expect(participantNumber('Participant 0123')).toBe('123');
    expect(participantNumber('Participante 7')).toBe('7');
    expect(participantNumber('Ana 7b')).toBeNull();
    expect(participantNumber('123')).toBeNull();
    expect(worksheetGrade(87.5, '100,00')).toBe('87.5');
    expect(worksheetGrade(87.5, '20.00')).toBe('17.50');
    expect(worksheetGrade(87.5, undefined)).toBe('87.5');
  });
});

describe('moodle-feedback.zip', () => {
  it("names every page the way Moodle's zip importer matches a student, and escapes student text", async () => {
    const events = withStudents(sampleEvents(), CLASS);
    const { zip } = await run(events);
    const items = await readZip(zip);
    expect(items.map((i) => i.name)).toEqual([
      `Ana Júlia Souza_123456_assignfeedback_file_${FEEDBACK_FILE}`,
      `João D'Ávila_123457_assignfeedback_file_${FEEDBACK_FILE}`,
    ]);
    for (const [item, id] of [
      [items[0]!, '123456'],
      [items[1]!, '123457'],
    ] as const) {
      expect(moodleImportParts(item.name)).toEqual([expect.any(String), id, 'assignfeedback', 'file', FEEDBACK_FILE]);
      // Opened alone in Moodle: CSS inline, no stylesheet, script or link leaving the page.
      expect(item.text).toMatch(/^<!doctype html>/);
      expect(item.text).toContain('<style>');
      expect(item.text).not.toMatch(/<link\b|<script\b|\ssrc=|href="(?!#)/i);
      expect(Math.abs(item.mtime.getTime() - STARTED.getTime())).toBeLessThan(2000);
    }
    // Bob's program printed markup: the page shows it, escaped.
    expect(items[1]!.text).toContain('Recebido: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(items[1]!.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    // The same run gives the same archive.
    expect((await run(events)).zip.equals(zip)).toBe(true);
  });

  it('keeps names importable: no separator, folder or hiding prefix from the student name', () => {
    expect(moodleZipEntryName('Ana_Maria da Silva', '42')).toBe(`Ana Maria da Silva_42_assignfeedback_file_${FEEDBACK_FILE}`);
    expect(moodleZipEntryName('../~.evil/na\u0000me', '7')).toBe(`evil na me_7_assignfeedback_file_${FEEDBACK_FILE}`);
    expect(moodleZipEntryName('___', '7')).toBe(`student_7_assignfeedback_file_${FEEDBACK_FILE}`);
    expect(moodleZipEntryName('Bob <b>"X"</b>?', '8')).toBe(`Bob b X b_8_assignfeedback_file_${FEEDBACK_FILE}`);
    expect(moodleImportParts(moodleZipEntryName('x_y_z', '9'))).toEqual(['x y z', '9', 'assignfeedback', 'file', FEEDBACK_FILE]);
  });
});

describe('lms locale strings', () => {
  const load = (lang: string) => JSON.parse(fs.readFileSync(path.join(root, 'reports/locales', lang, 'lms.json'), 'utf8')) as Record<string, string>;
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has the same keys and placeholders in en and pt-BR, and defines exactly the keys the reporters use', () => {
    const en = load('en');
    const pt = load('pt-BR');
    expect(Object.keys(pt).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(placeholders(pt[key]!), key).toEqual(placeholders(en[key]!));
    const dir = path.join(root, 'grader/reporters');
    const used = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/'(lms\.[A-Za-z0-9_.]+)'/g)) used.add(m[1]!);
    }
    expect([...used].filter((k) => !(k in en))).toEqual([]);
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
  });
});
