// A check is a scope that ends: after its deadline a check body can neither wait nor act.
import { describe, expect, it } from 'vitest';
import { CheckRun } from '../../grader/check/context.js';
import type { ProgramHost } from '../../grader/check/launch-record.js';
import { CheckAborted, CheckScope } from '../../grader/check/scope.js';

describe('CheckScope', () => {
  it('a guarded wait rejects with CheckAborted when the scope ends, and resolves before that', async () => {
    const scope = new CheckScope();
    await expect(scope.guard(Promise.resolve(7))).resolves.toBe(7);
    const forever = scope.guard(new Promise<number>(() => {}));
    scope.end();
    await expect(forever).rejects.toBeInstanceOf(CheckAborted);
    await expect(scope.guard(Promise.resolve(1))).rejects.toBeInstanceOf(CheckAborted);
  });

  it('a wrapped object keeps its getters, guards its waits and refuses its actions once ended', async () => {
    const scope = new CheckScope();
    const sent: string[] = [];
    const peer = scope.wrap(
      { name: 'A', get received() { return 'oi'; }, send: (t: string) => void sent.push(t), sees: () => new Promise<boolean>(() => {}), reset: () => sent.push('RST') },
      ['sees'],
      ['send'],
    );
    peer.send('antes');
    const waiting = peer.sees();
    scope.end();
    await expect(waiting).rejects.toBeInstanceOf(CheckAborted);
    expect(() => peer.send('depois')).toThrow(CheckAborted);
    peer.reset(); // clean-up still works after the end
    expect(peer.received).toBe('oi');
    expect(sent).toEqual(['antes', 'RST']);
  });
});

describe('a check body after its scope ended', () => {
  // A host whose server is always running: the next check's server, as far as a late body knows.
  const host = {
    current: { program: { running: true, startedAt: Date.now() }, listening: [5000], givenPort: 5000, overdue: false, probes: [] },
    fixedPorts: [],
    launches: [],
    file: { relPath: 'servidor.py' },
  } as unknown as ProgramHost;

  it('cannot reach the server, connect, open a UDP socket, start a client, or wait a quiet window', async () => {
    const run = new CheckRun(host, 1, new Map());
    run.scope.end();
    await expect(run.server()).rejects.toBeInstanceOf(CheckAborted);
    await expect(run.connect('A')).rejects.toBeInstanceOf(CheckAborted);
    await expect(run.udp('A')).rejects.toBeInstanceOf(CheckAborted);
    await expect(run.client()).rejects.toBeInstanceOf(CheckAborted);
    await expect(run.quiet(10)).rejects.toBeInstanceOf(CheckAborted);
  });
});
