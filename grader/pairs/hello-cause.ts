// Why a hello pair failed, read from its run: one cause code and one plain sentence.
import type { Msg } from '../events.js';
import type { PairVerdict } from './types.js';
import type { HelloPairRun } from './hello-pair.js';

/** A verdict with its cause, as the matrix cell shows it. */
export interface PairOutcome {
  verdict: PairVerdict;
  cause?: string;
  message?: Msg;
  relay?: { clientPort: number; serverPort: number };
}

const quote = (text: string) => {
  const one = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return JSON.stringify(one).slice(1, -1);
};
const lastLine = (text: string) => text.trim().split('\n').pop()?.trim() ?? '';
const refused = (stderr: string) => /ConnectionRefusedError|Connection refused|\[Errno 111\]/.test(stderr);

/** Reads the run of a tcp-hello or udp-hello pair: pass, relay, or fail with the first cause the evidence shows. */
export function helloOutcome(run: HelloPairRun, protocol: 'tcp' | 'udp'): PairOutcome {
  const worked = run.greeting !== 'none' && run.clientExited && run.clientCode === 0;
  if (worked && run.via === 'literal') {
    const relay = { clientPort: run.literalPort!, serverPort: run.serverPort };
    // A server that takes its port from argv agrees with anyone who passes it: the client alone ignores it.
    const key = run.serverTakesPort ? 'pairs.cause.relay-client-ignores' : 'pairs.cause.relay';
    return { verdict: 'relay', cause: 'port-mismatch', relay, message: { key, params: { client: relay.clientPort, server: relay.serverPort } } };
  }
  if (worked) return { verdict: 'pass' };
  return { verdict: 'fail', ...helloFailure(run, protocol) };
}

function helloFailure(run: HelloPairRun, protocol: 'tcp' | 'udp'): Omit<PairOutcome, 'verdict'> {
  const sent = run.up;
  if (run.via === 'none') {
    if (run.clientExited && refused(run.clientStderr)) return { cause: 'port-mismatch', message: { key: 'pairs.cause.refused', params: { server: run.serverPort, skipped: run.skipped.join(', ') || '-' } } };
    if (run.clientExited && run.clientCode !== 0) return crashed(run);
    return { cause: 'never-reached', message: { key: protocol === 'udp' ? 'pairs.cause.no-datagram' : 'pairs.cause.never-connected', params: { server: run.serverPort } } };
  }
  if (!sent) {
    if (run.down && !run.clientExited) return { cause: 'waits-for-answer', message: { key: 'pairs.cause.server-speaks-first', params: { first: quote(run.down) } } };
    if (!run.clientExited) return { cause: 'waits-for-greeting', message: { key: 'pairs.cause.client-waits' } };
    if (run.clientCode !== 0) return crashed(run);
    return { cause: 'no-bytes', message: { key: 'pairs.cause.sent-nothing' } };
  }
  if (run.greeting === 'none') {
    if (!run.serverAlive) return { cause: 'server-exited', message: { key: 'pairs.cause.server-died', params: { sent: quote(sent) } } };
    if (protocol === 'tcp' && run.serverReadsLines && !sent.includes('\n') && !run.printed) return { cause: 'no-newline', message: { key: 'pairs.cause.no-newline', params: { sent: quote(sent) } } };
    // Both alive, the client waiting for an answer the server gives only after the client is done.
    if (!run.printed && !run.clientExited) return { cause: 'both-wait', message: { key: 'pairs.cause.both-wait', params: { sent: quote(sent) } } };
    if (!run.printed) return { cause: 'server-silent', message: { key: 'pairs.cause.server-silent', params: { sent: quote(sent) } } };
    // The greeting came in pieces and the server printed only the first: it reads once.
    if (run.upChunks.length > 1 && run.printed.includes(run.upChunks[0]!.trim())) {
      return { cause: 'partial-read', message: { key: 'pairs.cause.partial-read', params: { sent: quote(sent), first: quote(run.upChunks[0]!), pieces: run.upChunks.length } } };
    }
    return { cause: 'wrong-text', message: { key: 'pairs.cause.wrong-text', params: { sent: quote(sent), printed: quote(lastLine(run.printed)) } } };
  }
  if (!run.clientExited) return { cause: 'client-not-exited', message: { key: 'pairs.cause.client-stays', params: { down: run.down ? quote(run.down) : '-' } } };
  return crashed(run);
}

function crashed(run: HelloPairRun): Omit<PairOutcome, 'verdict'> {
  const line = lastLine(run.clientStderr);
  if (run.clientSignal) return { cause: 'killed-by-signal', message: { key: 'pairs.cause.client-signal', params: { signal: run.clientSignal } } };
  return { cause: 'client-crashed', message: { key: 'pairs.cause.client-crashed', params: { status: run.clientCode ?? '?', error: quote(line || '-') } } };
}
