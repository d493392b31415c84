import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesWrittenSince, snapshotFolder } from '../../grader/sandbox/written-files.js';

describe('filesWrittenSince', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  function folder(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-written-'));
    dirs.push(dir);
    return dir;
  }

  /** Writes a file and dates it `ageMs` before now. */
  function write(dir: string, rel: string, content: string | Buffer, ageMs = 0): void {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const when = new Date(Date.now() - ageMs);
    fs.utimesSync(file, when, when);
  }

  it('leaves out files unchanged since the snapshot, even when freshly copied', () => {
    const dir = folder();
    write(dir, 'servidor.py', 'print(1)\n');
    write(dir, 'log.txt', 'antes\n');
    const before = snapshotFolder(dir);
    fs.appendFileSync(path.join(dir, 'log.txt'), 'depois\n');
    write(dir, 'novo.txt', 'oi');
    expect(filesWrittenSince(dir, 0, before).map((f) => f.path)).toEqual(['log.txt', 'novo.txt']);
    expect(filesWrittenSince(dir, 0).map((f) => f.path)).toEqual(['log.txt', 'novo.txt', 'servidor.py']);
  });

  it('lists the files modified since the time, relative, with a text tail', () => {
    const dir = folder();
    const since = Date.now() - 10_000;
    write(dir, 'servidor.py', 'print(1)\n', 60_000);
    write(dir, 'log.txt', 'conexão recebida 🎉\n');
    write(dir, 'dados/recebido.txt', 'x'.repeat(1000) + 'fim');
    write(dir, 'foto.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    const found = filesWrittenSince(dir, since);
    expect(found.map((f) => f.path)).toEqual(['dados/recebido.txt', 'foto.bin', 'log.txt']);
    expect(found[2]).toEqual({ path: 'log.txt', size: Buffer.byteLength('conexão recebida 🎉\n'), tail: 'conexão recebida 🎉\n' });
    expect(found[0].tail).toHaveLength(300);
    expect(found[0].tail?.endsWith('xfim')).toBe(true);
    expect(found[1]).toEqual({ path: 'foto.bin', size: 7 });
  });

  it('skips bytecode, __pycache__ and symlinks, and goes at most 3 folders deep', () => {
    const dir = folder();
    write(dir, '__pycache__/servidor.cpython-311.pyc', 'x');
    write(dir, 'old.pyc', 'x');
    write(dir, 'a/b/c/three.txt', 'deep enough');
    write(dir, 'a/b/c/d/four.txt', 'too deep');
    fs.symlinkSync('/etc/hostname', path.join(dir, 'link.txt'));
    expect(filesWrittenSince(dir, 0).map((f) => f.path)).toEqual(['a/b/c/three.txt']);
  });

  it('looks at no more than 200 entries', () => {
    const dir = folder();
    for (let i = 0; i < 500; i++) write(dir, `f${String(i).padStart(3, '0')}.txt`, '');
    expect(filesWrittenSince(dir, 0).length).toBeLessThanOrEqual(200);
  });

  it('reads a long UTF-8 file whose last 4 KiB start mid-character as text', () => {
    const dir = folder();
    // 4096-byte window: the cut falls inside a 2-byte "ã".
    write(dir, 'long.txt', 'a' + 'ã'.repeat(3000) + 'z');
    const [file] = filesWrittenSince(dir, 0);
    expect(file.tail).toBe('ã'.repeat(299) + 'z');
  });

  it('is empty for a folder that is gone', () => {
    expect(filesWrittenSince(path.join(os.tmpdir(), 'sg-no-such-folder'), 0)).toEqual([]);
  });
});
