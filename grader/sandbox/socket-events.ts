// Readiness as an event: the sitecustomize reports each listen() and datagram bind() on a pipe.
import type { Readable } from 'node:stream';

/** The fd of the event pipe in the launched program (execa's 5th stdio entry). */
export const EVENTS_FD = 4;

/** The fd the sitecustomize moves the pipe to, beside the stack pipe's 250. */
export const EVENTS_HIGH_FD = 249;

/** `<fd>` for the sitecustomize; it removes the variable so exec'd children never see a stale fd. */
export const EVENTS_ENV = 'SOCKGRADE_EVENTS';

/** One socket a program made ready: a TCP listen() or a UDP bind(), with the port it got. */
export interface SocketEvent {
  protocol: 'tcp' | 'udp';
  port: number;
}

/**
 * The sitecustomize part that reports readiness. It only says *that* something happened: the
 * grader still reads the port from /proc, which stays the source of truth. It runs after
 * `_sockgrade_move_fd` (reuseaddr.ts); it never raises, never blocks (a full pipe drops the line)
 * and does nothing without its variable.
 */
export const EVENTS_SITE_PY = `def _sockgrade_events():
    import os
    spec = os.environ.pop(${JSON.stringify(EVENTS_ENV)}, None)
    if not spec:
        return
    fd = _sockgrade_move_fd(int(spec), ${EVENTS_HIGH_FD}, 7)
    os.set_blocking(fd, False)
    import socket as _s

    def report(sock, protocol):
        try:
            port = sock.getsockname()[1]
            os.write(fd, ('%s %d\\n' % (protocol, port)).encode())
        except Exception:
            pass

    listen, bind = _s.socket.listen, _s.socket.bind

    def _sockgrade_listen(self, *args):
        result = listen(self, *args)
        report(self, 'tcp')
        return result

    def _sockgrade_bind(self, address):
        result = bind(self, address)
        if self.type == _s.SOCK_DGRAM:
            report(self, 'udp')
        return result

    _s.socket.listen = _sockgrade_listen
    _s.socket.bind = _sockgrade_bind


try:
    _sockgrade_events()
except Exception:
    pass
del _sockgrade_events
`;

/** The environment entry that turns readiness events on in a launch. */
export function eventsEnv(): Record<string, string> {
  return { [EVENTS_ENV]: String(EVENTS_FD) };
}

/** Parses one line of the pipe, or undefined for anything else. */
export function parseSocketEvent(line: string): SocketEvent | undefined {
  const match = /^(tcp|udp) (\d{1,5})$/.exec(line.trim());
  return match ? { protocol: match[1] as 'tcp' | 'udp', port: Number(match[2]) } : undefined;
}

/** The events one launch reported, and a way to be woken by the next. */
export class SocketEventChannel {
  readonly events: SocketEvent[] = [];
  private readonly listeners = new Set<() => void>();
  private partial = '';
  private static readonly MAX_EVENTS = 1000;

  constructor(stream: Readable | null | undefined) {
    stream?.on('data', (chunk: Buffer) => this.push(chunk.toString('latin1')));
    stream?.on('error', () => {});
  }

  /** Calls `listener` after each event; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!.slice(-64);
    let any = false;
    for (const line of lines) {
      const event = parseSocketEvent(line);
      if (!event || this.events.length >= SocketEventChannel.MAX_EVENTS) continue;
      this.events.push(event);
      any = true;
    }
    if (any) for (const listener of [...this.listeners]) listener();
  }
}
