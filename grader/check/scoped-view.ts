// A check's own view of a launch or a UDP socket: scoped to the check, its waits raced with the
// programs settling, its output mirrored into the check's transcript once.
import type { StudentProgram, UdpEndpoint } from './api.js';
import type { LaunchRecord } from './launch-record.js';
import { viewProgram } from './program-view.js';
import { OUTPUT_WAITS, PROGRAM_ACTIONS, PROGRAM_WAITS, type CheckScope } from './scope.js';
import type { Transcript } from '../peers/transcript.js';
import type { UdpPeer } from '../peers/udp-peer.js';

/** How a check guards one of its waits (see SettleWatch): the wait, its deadline, the wait's result. */
export type WaitGuard = (wait: Promise<boolean>, timeoutMs: number) => Promise<boolean>;

/** What a scoped program view needs of the check that owns it. */
export interface ViewOwner {
  transcript: Transcript;
  scope: CheckScope;
  guard: WaitGuard;
  /** The check wrote to the program: whatever had settled may move again. */
  touched(): void;
  /** The check waited for text on stdout and it never came. */
  missedStdout(): void;
  /** Records where a living program is, for the evidence. */
  probe(launch: LaunchRecord): Promise<unknown>;
  /** Runs when the check ends. */
  onEnd(cleanup: () => void): void;
}

/** A launch as one check sees it; a missed wait for an exit or for printed text is recorded for the evidence. */
export function scopedProgramView(launch: LaunchRecord, owner: ViewOwner): StudentProgram {
  const raw = viewProgram(launch, owner.transcript, launch);
  owner.onEnd(() => raw.detach());
  const stdout = owner.scope.wrap(raw.stdout, OUTPUT_WAITS, []);
  const waitFor = stdout.waitFor.bind(stdout);
  const watched = Object.assign(Object.create(stdout) as typeof stdout, {
    waitFor: async (test: (text: string) => boolean, timeoutMs: number) => {
      const seen = await owner.guard(waitFor(test, timeoutMs), timeoutMs);
      if (!seen) owner.missedStdout();
      return seen;
    },
  });
  const scoped = owner.scope.wrap(raw, PROGRAM_WAITS, PROGRAM_ACTIONS);
  return new Proxy(scoped, {
    get(target, prop, receiver) {
      if (prop === 'stdout') return watched;
      if (prop === 'write') {
        return (text: string) => {
          target.write(text);
          owner.touched();
        };
      }
      if (prop === 'waitExit') {
        return async (timeoutMs: number, until?: (printed: string) => boolean) => {
          const exited = await owner.guard(target.waitExit(timeoutMs, until), timeoutMs);
          // Stopped early because it settled: it missed the deadline all the same.
          if (!exited && launch.program.running) launch.overdue = true;
          // A deadline missed by a living program: record where it is before anything moves on.
          if (!exited) await owner.probe(launch);
          return exited;
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** A reference UDP socket as a check sees it, its waits guarded like a program's. */
export function udpView(peer: UdpPeer, guard: WaitGuard): UdpEndpoint {
  return {
    get ports() {
      return peer.boundPorts;
    },
    received: peer.received,
    send: (port, text) => peer.send(port, text),
    reply: (to, text) => peer.send(to.from, text, to.port),
    waitFor: async (test, timeoutMs) => ((await guard(peer.waitFor((d) => test(d.text), timeoutMs), timeoutMs)) ? peer.received.find((d) => test(d.text)) : undefined),
  };
}
