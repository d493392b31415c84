// A shared server kept from one check to the next, caught between its last close() and its exit.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, grade, readResults, tempOut } from './cli.js';

// Serves one client, then stays busy for 0.15 s with its listening socket still open before it
// exits: the next check's first connection would land in a backlog nobody will accept.
const LINGERING_SERVER = `import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', int(sys.argv[1])))
s.listen(1)
c, a = s.accept()
print('Recebida:', c.recv(1024).decode())
c.close()
end = time.time() + 0.15
while time.time() < end:
    pass
s.close()
`;

describe('a shared server ending after its client, between two checks', () => {
  const dir = tempOut('sg-carried-');
  const out = tempOut('sg-carried-out-');
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('is let exit and started again before the next check connects, so each check reads its own server', async () => {
    const student = path.join(dir, 'aluno');
    fs.mkdirSync(student);
    fs.writeFileSync(path.join(student, 'servidor.py'), LINGERING_SERVER);
    fs.copyFileSync(path.join(FIXTURES, 'server-one-shot', 'cliente.py'), path.join(student, 'cliente.py'));
    const result = await grade([dir, '--exercise', 'tcp-hello', '--reporter', 'json', '--out', out]);
    expect(result.exitCode, result.stderr).not.toBe(2);
    const checks = readResults(out).submissions[0]!.exercises[0]!.checks;
    const byId = (id: string) => checks.find((c) => c.id === id)!;
    // Without the wait, this check's connection sat in the dying server's backlog and was reset.
    expect(byId('server-prints-message').status).toBe('pass');
    expect(byId('server-closes-connection').status).toBe('pass');
    const many = byId('server-serves-many');
    expect(many.status).toBe('fail');
    expect(many.notes?.join(' ')).toContain('ended after serving 1 client(s): connection 2 of 3');
  });
});
