// Causes read from what crossed the wire and what the program wrote: a foreign protocol, bytes
// that are not text, the expected text written to a file instead of the terminal.
import { quote } from '../check/failure.js';
import type { EvidenceItem } from '../events.js';
import type { CheckEvidence, PeerEvidence } from '../run/evidence.js';
import { cause, type Cause } from './types.js';

// Texts that ask for a command the reference clients do not speak.
const DEMAND = /(^|\s)\/\w+|\bSEND\b|comando|command|usage|uso:|inv[aá]lid|\berr(o|or)\b|digite\s+\/|entre em uma sala|join/i;

/** The student sent bytes that are not text (TLS, pickle) to a reference peer. */
export function binaryProtocol(ev: CheckEvidence): Cause | undefined {
  const peer = ev.peers.find((p) => p.binary);
  if (!peer?.binary) return undefined;
  const what = peer.binary.kind === 'tls' ? 'TLS (ClientHello)' : peer.binary.kind === 'pickle' ? 'pickle' : 'binary';
  return cause('binary-protocol', { what, hex: peer.binary.hex, peer: peer.name }, [{ kind: 'bytes', text: `${what}: ${peer.binary.hex}` }]);
}

/**
 * The server answered the reference clients' plain lines with something else (an error, a
 * usage text, a demand for /join or SEND) and relayed none of them.
 */
export function protocolMismatch(ev: CheckEvidence): Cause | undefined {
  const clients = ev.peers.filter((p) => p.side === 'to-server');
  if (clients.length < 2 || relayedAny(clients)) return undefined;
  for (const p of clients) {
    const reply = lastLine(p.receivedAfterSend);
    const echo = p.sent.some((s) => s.trim().length >= 4 && p.receivedAfterSend.includes(s.trim()));
    // An error that quotes the line back is still an error, not an echo.
    if (reply && (!echo || DEMAND.test(reply))) return mismatch(p, reply);
  }
  const demanding = clients.find((p) => DEMAND.test(p.received));
  return demanding ? mismatch(demanding, lastLine(demanding.received.split('\n').find((l) => DEMAND.test(l)) ?? demanding.received)) : undefined;
}

function mismatch(p: PeerEvidence, reply: string): Cause {
  const sent = p.sent.find((s) => /sync-/.test(s)) ?? p.sent[p.sent.length - 1] ?? '';
  const evidence: EvidenceItem[] = [{ kind: 'reply', text: `${p.name} ← ${quote(reply, 200)}` }];
  return cause('protocol-mismatch', { sender: p.name, sent: quote(sent.trim(), 80), reply: quote(reply, 200) }, evidence);
}

// Some line one reference client sent reached another one.
function relayedAny(clients: PeerEvidence[]): boolean {
  return clients.some((p) =>
    p.sent
      .map((s) => s.trim())
      .filter((s) => s.length >= 4)
      .some((line) => clients.some((q) => q !== p && containsWhole(q.received, line))),
  );
}

// `nick-1` is not relayed by an error about `nick-11`: the text must end where the line ends.
function containsWhole(text: string, line: string): boolean {
  for (let at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + 1)) {
    if (!/[\w-]/.test(text[at + line.length] ?? '')) return true;
  }
  return false;
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? ''
  );
}

/** The expected text never reached stdout, and the program wrote files in its folder meanwhile. */
export function outputToFile(ev: CheckEvidence): Cause | undefined {
  if (!ev.missedStdout || ev.files.length === 0) return undefined;
  const files = ev.files.map((f) => `${f.path} (${f.size} B)`).join(', ');
  const tail = ev.files.find((f) => f.tail)?.tail ?? '';
  const evidence: EvidenceItem[] = ev.files.map((f) => ({ kind: 'file', text: f.tail ? `${f.path}: ${quote(f.tail.trim().split('\n').slice(-2).join('\n'), 160)}` : `${f.path} (${f.size} B)` }));
  return cause('output-to-file', { files, tail: quote(tail.trim().split('\n').slice(-3).join('\n'), 200) }, evidence);
}
