// The run's plan: which exercises a class has, and what each submission's worker will be told.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePlan } from '../../grader/plan/make-plan.js';
import { DEFAULT_LIMITS } from '../../grader/sandbox/limits.js';
import type { IntakeSubmission } from '../../grader/intake/types.js';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-plan-unit-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

function student(id: string, files: Record<string, string>): IntakeSubmission {
  const dir = path.join(base, id);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return { student: { id, name: id.toUpperCase(), layout: 'folders' }, dir, notes: [] };
}

const TCP_SERVER = 'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\ns.bind(("", 12345))\ns.listen(1)\nc, a = s.accept()\nprint(c.recv(64))\n';
const TCP_CLIENT = 'import socket\ns = socket.socket()\ns.connect(("localhost", 5000))\ns.send(b"Ola Mundo!")\n';
const plan = (submissions: IntakeSubmission[], exerciseIds?: string[]) =>
  makePlan({ layout: 'folders', submissions, notes: [], exerciseIds, limits: DEFAULT_LIMITS, limitsFromCli: { cpuSeconds: 3 } });

describe('makePlan', () => {
  it('plans the exercises whose files some student has by name, each program with its port literals', () => {
    const p = plan([student('ana', { 'servidor.py': TCP_SERVER, 'cliente.py': TCP_CLIENT }), student('bia', { 'servidor.py': TCP_SERVER })]);
    expect(p.exercises).toEqual(['tcp-hello']);
    const [ana, bia] = p.submissions;
    expect(ana.exercises[0].programs.map((x) => [x.role, x.relPath, x.portLiterals])).toEqual([
      ['server', 'servidor.py', [12345]],
      ['client', 'cliente.py', [5000]],
    ]);
    expect(bia.exercises[0].programs.map((x) => x.role)).toEqual(['server']);
    expect(ana.exercises[0].limits.cpuSeconds).toBe(3);
    expect(ana.localModules.sort()).toEqual(['cliente', 'servidor']);
    expect(ana.student.name).toBe('ANA');
  });

  it('does not let a file chosen only by its code add an exercise to the class', () => {
    const p = plan([student('caio', { 'chat_server.py': 'import socket\n', 'teste.py': TCP_CLIENT })]);
    expect(p.exercises).toEqual(['chat']);
  });

  it('marks an asked-for exercise a student lacks as missing', () => {
    const p = plan([student('davi', { 'servidor.py': TCP_SERVER })], ['tcp-hello', 'udp-hello']);
    expect(p.submissions[0].exercises.map((x) => [x.id, x.status])).toEqual([
      ['tcp-hello', 'graded'],
      ['udp-hello', 'missing'],
    ]);
  });

  it('carries an unreadable submission with its reason and nothing to run', () => {
    const bad: IntakeSubmission = { ...student('eva', {}), error: { key: 'intake.error.encrypted' } };
    const p = plan([student('ana2', { 'servidor.py': TCP_SERVER }), bad]);
    const eva = p.submissions.find((s) => s.id === 'eva')!;
    expect(eva.error?.key).toBe('intake.error.encrypted');
    expect(eva.exercises).toEqual([]);
  });
});
