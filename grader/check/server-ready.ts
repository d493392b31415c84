// What a check waits for before it talks to a student server, and why it gives up on one.
import { lastLine, msg, CheckFailure } from './failure.js';
import { exitText, type LaunchRecord, type ProgramHost } from './launch-record.js';
import { seconds } from './peer.js';
import type { CheckScope } from './scope.js';
import { pollUntil } from '../sandbox/wait.js';

/** How long a server has, from its launch, to listen; before timeout scaling. */
export const READY_TIMEOUT_MS = 5000;
/** How long a server kept from an earlier check may take to get back to accept() (or to exit). */
const CARRIED_SETTLE_MS = 300;

/**
 * Lets a shared server carried over from an earlier check get back to waiting for input, or exit
 * (it is then started again), for up to 0.3 s × scale. A one-shot server between its close() and
 * its exit would take the next dial into its dying backlog, or refuse it: the sentence the student
 * reads would depend on that race. "Waiting for input again" has no event, so this polls; a
 * healthy server has settled at the first sample.
 */
export async function letCarriedServerSettle(session: ProgramHost, launch: LaunchRecord, scope: CheckScope, scale: number): Promise<void> {
  const ready = () => (!launch.program.running || session.settled(launch) ? true : undefined);
  await scope.guard(pollUntil(ready, Math.round(CARRIED_SETTLE_MS * scale)));
}

/** The failure of a launch that listens on no port in time: it exited, listens in the other protocol, or never listened. */
export function notListening(session: ProgramHost, launch: LaunchRecord, stderrTail: string, readyMs: number): CheckFailure {
  if (!launch.program.running) return new CheckFailure(msg('check.server-exited', { status: exitText(launch), stderr: lastLine(stderrTail) }));
  // "Not listening on any port" would be false of a UDP server written with SOCK_STREAM.
  const other = session.readyInOtherProtocol(launch);
  if (other.ports.length > 0) {
    const params = { wanted: session.def.protocol.toUpperCase(), got: other.protocol.toUpperCase(), port: other.ports[0]! };
    return new CheckFailure(msg('check.server-wrong-protocol', params));
  }
  return new CheckFailure(msg('check.server-not-listening', { seconds: seconds(readyMs) }));
}
