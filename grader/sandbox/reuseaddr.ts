// The none tier's stand-in for tcp_max_tw_buckets=0: SO_REUSEADDR on every TCP socket a student binds.
import fs from 'node:fs';
import path from 'node:path';

// Without a network namespace a fixed port left in TIME_WAIT by an earlier launch (of this or
// another submission) refuses bind() for 60 s, so a server would fail only because it was graded
// after a classmate. The full tier drops TIME_WAIT in each namespace; here Python sets
// SO_REUSEADDR before bind(), which ignores TIME_WAIT but still refuses a port someone listens on.
// Only TCP: SO_REUSEADDR would let two UDP sockets share a port, which changes what UDP code does.
const SITECUSTOMIZE = `# Written by sockgrade (none tier only): TIME_WAIT must not block a rebind.
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
`;

/** Writes the sitecustomize into `dir` (to go on PYTHONPATH) and returns `dir`. */
export function writeReuseAddrSite(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'sitecustomize.py'), SITECUSTOMIZE);
  return dir;
}
