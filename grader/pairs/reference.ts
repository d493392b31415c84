// The reference row and column of the matrix: the ordinary checks, summarised as pairs, so a
// reader sees whether a failing pair is one student's fault or a disagreement between two.
import type { CheckResult, ExerciseResult, Msg, SubmissionEndEvent } from '../events.js';
import { REFERENCE_ID, type PairResult } from './types.js';

/** The checks that are, in substance, "works with the reference peer", per exercise and role. */
const REFERENCE_CHECKS: Record<string, { server: string[]; client: string[] }> = {
  'tcp-hello': { server: ['server-listens', 'server-prints-message'], client: ['client-connects', 'client-sends-message', 'client-closes'] },
  'udp-hello': { server: ['udp-server-prints-message'], client: ['udp-client-sends-message', 'udp-client-exits'] },
  chat: { server: ['chat-server-listens', 'chat-server-broadcast'], client: ['chat-client-connects', 'chat-client-sends-stdin', 'chat-client-prints-incoming'] },
};

/** The checks that say a program ignores the port it is told: with the reference it worked only on its own port. */
const PORT_ARG_CHECKS: Record<string, { server: string; client: string }> = {
  'tcp-hello': { server: 'server-port-arg', client: 'client-port-arg' },
  'udp-hello': { server: 'udp-server-port-arg', client: 'udp-client-port-arg' },
};

/** The exercises whose pairs the matrix can show. */
export const PAIR_EXERCISES = Object.keys(REFERENCE_CHECKS);

/** A student's program worked with the grader's reference peer, as its own checks say. */
function worksWithReference(result: SubmissionEndEvent | undefined, exercise: string, role: 'server' | 'client'): boolean | undefined {
  const x = result?.exercises.find((e) => e.id === exercise);
  if (!x || x.status !== 'graded') return undefined;
  const wanted = REFERENCE_CHECKS[exercise]?.[role] ?? [];
  const checks = wanted.map((id) => x.checks.find((c) => c.id === id));
  if (checks.some((c) => c === undefined)) return undefined;
  return checks.every((c) => c!.status === 'pass');
}

/** The reference pairs of one submission: the reference client against its server, its client against the reference server. */
export function referencePairs(result: SubmissionEndEvent, exercise: string): PairResult[] {
  const x = result.exercises.find((e) => e.id === exercise);
  if (!x || x.status !== 'graded') return [];
  const roles = new Set(x.programs.filter((p) => p.file).map((p) => p.role));
  const pairs: PairResult[] = [];
  for (const role of ['server', 'client'] as const) {
    const works = worksWithReference(result, exercise, role);
    if (works === undefined || !roles.has(role)) continue;
    const failed = firstFailure(x, REFERENCE_CHECKS[exercise]![role]);
    const ids = role === 'server' ? { client: REFERENCE_ID, server: result.submissionId } : { client: result.submissionId, server: REFERENCE_ID };
    // As amber as a classmate's cell: the reference met it on the port it hardcodes, which a classmate would have to guess.
    const ownPort = works ? hardcodedPort(x, exercise, role) : undefined;
    pairs.push({
      exercise,
      ...ids,
      verdict: ownPort ? 'relay' : works ? 'pass' : 'fail',
      durationMs: 0,
      transcript: ownPort?.transcript ?? failed?.transcript ?? [],
      ...(failed ? { cause: failed.cause ?? failed.id, message: referenceMessage(failed) } : {}),
      ...(ownPort ? { cause: 'port-mismatch', message: { key: 'pairs.cause.reference-own-port', params: { given: ownPort.given, used: ownPort.used } } } : {}),
    });
  }
  return pairs;
}

/** The root cause the program's own reference checks failed with, if they found one. */
export function ownCause(result: SubmissionEndEvent | undefined, exercise: string, role: 'server' | 'client'): string | undefined {
  const x = result?.exercises.find((e) => e.id === exercise);
  return x ? firstFailure(x, REFERENCE_CHECKS[exercise]?.[role] ?? [])?.cause : undefined;
}

/** The failed port-argument check of a program that works otherwise, with the ports it names. */
function hardcodedPort(x: ExerciseResult, exercise: string, role: 'server' | 'client'): { given: string | number; used: string | number; transcript: CheckResult['transcript'] } | undefined {
  const check = x.checks.find((c) => c.id === PORT_ARG_CHECKS[exercise]?.[role]);
  const params = check?.message?.params;
  if (check?.status !== 'fail' || params?.given === undefined || params.used === undefined) return undefined;
  return { given: params.given, used: params.used, transcript: check.transcript };
}

function firstFailure(x: ExerciseResult, ids: string[]): CheckResult | undefined {
  return ids.map((id) => x.checks.find((c) => c.id === id)).find((c) => c && c.status !== 'pass');
}

function referenceMessage(check: CheckResult): Msg {
  return { key: 'pairs.cause.reference', params: { check: check.id } };
}
