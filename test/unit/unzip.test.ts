import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../grader/errors.js';
import { openIntake } from '../../grader/intake/open.js';
import { decodeEntryName } from '../../grader/intake/unzip.js';
import { craftZip, type CraftEntry } from './zip-craft.js';

const MIB = 1024 * 1024;
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const holdsPrograms = (dir: string) => ['servidor.py', 'cliente.py'].some((f) => fs.existsSync(path.join(dir, f)));

/** Every path under `dir`, relative, sorted. */
function listTree(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? [child, ...listTree(dir, child)] : [child];
  }).sort();
}

/** A class zip in a fresh folder; `outside` lists that folder minus the scratch folder. */
function classZip(entries: CraftEntry[] | ((base: string) => CraftEntry[]), bytes?: (zip: Buffer) => Buffer) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-unzip-'));
  made.push(base);
  const zip = path.join(base, 'turma.zip');
  const built = craftZip(typeof entries === 'function' ? entries(base) : entries);
  fs.writeFileSync(zip, bytes ? bytes(built) : built);
  const scratch = path.join(base, 'scratch');
  const outside = () => listTree(base).filter((p) => p !== 'scratch' && !p.startsWith('scratch/'));
  return { base, zip, scratch, outside, before: outside() };
}

const ana: CraftEntry = { name: 'ana/servidor.py', data: 'print("ana")\n' };
const byId = (subs: { student: { id: string } }[], id: string) => subs.find((s) => s.student.id === id)!;

describe('hostile entries in a class zip', () => {
  it('skips zip-slip paths with a note and writes nothing outside the destination', async () => {
    const c = classZip([ana, { name: 'bruno/servidor.py', data: 'ok' }, { name: 'bruno/../../evil.py', data: 'x' }, { name: '../../evil.py', data: 'x' }]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(intake.submissions.map((s) => s.student.id)).toEqual(['ana', 'bruno']);
    expect(byId(intake.submissions, 'bruno').notes).toEqual([{ key: 'intake.note.zip-slip', params: { entry: 'bruno/../../evil.py' } }]);
    expect(intake.notes).toEqual([{ key: 'intake.note.zip-slip', params: { entry: '../../evil.py' } }]);
    expect(byId(intake.submissions, 'ana').error).toBeUndefined();
    expect(listTree(byId(intake.submissions, 'bruno').dir)).toEqual(['servidor.py']);
    expect(c.outside()).toEqual(c.before);
    expect(fs.existsSync(path.join(os.tmpdir(), 'evil.py'))).toBe(false);
  });

  it('skips absolute paths and drive letters', async () => {
    const c = classZip((base) => [ana, { name: path.join(base, 'abs-evil.py'), data: 'x' }, { name: 'C:\\evil.py', data: 'x' }, { name: '/tmp/x', data: 'x' }]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(intake.submissions.map((s) => s.student.id)).toEqual(['ana']);
    expect(intake.notes.map((n) => n.key)).toEqual(['intake.note.absolute-path', 'intake.note.absolute-path', 'intake.note.absolute-path']);
    expect(c.outside()).toEqual(c.before);
  });

  it('skips symbolic links and device files', async () => {
    const c = classZip([
      ana,
      { name: 'bruno/servidor.py', data: 'ok' },
      { name: 'bruno/link.py', data: '/etc/passwd', unixMode: 0o120777 },
      { name: 'bruno/tty', data: '', unixMode: 0o020644 },
    ]);
    const bruno = byId((await openIntake(c.zip, c.scratch, { holdsPrograms })).submissions, 'bruno');
    expect(bruno.notes.map((n) => n.key)).toEqual(['intake.note.symlink', 'intake.note.device']);
    expect(listTree(bruno.dir)).toEqual(['servidor.py']);
    expect(bruno.error).toBeUndefined();
  });

  it('fails only the student whose entry inflates like a bomb, and removes what was unpacked', async () => {
    const c = classZip([ana, { name: 'bruno/cliente.py', data: 'ok' }, { name: 'bruno/servidor.py', data: Buffer.alloc(20 * MIB), method: 8 }]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    const bruno = byId(intake.submissions, 'bruno');
    expect(bruno.error).toEqual({ key: 'intake.error.bomb', params: { archive: 'turma.zip', entry: 'bruno/servidor.py', ratio: 100 } });
    expect(listTree(bruno.dir)).toEqual([]);
    expect(byId(intake.submissions, 'ana').error).toBeUndefined();
    expect(listTree(byId(intake.submissions, 'ana').dir)).toEqual(['servidor.py']);
  });

  it('stops a student at 50 MiB of real bytes even when no entry looks like a bomb', async () => {
    const megs = Array.from({ length: 51 }, (_, i) => ({ name: `bruno/data${i}.bin`, data: Buffer.alloc(MIB), method: 8 as const }));
    const c = classZip([ana, ...megs]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(byId(intake.submissions, 'bruno').error).toEqual({ key: 'intake.error.too-big', params: { archive: 'turma.zip', mib: 50 } });
    expect(listTree(byId(intake.submissions, 'bruno').dir)).toEqual([]);
    expect(byId(intake.submissions, 'ana').error).toBeUndefined();
  });

  it('fails a student with more than 2,000 entries; 2,000 is still fine', async () => {
    const many = (who: string, n: number) => Array.from({ length: n }, (_, i) => ({ name: `${who}/f${i}.txt`, data: 'x' }));
    const c = classZip([ana, ...many('bruno', 2001), ...many('carla', 2000)]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(byId(intake.submissions, 'bruno').error).toEqual({ key: 'intake.error.too-many-entries', params: { archive: 'turma.zip', max: 2000 } });
    expect(byId(intake.submissions, 'carla').error).toBeUndefined();
    expect(listTree(byId(intake.submissions, 'carla').dir)).toHaveLength(2000);
  });

  it('gives an encrypted entry its student an error', async () => {
    const c = classZip([ana, { name: 'bruno/servidor.py', data: 'secret', encrypted: true }]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(byId(intake.submissions, 'bruno').error).toEqual({ key: 'intake.error.encrypted', params: { archive: 'turma.zip', entry: 'bruno/servidor.py' } });
    expect(byId(intake.submissions, 'ana').error).toBeUndefined();
  });

  it('gives damaged data (wrong CRC, broken deflate) its student an error', async () => {
    const c = classZip([
      ana,
      { name: 'bruno/servidor.py', data: 'print(1)', crc: 0x1234 },
      { name: 'carla/servidor.py', data: 'print(2)', method: 8, rawData: Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x13]) },
    ]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(byId(intake.submissions, 'bruno').error?.key).toBe('intake.error.corrupt-entry');
    expect(byId(intake.submissions, 'carla').error?.key).toBe('intake.error.corrupt-entry');
    expect(byId(intake.submissions, 'ana').error).toBeUndefined();
  });

  it('refuses a truncated class zip with a usage error', async () => {
    const c = classZip([ana, { name: 'bruno/servidor.py', data: 'x'.repeat(500) }], (zip) => zip.subarray(0, zip.length - 40));
    const err = await openIntake(c.zip, c.scratch, { holdsPrograms }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).code).toBe('zip-unreadable');
  });

  it('skips macOS and Windows litter', async () => {
    const c = classZip([ana, { name: '__MACOSX/ana/._servidor.py', data: 'x' }, { name: 'ana/.DS_Store', data: 'x' }, { name: 'ana/Thumbs.db', data: 'x' }]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(intake.submissions.map((s) => s.student.id)).toEqual(['ana']);
    expect(listTree(intake.submissions[0]!.dir)).toEqual(['servidor.py']);
  });
});

describe('a zip inside a submission', () => {
  const inner = craftZip([
    { name: 'atividade1/servidor.py', data: 'print("srv")' },
    { name: 'atividade1/extra.zip', data: craftZip([{ name: 'deep.py', data: 'x' }]) },
    { name: '../escape.py', data: 'x' },
  ]);

  it('is unpacked in place one level deep, with notes, and its own hostile entries skipped', async () => {
    const c = classZip([{ name: 'ana/atividade1.zip', data: inner }, { name: 'bruno/servidor.py', data: 'ok' }]);
    const ana = byId((await openIntake(c.zip, c.scratch, { holdsPrograms })).submissions, 'ana');
    expect(ana.error).toBeUndefined();
    expect(listTree(ana.dir)).toEqual(['atividade1', 'atividade1.zip', 'atividade1/extra.zip', 'atividade1/servidor.py']);
    expect(ana.notes).toEqual([
      { key: 'intake.note.inner-zip', params: { archive: 'atividade1.zip', files: 2 } },
      { key: 'intake.note.zip-slip', params: { entry: '../escape.py' } },
      { key: 'intake.note.nested-zip', params: { archive: 'atividade1/extra.zip' } },
    ]);
    expect(c.outside()).toEqual(c.before);
  });

  it('fails only that student when it is truncated', async () => {
    const c = classZip([{ name: 'ana/atividade1.zip', data: inner.subarray(0, inner.length - 30) }, { name: 'bruno/servidor.py', data: 'ok' }]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(byId(intake.submissions, 'ana').error).toEqual({ key: 'intake.error.corrupt', params: { archive: 'atividade1.zip' } });
    expect(byId(intake.submissions, 'bruno').error).toBeUndefined();
  });

  it("counts against the same caps as the student's other files", async () => {
    const bomb = craftZip([{ name: 'big.bin', data: Buffer.alloc(30 * MIB), method: 8 }]);
    const c = classZip([{ name: 'ana/entrega.zip', data: bomb }, { name: 'bruno/servidor.py', data: 'ok' }]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(byId(intake.submissions, 'ana').error?.key).toBe('intake.error.bomb');
    expect(fs.existsSync(path.join(byId(intake.submissions, 'ana').dir, 'big.bin'))).toBe(false);
  });
});

describe('non-UTF-8 names', () => {
  it('decodes CP850 when CP437 would give box drawing', () => {
    expect(decodeEntryName(Buffer.from('Jo\xc6o.py', 'latin1'), 0)).toBe('João.py');
    expect(decodeEntryName(Buffer.from('Concei\x87\xc6o', 'latin1'), 0)).toBe('Conceição');
  });

  it('keeps CP437 on a tie and for names both pages read alike', () => {
    expect(decodeEntryName(Buffer.from('Fran\x87ois', 'latin1'), 0)).toBe('François');
    expect(decodeEntryName(Buffer.from('pre\x9eo', 'latin1'), 0)).toBe('pre₧o');
  });

  it('reads flagged and unflagged UTF-8, and the Info-ZIP Unicode path field', () => {
    expect(decodeEntryName(Buffer.from('joão.py', 'utf8'), 0x800)).toBe('joão.py');
    expect(decodeEntryName(Buffer.from('joão.py', 'utf8'), 0)).toBe('joão.py');
    const raw = Buffer.from('Jo?o', 'latin1');
    const data = Buffer.concat([Buffer.from([1]), Buffer.alloc(4), Buffer.from('João', 'utf8')]);
    data.writeUInt32LE(zlib.crc32(raw), 1);
    expect(decodeEntryName(raw, 0, [{ id: 0x7075, data }])).toBe('João');
  });

  it('names students from CP850 entries of a class zip', async () => {
    const c = classZip([
      { name: Buffer.from('Jo\xc6o Concei\x87\xc6o_12_assignsubmission_file_servidor.py', 'latin1'), data: 'ok' },
      { name: Buffer.from('Ana Fran\x87a_13_assignsubmission_file_cliente.py', 'latin1'), data: 'ok' },
    ]);
    const intake = await openIntake(c.zip, c.scratch, { holdsPrograms });
    expect(intake.layout).toBe('moodle');
    expect(intake.submissions.map((s) => [s.student.name, s.student.id])).toEqual([
      ['Ana França', 'ana-franca-13'],
      ['João Conceição', 'joao-conceicao-12'],
    ]);
  });
});
