import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { UsageError } from '../../grader/errors.js';
import { openIntake } from '../../grader/intake/open.js';
import { craftZip } from './zip-craft.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const PROGRAMS = ['servidor.py', 'cliente.py', 'server.py', 'client.py'];
const holdsPrograms = (dir: string) => PROGRAMS.some((f) => fs.existsSync(path.join(dir, f)));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-open-'));
  made.push(dir);
  return dir;
}

/** Writes files (relative path → text) under `root/name` and returns that folder. */
function tree(root: string, name: string, files: Record<string, string>): string {
  const top = path.join(root, name);
  fs.mkdirSync(top, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
    fs.writeFileSync(path.join(top, rel), text);
  }
  return top;
}

/** A zip written by yazl, as an LMS would write it. */
async function yazlZip(file: string, files: Record<string, string | Buffer>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    zip.outputStream.pipe(out).on('close', () => resolve()).on('error', reject);
  });
  return file;
}

function listTree(dir: string, rel = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? [child, ...listTree(dir, child)] : [child];
  }).sort();
}

const summary = (subs: { student: { id: string; name: string } }[]) => subs.map((s) => [s.student.id, s.student.name]);

describe('Moodle', () => {
  it('reads student folders in place, merging online text as a note', async () => {
    const base = tempDir();
    const target = tree(base, 'download', {
      'José da Silva_123456_assignsubmission_file/servidor.py': 'srv',
      'José da Silva_123456_assignsubmission_onlinetext/onlinetext.html': '<p>oi</p>',
      'Ana Souza_1234_assignsubmission_file_/cliente.py': 'cli',
    });
    const scratch = path.join(base, 'scratch');
    const intake = await openIntake(target, scratch, { holdsPrograms });
    expect(intake.layout).toBe('moodle');
    expect(summary(intake.submissions)).toEqual([['ana-souza-1234', 'Ana Souza'], ['jose-da-silva-123456', 'José da Silva']]);
    const jose = intake.submissions[1]!;
    expect(jose.student).toEqual({ id: 'jose-da-silva-123456', name: 'José da Silva', lmsId: '123456', layout: 'moodle' });
    expect(jose.dir).toBe(path.join(target, 'José da Silva_123456_assignsubmission_file'));
    expect(jose.notes).toEqual([{ key: 'intake.note.onlinetext' }]);
    expect(listTree(scratch)).toEqual([]);
  });

  it('groups flat files by participant and restores their names', async () => {
    const base = tempDir();
    const target = tree(base, 'flat', {
      'Ana Souza_1234_assignsubmission_file_servidor.py': 'srv',
      'Ana Souza_1234_assignsubmission_file_cliente.py': 'cli',
      'Bruno Lima_55_assignsubmission_file_servidor_chat.py': 'srv',
      'Bruno Lima_55_assignsubmission_onlinetext_onlinetext.html': '<p/>',
    });
    const intake = await openIntake(target, path.join(base, 'scratch'), { holdsPrograms });
    expect(intake.layout).toBe('moodle');
    const [ana, bruno] = intake.submissions;
    expect(listTree(ana!.dir)).toEqual(['cliente.py', 'servidor.py']);
    expect(ana!.dir.startsWith(path.join(base, 'scratch') + path.sep)).toBe(true);
    expect(listTree(bruno!.dir)).toEqual(['servidor_chat.py']);
    expect(bruno!.notes).toEqual([{ key: 'intake.note.onlinetext' }]);
  });

  it('unpacks a flat Moodle zip with teams, folders and online text per student', async () => {
    const base = tempDir();
    const zip = await yazlZip(path.join(base, 'Redes-Atividade 1-12345.zip'), {
      'Grupo 3 - Redes_77_assignsubmission_file_servidor.py': 'srv',
      'Grupo 3 - Redes_77_assignsubmission_onlinetext_onlinetext.html': '<p/>',
      'Érica Gonçalves_88_assignsubmission_file/src/cliente.py': 'cli',
      'Érica Gonçalves_88_assignsubmission_file/servidor.py': 'srv',
      'Érica Gonçalves_88_assignsubmission_onlinetext/onlinetext.html': '<p/>',
    });
    const intake = await openIntake(zip, path.join(base, 'scratch'), { holdsPrograms });
    expect(intake.layout).toBe('moodle');
    expect(summary(intake.submissions)).toEqual([['erica-goncalves-88', 'Érica Gonçalves'], ['grupo-3-redes-77', 'Grupo 3 - Redes']]);
    const [erica, grupo] = intake.submissions;
    expect(listTree(erica!.dir)).toEqual(['servidor.py', 'src', 'src/cliente.py']);
    expect(erica!.notes).toEqual([{ key: 'intake.note.onlinetext' }]);
    expect(listTree(grupo!.dir)).toEqual(['servidor.py']);
    expect(intake.notes).toEqual([]);
  });
});

describe('Canvas', () => {
  it('groups by user id, marks late students and restores names', async () => {
    const base = tempDir();
    const zip = await yazlZip(path.join(base, 'submissions.zip'), {
      'souzaana_1234_5001_servidor.py': 'srv',
      'souzaana_1234_5002_cliente-1.py': 'cli',
      'silvajose_LATE_4411_99881_cliente.py': 'cli',
      'silvajose_LATE_4411_99882_servidor_tcp.py': 'srv',
      'anon_Qz81k_70001_servidor.py': 'srv',
      'leia-me.txt': 'stray',
    });
    const intake = await openIntake(zip, path.join(base, 'scratch'), { holdsPrograms });
    expect(intake.layout).toBe('canvas');
    expect(intake.submissions.map((s) => s.student)).toEqual([
      { id: 'anon-qz81k', name: 'anon_Qz81k', lmsId: 'Qz81k', layout: 'canvas' },
      { id: 'silvajose-4411', name: 'silvajose', lmsId: '4411', layout: 'canvas', late: true },
      { id: 'souzaana-1234', name: 'souzaana', lmsId: '1234', layout: 'canvas' },
    ]);
    expect(listTree(intake.submissions[1]!.dir)).toEqual(['cliente.py', 'servidor_tcp.py']);
    expect(listTree(intake.submissions[2]!.dir)).toEqual(['cliente.py', 'servidor.py']);
    expect(intake.notes).toEqual([{ key: 'intake.note.unrecognised', params: { entry: 'leia-me.txt' } }]);
  });
});

describe('GitHub Classroom', () => {
  it('reads a -submissions folder in place, logins as ids', async () => {
    const base = tempDir();
    const target = tree(base, 'chat-tcp-submissions', { 'chat-tcp-ana-souza/servidor.py': 's', 'chat-tcp-jsilva/src/servidor.py': 's' });
    const intake = await openIntake(target, path.join(base, 'scratch'), { holdsPrograms });
    expect(intake.layout).toBe('classroom');
    expect(intake.submissions.map((s) => s.student)).toEqual([
      { id: 'ana-souza', name: 'ana-souza', lmsId: 'ana-souza', layout: 'classroom' },
      { id: 'jsilva', name: 'jsilva', lmsId: 'jsilva', layout: 'classroom' },
    ]);
    expect(intake.submissions[0]!.dir).toBe(path.join(target, 'chat-tcp-ana-souza'));
  });

  it('looks inside the one top folder of a zip', async () => {
    const base = tempDir();
    const zip = await yazlZip(path.join(base, 'download.zip'), { 'hw1-submissions/hw1-ana/servidor.py': 's', 'hw1-submissions/hw1-bruno/cliente.py': 'c' });
    const intake = await openIntake(zip, path.join(base, 'scratch'), { holdsPrograms });
    expect(intake.layout).toBe('classroom');
    expect(summary(intake.submissions)).toEqual([['ana', 'ana'], ['bruno', 'bruno']]);
    expect(listTree(intake.submissions[1]!.dir)).toEqual(['cliente.py']);
  });
});

describe('plain folders and one submission', () => {
  it('keeps the ids of the fixtures: each folder name as it is, in name order, graded in place', async () => {
    const fixtures = path.join(ROOT, 'fixtures/submissions');
    const intake = await openIntake(fixtures, path.join(tempDir(), 'scratch'), { holdsPrograms });
    const folders = fs.readdirSync(fixtures, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort((a, b) => a.localeCompare(b));
    expect(intake.layout).toBe('folders');
    expect(intake.submissions.map((s) => s.student.id)).toEqual(folders);
    expect(intake.submissions.map((s) => s.dir)).toEqual(folders.map((f) => path.join(fixtures, f)));
    expect(intake.submissions.find((s) => s.student.id === 'chat-busy-loop')?.student).toEqual({ id: 'chat-busy-loop', name: 'chat-busy-loop', layout: 'folders' });
  });

  it('takes a folder with a program at its top as one submission', async () => {
    const base = tempDir();
    const target = tree(base, 'entrega-ana', { 'servidor.py': 's', 'lib/util.py': 'u' });
    const intake = await openIntake(target, path.join(base, 'scratch'), { holdsPrograms });
    expect(intake.layout).toBe('single');
    expect(intake.submissions).toEqual([{ student: { id: 'entrega-ana', name: 'entrega-ana', layout: 'single' }, dir: target, notes: [] }]);
  });

  it('takes a zip of one submission as one, named after its top folder or the zip', async () => {
    const base = tempDir();
    const flat = await yazlZip(path.join(base, 'ana.zip'), { 'servidor.py': 's', 'cliente.py': 'c', 'docs/leia.txt': 'l' });
    const flatIntake = await openIntake(flat, path.join(base, 's1'), { holdsPrograms });
    expect(flatIntake.layout).toBe('single');
    expect(summary(flatIntake.submissions)).toEqual([['ana', 'ana']]);
    expect(listTree(flatIntake.submissions[0]!.dir)).toEqual(['cliente.py', 'docs', 'docs/leia.txt', 'servidor.py']);
    const nested = await yazlZip(path.join(base, 'download.zip'), { 'bruno/servidor.py': 's' });
    expect(summary((await openIntake(nested, path.join(base, 's2'), { holdsPrograms })).submissions)).toEqual([['bruno', 'bruno']]);
    // The one top folder is the student even when their program sits deeper.
    const deeper = await yazlZip(path.join(base, 'carla.zip'), { 'carla/src/servidor.py': 's' });
    const deeperIntake = await openIntake(deeper, path.join(base, 's3'), { holdsPrograms });
    expect(summary(deeperIntake.submissions)).toEqual([['carla', 'carla']]);
    expect(listTree(deeperIntake.submissions[0]!.dir)).toEqual(['src', 'src/servidor.py']);
  });

  it('copies a folder into scratch before unpacking a zip the student uploaded', async () => {
    const base = tempDir();
    const target = tree(base, 'turma', { 'bruno/servidor.py': 's' });
    fs.mkdirSync(path.join(target, 'ana'));
    fs.writeFileSync(path.join(target, 'ana', 'entrega.zip'), craftZip([{ name: 'servidor.py', data: 's' }]));
    const before = listTree(target);
    const intake = await openIntake(target, path.join(base, 'scratch'), { holdsPrograms });
    const ana = intake.submissions[0]!;
    expect(ana.dir.startsWith(path.join(base, 'scratch') + path.sep)).toBe(true);
    expect(listTree(ana.dir)).toEqual(['entrega.zip', 'servidor.py']);
    expect(ana.notes).toEqual([{ key: 'intake.note.inner-zip', params: { archive: 'entrega.zip', files: 1 } }]);
    expect(intake.submissions[1]!.dir).toBe(path.join(target, 'bruno'));
    expect(listTree(target)).toEqual(before);
  });
});

describe('forced layouts', () => {
  it('obeys folders, single and classroom when told', async () => {
    const base = tempDir();
    const target = tree(base, 'turma', { 'servidor.py': 's', 'hw1-ana/servidor.py': 's', 'hw1-bruno-lima/cliente.py': 'c' });
    const scratch = path.join(base, 'scratch');
    expect((await openIntake(target, scratch, { holdsPrograms })).layout).toBe('single');
    const folders = await openIntake(target, scratch, { holdsPrograms, layout: 'folders' });
    expect(summary(folders.submissions)).toEqual([['hw1-ana', 'hw1-ana'], ['hw1-bruno-lima', 'hw1-bruno-lima']]);
    const classroom = await openIntake(target, scratch, { holdsPrograms, layout: 'classroom' });
    expect(summary(classroom.submissions)).toEqual([['ana', 'ana'], ['bruno-lima', 'bruno-lima']]);
    const single = await openIntake(path.join(target, 'hw1-ana'), scratch, { holdsPrograms: () => false, layout: 'single' });
    expect(summary(single.submissions)).toEqual([['hw1-ana', 'hw1-ana']]);
  });

  it('says so when a forced layout fits no name', async () => {
    const base = tempDir();
    const target = tree(base, 'turma', { 'ana/servidor.py': 's' });
    const err = await openIntake(target, path.join(base, 'scratch'), { holdsPrograms, layout: 'moodle' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).code).toBe('layout-mismatch');
  });
});

describe('unusable targets', () => {
  it('keeps the messages and codes of today for a missing path and an empty folder', async () => {
    const base = tempDir();
    const missing = path.join(base, 'nada');
    await expect(openIntake(missing, path.join(base, 's'), { holdsPrograms })).rejects.toThrow(new UsageError(`The path ${missing} does not exist.`, 'path-missing'));
    const empty = tree(base, 'vazia', { 'notas.txt': 'x' });
    const err = (await openIntake(empty, path.join(base, 's'), { holdsPrograms }).catch((e: unknown) => e)) as UsageError;
    expect([err.code, err.message]).toEqual(['empty', `${empty} holds no submissions: no exercise files and no subfolders.`]);
  });

  it('refuses a file that is neither a folder nor a zip, and an empty zip', async () => {
    const base = tempDir();
    fs.writeFileSync(path.join(base, 'notas.txt'), 'x');
    const notZip = (await openIntake(path.join(base, 'notas.txt'), path.join(base, 's'), { holdsPrograms }).catch((e: unknown) => e)) as UsageError;
    expect(notZip.code).toBe('not-a-folder');
    fs.writeFileSync(path.join(base, 'vazio.zip'), craftZip([]));
    const empty = (await openIntake(path.join(base, 'vazio.zip'), path.join(base, 's'), { holdsPrograms }).catch((e: unknown) => e)) as UsageError;
    expect(empty.code).toBe('empty');
  });
});
