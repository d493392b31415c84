// The root-cause classifiers, fed thread dumps recorded from real Python programs (faulthandler,
// as the grader's sitecustomize writes them) and /proc facts as the sandbox reads them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchProbe } from '../../grader/check/launch-record.js';
import { classifyStuck, classifyStuckFallback, type StuckFacts } from '../../grader/causes/classify-stuck.js';
import { outputToFile, protocolMismatch, binaryProtocol } from '../../grader/causes/classify-exchange.js';
import { acceptLoopAround, locksHeldAt, lockTaken } from '../../grader/causes/source.js';
import { viewThreads } from '../../grader/causes/threads-view.js';
import { refineTraceback, tracebackMessage, type TracebackContext } from '../../grader/causes/traceback-causes.js';
import type { CheckEvidence, PeerEvidence } from '../../grader/run/evidence.js';
import type { ThreadState } from '../../grader/sandbox/threads.js';

const DIR = path.resolve(import.meta.dirname, '../fixtures/stacks');
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');

/** A probe of one recorded program: its dump, renamed to `file` in the box, and /proc calls per thread. */
function recorded(dump: string, calls: Partial<ThreadState>[], queues: LaunchProbe['queues'] = []): LaunchProbe {
  const threads = calls.map((c, i) => ({ pid: 100, tid: 100 + i, name: 'python3', state: 'S', ...c }) as ThreadState);
  return { at: Date.now(), stacks: read(dump), threads, queues };
}

function facts(probe: LaunchProbe, file: string, source: string, extra: Partial<StuckFacts> = {}): StuckFacts {
  const sources: Record<string, string> = { [file]: read(source) };
  const toRel = (p: string) => (p.startsWith('/box/') && sources[p.slice(5)] !== undefined ? p.slice(5) : undefined);
  const reader = (rel: string) => sources[rel];
  return { role: 'server', stdinClosed: true, overdue: false, probe, threads: viewThreads(probe, toRel, reader), read: reader, sentToUs: 0, stderr: '', ...extra };
}

describe('reading the source around a stuck line', () => {
  it('names the lock a line takes, and the with-blocks that hold one at a line', () => {
    expect(lockTaken('with clientes_lock:')).toBe('clientes_lock');
    expect(lockTaken('with self.lock:')).toBe('lock');
    expect(lockTaken('trava.acquire()')).toBe('trava');
    expect(lockTaken('with open(f) as arquivo:')).toBeUndefined();
    expect(lockTaken('with trava_lista:')).toBe('trava_lista');
    const source = read('lock-twice.py');
    expect(locksHeldAt(source, 20)).toEqual([{ lock: 'clientes_lock', line: 19, code: 'with clientes_lock:' }]);
    expect(locksHeldAt(source, 16)).toEqual([]);
  });

  it('finds the accept loop around a line, through an inner loop, and not across a def', () => {
    const source = read('accept-loop.py');
    expect(acceptLoopAround(source, 22)).toBe(21);
    expect(acceptLoopAround(source, 8)).toBeUndefined();
    const nested = 'while True:\n    conn, a = s.accept()\n    while True:\n        d = conn.recv(1024)\n';
    expect(acceptLoopAround(nested, 4)).toBe(2);
  });
});

describe('causes read from where the threads sit', () => {
  it('deadlock: broadcast() takes the Lock its caller already holds, and names both lines', () => {
    const probe = recorded('lock-twice.txt', [{ call: 'accept4' }, { call: 'futex' }, { call: 'recvfrom' }]);
    const found = classifyStuck(facts(probe, 'chat_server.py', 'lock-twice.py'));
    expect(found?.code).toBe('deadlock');
    expect(found?.message).toEqual({
      key: 'diag.deadlock.self',
      params: { lock: 'clientes_lock', wait: 'chat_server.py:8', waitCode: 'with clientes_lock:', hold: 'chat_server.py:19', holdCode: 'with clientes_lock:' },
    });
    expect([found?.file, found?.line]).toEqual(['chat_server.py', 8]);
  });

  it('no deadlock when /proc shows no thread waiting in a futex', () => {
    const probe = recorded('lock-twice.txt', [{ call: 'accept4' }, { call: 'recvfrom' }, { call: 'recvfrom' }]);
    expect(classifyStuck(facts(probe, 'chat_server.py', 'lock-twice.py'))?.code).not.toBe('deadlock');
  });

  it('stuck-in-accept-loop: the accept loop reads the nickname with recv()', () => {
    const probe = recorded('accept-loop.txt', [{ call: 'recvfrom' }], [{ port: 5000, queued: 1, backlog: 5 }]);
    const found = classifyStuck(facts(probe, 'servidor_chat.py', 'accept-loop.py'));
    expect(found?.code).toBe('stuck-in-accept-loop');
    expect(found?.message.params).toMatchObject({ call: 'recv', at: 'servidor_chat.py:22', accept: 'servidor_chat.py:21', queued: 1 });
  });

  it('no stuck-in-accept-loop while nobody waits in the listen queue: serving its one client is not stuck', () => {
    const probe = recorded('accept-loop.txt', [{ call: 'recvfrom' }], [{ port: 5000, queued: 0, backlog: 5 }]);
    expect(classifyStuck(facts(probe, 'servidor_chat.py', 'accept-loop.py'))?.code).not.toBe('stuck-in-accept-loop');
  });

  it('never-accepts: connections queue while the only thread sits in select() without the listening socket', () => {
    const probe = recorded('select.txt', [{ call: 'pselect6' }], [{ port: 41000, queued: 2, backlog: 10 }]);
    const found = classifyStuck(facts(probe, 'chat_server.py', 'select.py'));
    expect(found?.code).toBe('never-accepts');
    expect(found?.message.params).toMatchObject({ queued: 2, port: 41000, call: 'select', at: 'chat_server.py:10' });
  });

  it('never-accepts from /proc alone when the program could not be asked (no stacks)', () => {
    const probe: LaunchProbe = { at: 0, threads: [{ pid: 7, tid: 7, name: 'python3', state: 'S', call: 'pselect6' }], queues: [{ port: 41000, queued: 1, backlog: 10 }] };
    expect(classifyStuck(facts(probe, 'chat_server.py', 'select.py'))?.code).toBe('never-accepts');
  });

  it('an idle server with nothing queued has no stuck cause, and no fallback either', () => {
    const probe: LaunchProbe = { at: 0, stacks: read('select.txt'), threads: [{ pid: 7, tid: 7, name: 'python3', state: 'S', call: 'pselect6' }], queues: [{ port: 41000, queued: 0, backlog: 10 }] };
    const f = facts(probe, 'chat_server.py', 'select.py');
    expect(classifyStuck(f)).toBeUndefined();
    expect(classifyStuckFallback(f)).toBeUndefined();
  });

  it('waits-for-greeting: a client that sent nothing sits in recv()', () => {
    const probe = recorded('banner.txt', [{ call: 'recvfrom' }]);
    const found = classifyStuck(facts(probe, 'cliente.py', 'banner.py', { role: 'client', sentToUs: 0 }));
    expect(found?.code).toBe('waits-for-greeting');
    expect(found?.message.params).toEqual({ at: 'cliente.py:5', code: 'boas_vindas = s.recv(1024)' });
    expect(classifyStuck(facts(probe, 'cliente.py', 'banner.py', { role: 'client', sentToUs: 11 }))).toBeUndefined();
  });

  it('thread-exit: the receiver called sys.exit(), the main thread still waits in input()', () => {
    const probe = recorded('thread-exit.txt', [{ call: 'read', fd: 0, target: { kind: 'stdin' } }]);
    const found = classifyStuck(facts(probe, 'chat_cliente.py', 'thread-exit.py', { role: 'client', stdinClosed: false, overdue: true, sentToUs: 6 }));
    expect(found?.code).toBe('thread-exit');
    expect(found?.message).toEqual({ key: 'diag.thread-exit', params: { at: 'chat_cliente.py:18', code: 'linha = input()' } });
    // Not while the check was not waiting for it to exit.
    expect(classifyStuck(facts(probe, 'chat_cliente.py', 'thread-exit.py', { role: 'client', stdinClosed: false, overdue: false, sentToUs: 6 }))).toBeUndefined();
  });

  it('stuck (the fallback) lists each thread with its call and line, only where it blocks unexpectedly', () => {
    const probe = recorded('thread-exit.txt', [{ call: 'read', fd: 0, target: { kind: 'stdin' } }]);
    const found = classifyStuckFallback(facts(probe, 'chat_cliente.py', 'thread-exit.py', { role: 'client', stdinClosed: true }));
    expect(found?.code).toBe('stuck');
    expect(found?.message.params).toEqual({ threads: 'input @ chat_cliente.py:18: linha = input()' });
    // Waiting for the keyboard is a chat client's idle state, not being stuck.
    expect(classifyStuckFallback(facts(probe, 'chat_cliente.py', 'thread-exit.py', { role: 'client', stdinClosed: false }))).toBeUndefined();
  });
});

function evidence(peers: Partial<PeerEvidence>[], extra: Partial<CheckEvidence> = {}): CheckEvidence {
  const full = peers.map((p) => ({ name: 'A', side: 'to-server' as const, sent: [], received: '', receivedAfterSend: '', ...p }));
  return { launches: [], peers: full, files: [], missedStdout: false, silentAfterStdin: false, ...extra };
}

describe('causes read from what crossed the wire and the folder', () => {
  it('protocol-mismatch: a SEND <msg> server answers each line with an error and relays nothing', () => {
    const reply = 'ERRO: Comando "sync-ab12-1" inválido\n';
    const ev = evidence([
      { name: 'A', sent: ['nick-1\n', 'sync-ab12-1\n'], received: reply, receivedAfterSend: reply },
      { name: 'B', sent: ['nick-2\n'], received: '' },
    ]);
    const found = protocolMismatch(ev);
    expect(found?.code).toBe('protocol-mismatch');
    expect(found?.message.params).toEqual({ sender: 'A', sent: '"sync-ab12-1"', reply: '"ERRO: Comando \\"sync-ab12-1\\" inválido"' });
  });

  it('no protocol-mismatch for an echo server, nor once anything was relayed', () => {
    expect(protocolMismatch(evidence([{ name: 'A', sent: ['sync-1\n'], received: 'sync-1\n', receivedAfterSend: 'sync-1\n' }, { name: 'B' }]))).toBeUndefined();
    const relayed = evidence([
      { name: 'A', sent: ['sync-1\n'], received: 'erro\n', receivedAfterSend: 'erro\n' },
      { name: 'B', received: 'A: sync-1\n' },
    ]);
    expect(protocolMismatch(relayed)).toBeUndefined();
  });

  it('an error about nick-11 is not a relay of nick-1', () => {
    const ev = evidence([
      { name: 'C1', sent: ['nick-1\n', 'sync-x-1\n'], received: 'ERRO: "nick-1"\n', receivedAfterSend: 'ERRO: "sync-x-1" inválido\n' },
      { name: 'C11', sent: ['nick-11\n'], received: 'ERRO: Comando "nick-11" inválido\n' },
    ]);
    expect(protocolMismatch(ev)?.code).toBe('protocol-mismatch');
  });

  it('protocol-mismatch from a room server that demands /join before anything', () => {
    const demand = '[server] Entre em uma sala com /join SALA\n';
    const found = protocolMismatch(evidence([{ name: 'A', sent: ['nick-1\n'], received: demand }, { name: 'B', sent: ['nick-2\n'], received: demand }]));
    expect(found?.message.params?.reply).toBe('"[server] Entre em uma sala com /join SALA"');
  });

  it('output-to-file only when the expected stdout text never came and files were written', () => {
    const files = [{ path: 'server_log.txt', size: 52, tail: 'INFO:root:Recebido: Ola Mundo! 1a2b3c\n' }];
    expect(outputToFile(evidence([], { files, missedStdout: true }))?.message.params).toEqual({ files: 'server_log.txt (52 B)', tail: '"INFO:root:Recebido: Ola Mundo! 1a2b3c"' });
    expect(outputToFile(evidence([], { files, missedStdout: false }))).toBeUndefined();
  });

  it('binary-protocol names TLS bytes a client sent', () => {
    const found = binaryProtocol(evidence([{ name: 'server', side: 'from-client', binary: { kind: 'tls', hex: '16 03 01 02 00' } }]));
    expect(found?.message.params).toEqual({ what: 'TLS (ClientHello)', hex: '16 03 01 02 00', peer: 'server' });
  });
});

describe('tracebacks that name a precise cause', () => {
  const source = 'import socket\nimport pygame\nimport sys\nnome = raw_input("nome")\n';
  const ctx: TracebackContext = { stdinClosed: true, localModules: new Set(['jogo']), read: () => source };
  const tb = (type: string, exception: string, line = 2) => ({ type, exception, file: 'chat_server.py', line });

  it('module-not-found for a module that is neither standard nor the submission’s, and says it is unused', () => {
    expect(refineTraceback(tb('ModuleNotFoundError', "ModuleNotFoundError: No module named 'pygame'"), ctx)).toBe('module-not-found');
    expect(refineTraceback(tb('ModuleNotFoundError', "ModuleNotFoundError: No module named 'jogo'"), ctx)).toBeUndefined();
    const message = tracebackMessage('module-not-found', tb('ModuleNotFoundError', "ModuleNotFoundError: No module named 'pygame'"), 'chat_server.py', ctx);
    expect(message.key).toBe('diag.module-not-found.unused');
    expect(message.params).toMatchObject({ module: 'pygame', at: 'chat_server.py:2', code: 'import pygame' });
  });

  it('python2-name, foreign-address, gui-program and reads-stdin', () => {
    expect(refineTraceback(tb('NameError', "NameError: name 'raw_input' is not defined", 4), ctx)).toBe('python2-name');
    expect(refineTraceback(tb('NameError', "NameError: name 'clientes' is not defined", 4), ctx)).toBeUndefined();
    expect(refineTraceback(tb('OSError', 'OSError: [Errno 99] Cannot assign requested address'), ctx)).toBe('foreign-address');
    expect(refineTraceback(tb('TclError', '_tkinter.TclError: no display name and no $DISPLAY environment variable'), ctx)).toBe('gui-program');
    expect(refineTraceback(tb('EOFError', 'EOFError: EOF when reading a line'), ctx)).toBe('reads-stdin');
    expect(refineTraceback(tb('EOFError', 'EOFError: EOF when reading a line'), { ...ctx, stdinClosed: false })).toBeUndefined();
  });
});
