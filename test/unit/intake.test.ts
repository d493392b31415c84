import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchPrograms } from '../../grader/intake/match.js';
import { listPythonFiles } from '../../grader/intake/scan.js';

const programs = [
  { role: 'server', files: ['servidor.py', 'server.py'] },
  { role: 'client', files: ['cliente.py', 'client.py'] },
];

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-intake-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('matchPrograms', () => {
  it('matches names case-insensitively', () => {
    const m = matchPrograms(['Servidor.PY', 'CLIENT.py'], programs);
    expect(m.get('server')?.relPath).toBe('Servidor.PY');
    expect(m.get('client')?.relPath).toBe('CLIENT.py');
  });

  it('prefers the shallowest file, then the order of the list, and records the losers', () => {
    const m = matchPrograms(['a/b/servidor.py', 'server.py', 'x/servidor.py'], programs);
    expect(m.get('server')).toMatchObject({ relPath: 'server.py', depth: 0, alternatives: ['x/servidor.py', 'a/b/servidor.py'] });
    const same = matchPrograms(['server.py', 'servidor.py'], programs);
    expect(same.get('server')?.relPath).toBe('servidor.py');
  });

  it('ignores files deeper than three folders', () => {
    const m = matchPrograms(['a/b/c/d/servidor.py', 'a/b/c/cliente.py'], programs);
    expect(m.has('server')).toBe(false);
    expect(m.get('client')?.depth).toBe(3);
  });
});

describe('listPythonFiles', () => {
  it('lists .py files up to depth 3 and skips caches and links', () => {
    const root = tree({ 'servidor.py': '', 'a/b/c/cliente.py': '', 'a/b/c/d/deep.py': '', '__pycache__/x.py': '', 'notes.txt': '' });
    fs.symlinkSync('/etc', path.join(root, 'link'));
    expect(listPythonFiles(root)).toEqual(['a/b/c/cliente.py', 'servidor.py']);
  });
});
