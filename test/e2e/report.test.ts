// `grade report <out> --lang pt-BR`: re-renders a finished run from events.jsonl, in place or
// elsewhere, without grading again and without touching the log.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, grade, readResults, tempOut, type Results } from './cli.js';

const CASES = ['client-wrong-text', 'handout-py2', 'udp-pair'];
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file));

let out: string;
let english: Results;
let log: Buffer;
let csv: Buffer;
let logMtime: number;

beforeAll(async () => {
  const klass = tempOut('sg-report-class-');
  for (const id of CASES) fs.cpSync(path.join(FIXTURES, id), path.join(klass, id), { recursive: true });
  out = tempOut('sg-report-');
  const run = await grade([klass, '--out', out, '--reporter', 'json', 'html', 'junit', 'csv', '--lang', 'en', '--jobs', '2']);
  if (run.exitCode !== 0) throw new Error(`grade failed (${run.exitCode}): ${run.stderr}`);
  english = readResults(out);
  log = read(out, 'events.jsonl');
  csv = read(out, 'grades.csv');
  logMtime = fs.statSync(path.join(out, 'events.jsonl')).mtimeMs;
  const report = await grade(['report', out, '--lang', 'pt-BR']);
  if (report.exitCode !== 0) throw new Error(`grade report failed (${report.exitCode}): ${report.stderr}`);
});

describe('grade report --lang pt-BR, in place', () => {
  it('renders the class overview in Portuguese', () => {
    const index = read(out, 'index.html').toString();
    expect(index).toContain('<html lang="pt-BR">');
    for (const text of ['Relatório de correção', 'Distribuição das notas', 'Verificações que mais falharam']) expect(index).toContain(text);
    expect(index).not.toContain('Score distribution');
  });

  it('writes results.json messages in Portuguese', () => {
    const results = readResults(out) as Results & { lang: string };
    expect(results.lang).toBe('pt-BR');
    const check = results.submissions.find((s) => s.id === 'client-wrong-text')!.exercises.find((x) => x.id === 'tcp-hello')!.checks.find((c) => c.id === 'client-sends-message')!;
    expect(check.message).toBe('O servidor de referência esperava "Ola Mundo!", mas recebeu "Hello World".');
    expect(check.hint).toMatch(/^Envie exatamente o texto da apostila/);
    const py2 = results.submissions.find((s) => s.id === 'handout-py2')!.exercises.find((x) => x.id === 'tcp-hello')!;
    expect(JSON.stringify(py2.diagnostics)).toContain('Sintaxe de Python 2');
  });

  it('re-renders junit.xml, which the run wrote, in Portuguese too', () => {
    expect(read(out, 'junit.xml').toString()).toContain('O servidor de referência esperava');
  });

  it('grades nothing again: same verdicts, and the same random ports and nonces in every conversation', () => {
    const portuguese = readResults(out);
    // Transcript notes are words, so they change language; everything else must not change.
    const wire = (transcript: unknown[]) => transcript.map((e) => ({ ...(e as object), note: undefined }));
    const facts = (r: Results) => r.submissions.map((s) => ({ id: s.id, score: s.score, exercises: s.exercises.map((x) => ({ id: x.id, status: x.status, checks: x.checks.map((c) => [c.id, c.status, wire(c.transcript)]) })) }));
    expect(facts(portuguese)).toEqual(facts(english));
  });

  it('leaves events.jsonl byte for byte as the run wrote it, and grades.csv alone', () => {
    expect(read(out, 'events.jsonl').equals(log)).toBe(true);
    // Not rewritten with the same bytes either: a crash mid-render cannot lose the log.
    expect(fs.statSync(path.join(out, 'events.jsonl')).mtimeMs).toBe(logMtime);
    expect(read(out, 'grades.csv').equals(csv)).toBe(true);
  });
});

describe('grade report into another folder', () => {
  it('copies the log byte for byte beside the new report', async () => {
    const elsewhere = tempOut('sg-report-copy-');
    const run = await grade(['report', out, '--out', elsewhere, '--lang', 'en', '--reporter', 'html']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(read(elsewhere, 'events.jsonl').equals(log)).toBe(true);
    expect(read(elsewhere, 'index.html').toString()).toContain('Score distribution');
    expect(fs.existsSync(path.join(elsewhere, 'results.json'))).toBe(false);
  });

  it('says which folder has no log, and exits 2', async () => {
    const empty = tempOut('sg-report-empty-');
    const run = await grade(['report', empty]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${empty} has no events.jsonl`);
  });
});
