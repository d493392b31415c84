import { describe, expect, it } from 'vitest';
import { diagnoseProgram, parseTracebacks, studentPath, type LaunchFacts } from '../../grader/run/diagnose.js';

const PRINT_STATEMENT = `  File "/box/servidor.py", line 7
    print 'Concetado por', cliente
    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?
`;
const EXCEPT_COMMA = `  File "/box/servidor.py", line 3
    except Exception, e:
           ^^^^^^^^^^^^
SyntaxError: multiple exception types must be parenthesized
`;
const THREAD_BYTES = `Exception in thread Thread-1 (f):
Traceback (most recent call last):
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/threading.py", line 1045, in _bootstrap_inner
    self.run()
  File "/box/chat/servidor.py", line 3, in f
    socket.socket().send('x')
TypeError: a bytes-like object is required, not 'str'
`;
const ADDRESS_IN_USE = `Traceback (most recent call last):
  File "/box/servidor.py", line 5, in <module>
    s.bind(('127.0.0.1', 5000))
OSError: [Errno 98] Address already in use
`;
const RESET = `Traceback (most recent call last):
  File "/box/servidor.py", line 9, in <module>
    data = conn.recv(1024)
ConnectionResetError: [Errno 104] Connection reset by peer
`;

const MEMORY_ERROR = `Traceback (most recent call last):
  File "/box/cliente.py", line 12, in <module>
    guardados.append(bytes(1 << 20))
MemoryError
`;
const ENOMEM = `Traceback (most recent call last):
  File "/box/cliente.py", line 4, in <module>
    m = mmap.mmap(-1, 1 << 30)
OSError: [Errno 12] Cannot allocate memory
`;

function facts(over: Partial<LaunchFacts>): LaunchFacts {
  return { stderr: '', exitCode: 0, signal: null, killedByGrader: false, overdue: false, stdoutOverflowed: false, stderrOverflowed: false, givenPort: 4000, ...over };
}

const codes = (stderr: string, over: Partial<LaunchFacts> = {}) =>
  diagnoseProgram('server', 'servidor.py', [facts({ stderr, ...over })]).map((d) => [d.code, d.file, d.line]);

describe('diagnoseProgram', () => {
  it('recognises Python 2 syntax: the print statement and except X, e', () => {
    expect(codes(PRINT_STATEMENT)).toEqual([['python2-syntax', 'servidor.py', 7]]);
    expect(codes(EXCEPT_COMMA)).toEqual([['python2-syntax', 'servidor.py', 3]]);
  });

  it('gives one diagnostic per cause: bytes-expected in a thread is not also uncaught-exception', () => {
    expect(codes(THREAD_BYTES)).toEqual([['bytes-expected', 'chat/servidor.py', 3]]);
  });

  it('recognises Errno 98 and other exceptions with the student frame', () => {
    expect(codes(ADDRESS_IN_USE)).toEqual([['address-in-use', 'servidor.py', 5]]);
    expect(codes(RESET)).toEqual([['uncaught-exception', 'servidor.py', 9]]);
  });

  it('collapses the same traceback from several launches', () => {
    const d = diagnoseProgram('server', 'servidor.py', [facts({ stderr: RESET }), facts({ stderr: RESET })]);
    expect(d).toHaveLength(1);
  });

  it('reports output floods, overdue programs and hardcoded ports', () => {
    expect(codes('', { stdoutOverflowed: true }).map((c) => c[0])).toEqual(['output-limit']);
    expect(codes('', { overdue: true, killedByGrader: true }).map((c) => c[0])).toEqual(['time-limit']);
    expect(codes('', { signal: 'SIGXCPU' }).map((c) => c[0])).toEqual(['time-limit']);
    expect(codes('', { usedPort: 5000 }).map((c) => c[0])).toEqual(['hardcoded-port']);
    expect(codes('', { usedPort: 4000 })).toEqual([]);
  });

  it('does not call a program killed at the end of its checks a time-limit', () => {
    expect(codes('', { killedByGrader: true, signal: 'SIGKILL' })).toEqual([]);
  });

  it('calls a SIGKILL at the hard CPU limit a time-limit, not a mysterious signal', () => {
    expect(codes('', { signal: 'SIGKILL', cpuLimit: true }).map((c) => c[0])).toEqual(['time-limit']);
  });

  it('blames the flood, not the clock, when a program blocked on its capped output is killed', () => {
    expect(codes('', { stdoutOverflowed: true, overdue: true, killedByGrader: true, signal: 'SIGKILL' }).map((c) => c[0])).toEqual(['output-limit']);
    expect(codes('', { stdoutOverflowed: true, signal: 'SIGXCPU' }).map((c) => c[0])).toEqual(['output-limit', 'time-limit']);
  });

  it('reports a signal the grader did not send, with its name', () => {
    const [d] = diagnoseProgram('server', 'servidor.py', [facts({ signal: 'SIGKILL', exitCode: null })]);
    expect(d).toMatchObject({ code: 'killed-by-signal', message: { key: 'diag.killed-by-signal', params: { signal: 'SIGKILL' } } });
    expect(codes('', { signal: 'SIGSEGV' }).map((c) => c[0])).toEqual(['killed-by-signal']);
  });

  it('recognises running out of memory: MemoryError, ENOMEM, or a fatal error in C code', () => {
    expect(codes(MEMORY_ERROR).map((c) => c[0])).toEqual(['memory-limit']);
    expect(codes(ENOMEM).map((c) => c[0])).toEqual(['memory-limit']);
    expect(codes('Fatal Python error: _PyMem_DebugMalloc: out of memory\n', { signal: 'SIGABRT' }).map((c) => c[0])).toEqual(['memory-limit']);
  });

  it('gives one memory-limit when a MemoryError traceback precedes an abort', () => {
    expect(codes(MEMORY_ERROR, { signal: 'SIGABRT' })).toEqual([['memory-limit', 'cliente.py', 12]]);
  });
});

describe('parseTracebacks', () => {
  it('ignores library frames and keeps the innermost student frame', () => {
    const [tb] = parseTracebacks(THREAD_BYTES, (f) => !f.includes('/lib/python3'));
    expect(tb).toMatchObject({ type: 'TypeError', file: '/box/chat/servidor.py', line: 3 });
  });
});

describe('studentPath', () => {
  it('maps box and absolute paths back to the submission-relative file', () => {
    expect(studentPath('/box/a/servidor.py', 'a/servidor.py')).toBe('a/servidor.py');
    expect(studentPath('/tmp/x/work/servidor.py', 'servidor.py')).toBe('servidor.py');
    expect(studentPath('servidor.py', 'servidor.py')).toBe('servidor.py');
  });
});
