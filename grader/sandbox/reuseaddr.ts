// The grader's one sitecustomize: the stack dump and readiness events for every launch, and the none tier's SO_REUSEADDR.
import fs from 'node:fs';
import path from 'node:path';
import { BOOT_FILE, BOOT_PY } from './boot.js';
import { EVENTS_SITE_PY } from './socket-events.js';
import { STACKS_SITE_PY } from './stacks.js';

/** Set to `1` in a launch's environment to turn on SO_REUSEADDR (none tier only). */
export const REUSEADDR_ENV = 'SOCKGRADE_REUSEADDR';

// Without a network namespace a fixed port left in TIME_WAIT by an earlier launch (of this or
// another submission) refuses bind() for 60 s, so a server would fail only because it was graded
// after a classmate. The full tier drops TIME_WAIT in each namespace; here Python sets
// SO_REUSEADDR before bind(), which ignores TIME_WAIT but still refuses a port someone listens on.
// Only TCP: SO_REUSEADDR would let two UDP sockets share a port, which changes what UDP code does.
// Python allows one sitecustomize on the path, so both jobs share this file, each behind its variable.
const REUSEADDR_SITE_PY = `def _sockgrade_reuseaddr():
    import os
    if os.environ.get(${JSON.stringify(REUSEADDR_ENV)}) != '1':
        return
    import socket as _sockgrade_socket

    _sockgrade_bind = _sockgrade_socket.socket.bind

    def _sockgrade_reuse_bind(self, address):
        if self.type == _sockgrade_socket.SOCK_STREAM and self.family in (_sockgrade_socket.AF_INET, _sockgrade_socket.AF_INET6):
            try:
                self.setsockopt(_sockgrade_socket.SOL_SOCKET, _sockgrade_socket.SO_REUSEADDR, 1)
            except OSError:
                pass
        return _sockgrade_bind(self, address)

    _sockgrade_socket.socket.bind = _sockgrade_reuse_bind


try:
    _sockgrade_reuseaddr()
except Exception:
    pass
del _sockgrade_reuseaddr
`;

// The grader's pipes arrive as fds 3 and 4 and move to high fds, out of the way of the student's
// own (their first socket still gets fd 3), and are not inherited by exec'd programs.
// Each pipe has its own place below the fd limit too (`below_limit`), so the two never collide.
const MOVE_FD_SITE_PY = `def _sockgrade_move_fd(fd, high, below_limit):
    import os
    os.fstat(fd)
    high = min(high, os.sysconf('SC_OPEN_MAX') - below_limit)
    if high > fd:
        os.dup2(fd, high, inheritable=False)
        os.close(fd)
        return high
    os.set_inheritable(fd, False)
    return fd
`;

const SITECUSTOMIZE = `# Written by sockgrade: stack dumps on request (stacks.ts), readiness events (socket-events.ts), SO_REUSEADDR at the none tier (reuseaddr.ts).
${MOVE_FD_SITE_PY}

${STACKS_SITE_PY}

${EVENTS_SITE_PY}

${REUSEADDR_SITE_PY}
del _sockgrade_move_fd
`;

/** Writes the grader's sitecustomize and boot file (boot.ts) into `dir` (to go on PYTHONPATH) and returns `dir`. */
export function writeGraderSite(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'sitecustomize.py'), SITECUSTOMIZE);
  fs.writeFileSync(path.join(dir, BOOT_FILE), BOOT_PY);
  return dir;
}

/** The same site under its old name: SO_REUSEADDR still needs `REUSEADDR_ENV`, which startBox sets at the none tier. */
export const writeReuseAddrSite = writeGraderSite;
