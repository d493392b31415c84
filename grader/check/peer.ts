// A reference connection as checks see it: send, expect, close — with failures explained.
import type { AcceptedConnection, Peer } from './api.js';
import { CheckFailure, msg, quote } from './failure.js';
import type { TcpPeer } from '../peers/tcp-peer.js';
import type { Transcript } from '../peers/transcript.js';

/**
 * Wraps a TcpPeer with expectations that fail the check with what arrived instead; `guard` may end
 * a wait early, with its timeout's result, once the student's programs can no longer act, and
 * `touched` hears of each close, so earlier observations of the programs stop counting.
 */
export function wrapPeer(
  tcp: TcpPeer,
  transcript: Transcript,
  port = 0,
  guard: (wait: Promise<boolean>, timeoutMs: number) => Promise<boolean> = (wait) => wait,
  touched: () => void = () => {},
): AcceptedConnection {
  const toTest = (text: string | ((r: string) => boolean)) => (typeof text === 'string' ? (r: string) => r.includes(text) : text);
  const peer: AcceptedConnection = {
    name: tcp.name,
    port,
    get received() {
      return tcp.text;
    },
    get closedByStudent() {
      return tcp.remoteEnded || tcp.closed;
    },
    get closeKind() {
      return tcp.closeKind;
    },
    send: (data) => void tcp.send(typeof data === 'string' ? data : Buffer.from(data)),
    end: () => (tcp.endWrite(), touched()),
    close: () => (tcp.close(), touched()),
    reset: () => (tcp.reset(), touched()),
    sees: (text, timeoutMs) => guard(tcp.waitFor(toTest(text), timeoutMs), timeoutMs),
    waitClosed: (timeoutMs) => guard(tcp.waitClosedByStudent(timeoutMs), timeoutMs),
    async expect(text, timeoutMs, describe) {
      const started = Date.now();
      if (await guard(tcp.waitFor(toTest(text), timeoutMs), timeoutMs)) return;
      // A wait that ended early (the program settled) says how long it really was.
      timeoutMs = Math.min(timeoutMs, Date.now() - started);
      const expected = describe ?? (typeof text === 'string' ? quote(text) : 'the expected message');
      transcript.add('student', tcp.name, 'expect', expected, { missed: true });
      const got = tcp.text;
      throw new CheckFailure(
        got.length === 0
          ? msg('check.peer-got-nothing', { peer: tcp.name, expected, seconds: seconds(timeoutMs) })
          : msg('check.peer-got-other', { peer: tcp.name, expected, seconds: seconds(timeoutMs), got: quote(got.slice(-300), 300) }),
      );
    },
  };
  return peer;
}

/** Milliseconds as seconds for messages, e.g. 2 or 0.5. */
export function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** The Peer view without the port (for connections the grader opened). */
export type { Peer };
