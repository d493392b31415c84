// Why a chat pair failed, read from its run: one cause code and one plain sentence, from what crossed.
import type { Msg } from '../events.js';
import type { ChatPairRun } from './chat-pair.js';
import type { PairOutcome } from './hello-cause.js';

type Failure = Omit<PairOutcome, 'verdict'>;

const quote = (text: string, max = 60) => {
  const one = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(one).slice(1, -1);
};
const lastLine = (text: string) => text.trim().split('\n').pop()?.trim() ?? '';
const refused = (stderr: string) => /ConnectionRefusedError|Connection refused|\[Errno 111\]/.test(stderr);
/** The line of `text` holding `needle`, as it crossed (a prefix such as `ref-…: ` included). */
const lineWith = (text: string, needle: string) => text.split('\n').find((l) => l.includes(needle)) ?? needle;
// Not named fail: the locale scan takes the first quoted argument of any fail call for a message key.
const because = (cause: string, key: string, params?: Msg['params']): Failure => ({ cause, message: { key, ...(params ? { params } : {}) } });

/** Reads the run of a chat pair: pass, relay, or fail with the first cause the evidence shows. */
export function chatOutcome(run: ChatPairRun): PairOutcome {
  const worked = run.typedAtRef && run.pushedPrinted;
  if (worked && run.via === 'literal') {
    const relay = { clientPort: run.literalPort!, serverPort: run.serverPort };
    // A server that takes its port from argv agrees with anyone who passes it: the client alone ignores it.
    const key = run.serverTakesPort ? 'pairs.cause.relay-client-ignores' : 'pairs.cause.relay';
    return { verdict: 'relay', cause: 'port-mismatch', relay, message: { key, params: { client: relay.clientPort, server: relay.serverPort } } };
  }
  // Through no relay at all: both hardcode the server's own port, so they agree without being told.
  if (worked) return { verdict: 'pass' };
  return { verdict: 'fail', ...chatFailure(run) };
}

function chatFailure(run: ChatPairRun): Failure {
  if (run.refUnconnected) {
    if (!run.serverAlive) return because('server-exited', 'pairs.chat.server-gone', { status: run.serverCode ?? '?' });
    return because('never-accepts', 'pairs.chat.ref-unconnected', { server: run.serverPort });
  }
  if (run.via === 'none') return unconnected(run);
  // Nothing was typed: the client was gone, or it connected only after the grader stopped waiting.
  if (!run.typedIt) return run.clientExited ? ended(run) : because('never-reached', 'pairs.chat.late-connect');
  if (!run.typedAtRef) return firstDirection(run);
  // R said nothing: the client was gone, or the server had closed R's connection.
  if (!run.pushedIt) {
    if (run.clientExited) return ended(run);
    if (!run.serverAlive) return because('server-exited', 'pairs.chat.server-gone', { status: run.serverCode ?? '?' });
    return because('server-closed', 'pairs.chat.ref-closed', { got: quote(run.refGot || '-') });
  }
  return secondDirection(run);
}

/** The client never came through a relay. */
function unconnected(run: ChatPairRun): Failure {
  if (run.clientExited && refused(run.clientStderr)) return because('port-mismatch', 'pairs.cause.refused', { server: run.serverPort, skipped: run.skipped.join(', ') || '-' });
  if (run.clientExited && run.clientSignal) return because('killed-by-signal', 'pairs.cause.client-signal', { signal: run.clientSignal });
  if (run.clientExited && run.clientCode !== 0) return because('client-crashed', 'pairs.chat.crashed-unconnected', { status: run.clientCode ?? '?', error: quote(lastLine(run.clientStderr) || '-', 120) });
  if (run.clientExited) return because('never-reached', 'pairs.chat.exited-unconnected', { server: run.serverPort });
  return because('never-reached', 'pairs.cause.never-connected', { server: run.serverPort });
}

/** The client connected, then exited (by itself) before the pair was over. */
function ended(run: ChatPairRun): Failure {
  if (run.clientSignal) return because('killed-by-signal', 'pairs.cause.client-signal', { signal: run.clientSignal });
  if (run.clientExited && run.clientCode !== 0) return because('client-crashed', 'pairs.chat.crashed', { status: run.clientCode ?? '?', error: quote(lastLine(run.clientStderr) || '-', 120) });
  return because('client-exited', 'pairs.chat.exited');
}

/** The line typed into the client did not reach R. */
function firstDirection(run: ChatPairRun): Failure {
  const typed = quote(run.typed);
  // Lines without their newline run together: the server cannot tell the nickname from the message.
  if (run.up.includes(run.typed) && !run.up.includes('\n') && run.serverAlive) return because('no-newline', 'pairs.chat.no-newline', { sent: quote(run.up, 120) });
  if (run.upAfterTyping.includes(run.typed)) {
    const sent = quote(lineWith(run.upAfterTyping, run.typed));
    if (!run.serverAlive) return because('server-exited', 'pairs.chat.server-died', { sent, status: run.serverCode ?? '?' });
    // "Relayed nothing" only when R really got nothing since the client started.
    if (!run.refGot) return because('no-relay', 'pairs.chat.no-relay', { sent });
    return because('no-relay', 'pairs.chat.no-relay-got', { sent, got: quote(run.refGot) });
  }
  if (run.clientExited) return ended(run);
  if (run.upAfterTyping.trim()) return because('wrong-text', 'pairs.chat.wrong-text', { sent: quote(run.upAfterTyping), typed });
  if (!run.up && run.downBeforeTyping) return because('server-speaks-first', 'pairs.chat.server-speaks-first', { first: quote(run.downBeforeTyping), typed });
  if (run.up.includes(run.nick)) return because('client-not-sending', 'pairs.chat.not-sending-after-nick', { nick: run.nick, typed });
  return because('client-not-sending', 'pairs.chat.not-sending', { typed });
}

/** R's line did not appear on the client's stdout. */
function secondDirection(run: ChatPairRun): Failure {
  if (run.pushedDown) {
    if (run.clientExited) return ended(run);
    const down = quote(lineWith(run.down, run.pushed));
    if (run.pushedPrintedLate) return because('lockstep-client', 'pairs.chat.lockstep', { down });
    if (run.printedAfterPush.trim()) return because('client-not-printing', 'pairs.chat.printed-other', { down, printed: quote(lastLine(run.printedAfterPush)) });
    return because('client-not-printing', 'pairs.chat.not-printing', { down });
  }
  if (!run.serverAlive) return because('server-exited', 'pairs.chat.server-died-push', { text: quote(run.pushed), status: run.serverCode ?? '?' });
  return because('server-not-delivering', 'pairs.chat.not-delivering', { text: quote(run.pushed) });
}
