// End to end: LMS downloads graded as they come, with identities, per-student archive errors and LMS outputs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craftZip, type CraftEntry } from '../unit/zip-craft.js';
import { FIXTURES, grade, readResults, ROOT, tempOut } from './cli.js';

type Results = ReturnType<typeof readResults> & { submissions: { student: { id: string; name: string; lmsId: string | null; layout: string; late: boolean }; problem: string | null }[] };
const read = (dir: string, ...parts: string[]) => fs.readFileSync(path.join(dir, ...parts));

describe('a Canvas download zip', () => {
  const work = tempOut('sg-canvas-');
  const out = path.join(work, 'out');
  const escapee = path.join(os.tmpdir(), `sg-evil-${process.pid}.py`);
  let results: Results;
  let exitCode: number | undefined;

  beforeAll(async () => {
    const solution = path.join(ROOT, 'exercises/tcp-hello/solution');
    const banner = path.join(FIXTURES, 'tcp-client-waits-banner');
    const inner = craftZip([{ name: 'cliente.py', data: 'print(1)\n', encrypted: true }]);
    const entries: CraftEntry[] = [
      { name: 'souzaana_4411_99881_servidor.py', data: read(solution, 'servidor.py') },
      { name: 'souzaana_4411_99882_cliente-1.py', data: read(solution, 'cliente.py') },
      { name: 'limajoao_LATE_4412_99883_servidor.py', data: read(banner, 'servidor.py') },
      { name: 'limajoao_LATE_4412_99884_cliente.py', data: read(banner, 'cliente.py') },
      { name: 'costamaria_4413_99885_atividade.zip', data: inner },
      // Belongs to nobody and points outside: skipped, never written.
      { name: `../../../../../..${escapee}`, data: 'print("escaped")\n' },
    ];
    const zip = path.join(work, 'submissions.zip');
    fs.writeFileSync(zip, craftZip(entries));
    const run = await grade([zip, '--exercise', 'tcp-hello', '--reporter', 'json', 'canvas', '--canvas-assignment', 'Atividade 1 (5521)', '--out', out]);
    exitCode = run.exitCode;
    results = readResults(out) as Results;
  }, 300_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('is recognised as Canvas, each student grouped by user id with the original file names', () => {
    const who = results.submissions.map((s) => [s.student.lmsId, s.student.layout, s.student.late]);
    expect(who).toEqual([
      ['4413', 'canvas', false],
      ['4412', 'canvas', true],
      ['4411', 'canvas', false],
    ]);
    const ana = results.submissions.find((s) => s.student.lmsId === '4411')!;
    expect(ana.score).toBe(100);
    const joao = results.submissions.find((s) => s.student.lmsId === '4412')!;
    const failed = joao.exercises[0].checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failed.sort()).toEqual(['client-closes', 'client-sends-message']);
  });

  it('gives the student whose upload is encrypted one sentence and a 0, and grades everyone else (no grader fault)', () => {
    const maria = results.submissions.find((s) => s.student.lmsId === '4413')!;
    expect(maria.score).toBe(0);
    expect(maria.problem).toMatch(/password|encrypt/i);
    expect(exitCode).toBe(0);
  });

  it('writes nothing outside the run for an entry that points outside', () => {
    expect(fs.existsSync(escapee)).toBe(false);
  });

  it('writes the Canvas gradebook CSV keyed by user id', () => {
    const csv = fs.readFileSync(path.join(out, 'canvas-grades.csv'), 'utf8').split(/\r?\n/);
    expect(csv[0]).toBe('Student,ID,Section,Atividade 1 (5521)');
    expect(csv.some((line) => /,4411,,100(\.0)?$/.test(line))).toBe(true);
  });
});

describe('a Moodle download with hostile entries', () => {
  const work = tempOut('sg-hostile-zip-');
  const out = path.join(work, 'out');
  const escapee = `sg-slip-${process.pid}.py`;
  let results: Results;
  let exitCode: number | undefined;
  const folder = (name: string) => `${name}_assignsubmission_file/`;

  beforeAll(async () => {
    const solution = path.join(ROOT, 'exercises/tcp-hello/solution');
    const server = read(solution, 'servidor.py');
    const client = read(solution, 'cliente.py');
    const entries: CraftEntry[] = [
      { name: `${folder('Ana Boa_1001')}servidor.py`, data: server },
      { name: `${folder('Ana Boa_1001')}cliente.py`, data: client },
      { name: `${folder('Bruno Slip_1002')}servidor.py`, data: server },
      { name: `${folder('Bruno Slip_1002')}../../../../../../../../tmp/${escapee}`, data: 'print("escaped")\n' },
      { name: `${folder('Carla Link_1003')}servidor.py`, data: '/etc/passwd', unixMode: 0o120777 },
      { name: `${folder('Carla Link_1003')}cliente.py`, data: client },
      { name: `${folder('Davi Bomba_1004')}bomba.py`, data: Buffer.alloc(60 * 1024 * 1024), method: 8 },
      { name: `${folder('Eva Cripto_1005')}servidor.py`, data: server, encrypted: true },
      { name: `${folder('Fabio Corrupto_1006')}servidor.py`, data: server, crc: 12345 },
      // CP850, as Brazilian Windows writes names: 0xC6 is ã.
      { name: Buffer.from(`${folder('Jo\u00c6o Acento_1007')}servidor.py`, 'latin1'), data: server },
    ];
    const zip = path.join(work, 'download.zip');
    fs.writeFileSync(zip, craftZip(entries));
    const run = await grade([zip, '--exercise', 'tcp-hello', '--reporter', 'json', '--out', out]);
    exitCode = run.exitCode;
    results = readResults(out) as Results;
  }, 300_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const byId = (lmsId: string) => results.submissions.find((s) => s.student.lmsId === lmsId)!;

  it('recognises Moodle and names every student, a CP850 name decoded', () => {
    expect(results.submissions.map((s) => s.student.lmsId).sort()).toEqual(['1001', '1002', '1003', '1004', '1005', '1006', '1007']);
    expect(byId('1007').student.name).toBe('João Acento');
    expect(results.submissions.every((s) => s.student.layout === 'moodle')).toBe(true);
  });

  it('grades the good students, skipping what is unsafe with a note', () => {
    expect(byId('1001').score).toBe(100);
    const bruno = byId('1002') as Results['submissions'][number] & { notes: string[] };
    expect(bruno.problem).toBeNull();
    expect(bruno.exercises[0].checks.find((c) => c.id === 'server-listens')?.status).toBe('pass');
    expect(bruno.notes.join(' ')).toMatch(/\.\./);
    const carla = byId('1003') as Results['submissions'][number] & { notes: string[] };
    expect(carla.notes.join(' ')).toMatch(/link/i);
    expect(carla.exercises[0].checks.find((c) => c.id === 'client-connects')?.status).toBe('pass');
  });

  it('fails only the bomb, the encrypted and the corrupt upload, each with its sentence; no grader fault', () => {
    expect(byId('1004').problem).toMatch(/MiB|expand|big|bomb/i);
    expect(byId('1005').problem).toMatch(/password|encrypt/i);
    expect(byId('1006').problem).toMatch(/corrupt|damaged|broken/i);
    for (const id of ['1004', '1005', '1006']) expect(byId(id).score).toBe(0);
    expect(exitCode).toBe(0);
  });

  it('writes nothing outside the run', () => {
    expect(fs.existsSync(path.join('/tmp', escapee))).toBe(false);
    expect(fs.readdirSync(work).sort()).toEqual(['download.zip', 'out']);
  });
});
