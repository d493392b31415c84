// A loaded scenario → an ExerciseDef whose checks play their steps through the check API, and
// nothing else: every wait is the API's own (event-driven, with a deadline, ended early when the
// programs settle), a negative step is a short quiet window, and every failure quotes its evidence.
// The steps of a UDP program's checks are udp-steps.ts's.
import type { CheckContext, CheckDef, ExerciseDef, ProgramDef } from '../check/api.js';
import { lastLine, quote } from '../check/api.js';
import { ARGS, STDOUT, type Protocol, type Scenario, type ScenarioCheck, type ScenarioProgram, type Step } from './schema.js';
import { newStage, secs, shown, type Stage } from './stage.js';
import { expectDatagram, expectNoDatagram, isUdpPeer, openUdpPeer, sendDatagram, startUdpClient } from './udp-steps.js';

/** The key of an exercise's title; of a check's title and hint. */
export const titleKey = (exercise: string) => `exercise.${exercise}.title`;
export const checkTitleKey = (exercise: string, check: string) => `${exercise}.${check}.title`;
export const hintKey = (exercise: string, check: string) => `${exercise}.${check}.hint`;

/** The exercise a scenario describes: its programs as the API knows them, each check a step player. */
export function toExercise(s: Scenario): ExerciseDef {
  return {
    id: s.id,
    programs: s.programs.map(toProgram),
    checks: s.checks.map((c) => toCheck(s.id, c, s.programs.find((p) => p.role === c.program)?.protocol ?? 'tcp')),
    ...(s.limits ? { limits: { ...s.limits } } : {}),
  };
}

/** A program as the API launches it; its argv travels only when it is not the role's usual one. */
function toProgram(p: ScenarioProgram): ProgramDef {
  const usual = p.args.length === ARGS[p.role].length && p.args.every((a, i) => a === ARGS[p.role][i]);
  return { role: p.role, files: [...p.files], protocol: p.protocol, stdin: p.stdin === 'open' ? 'pipe' : 'closed', instance: p.instance, ...(usual ? {} : { args: [...p.args] }) };
}

function toCheck(exercise: string, c: ScenarioCheck, protocol: Protocol): CheckDef {
  return {
    id: c.id,
    program: c.program,
    weight: c.weight,
    timeoutMs: c.timeoutMs,
    ...(c.needs.length > 0 ? { needs: [...c.needs] } : {}),
    hint: hintKey(exercise, c.id),
    run: (ctx) => play(ctx, c.steps, protocol),
  };
}

/** Plays the steps in order, speaking the program's protocol; the first one that is not met fails the check. */
export async function play(ctx: CheckContext, steps: Step[], protocol: Protocol = 'tcp'): Promise<void> {
  const stage = newStage();
  for (const step of steps) await playStep(ctx, stage, step, protocol);
}

async function playStep(ctx: CheckContext, stage: Stage, s: Step, protocol: Protocol): Promise<void> {
  const fill = (text: string) => text.replaceAll('{nonce}', ctx.nonce);
  switch (s.kind) {
    case 'start':
      if (s.program === 'server') {
        const server = await ctx.server();
        stage.program = server;
        stage.serverPort = server.port;
      } else if (protocol === 'udp') await startUdpClient(ctx, stage);
      else {
        const { program, accept } = await ctx.client();
        stage.program = program;
        stage.accept = accept;
      }
      return;
    case 'serve':
      // The reference server comes with `start: client` (the API starts both together).
      stage.served = s.server;
      return;
    case 'connect': {
      if (protocol === 'udp') return openUdpPeer(ctx, stage, s.peer);
      // Connect first: a shared server that died since the last check is restarted by connect().
      stage.peers.set(s.peer, await ctx.connect(s.peer, s.withinMs));
      stage.program ??= await ctx.server();
      return;
    }
    case 'accept': {
      const program = stage.program!;
      const conn = await stage.accept!(ctx.ms(s.withinMs));
      if (!conn) {
        if (!program.running) ctx.fail('scenario.client-exited-unconnected', { status: program.exitCode ?? '?', stderr: lastLine(program.stderrTail()) });
        ctx.fail('scenario.client-no-connect', { seconds: secs(ctx.ms(s.withinMs)) });
      }
      stage.peers.set(s.as, conn);
      return;
    }
    case 'send':
      if (isUdpPeer(stage, s.from)) return sendDatagram(ctx, stage, s.from, fill(s.text));
      stage.peers.get(s.from)!.send(fill(s.text));
      return;
    case 'expect':
      if (s.at === STDOUT) return expectPrinted(ctx, stage, fill(s.text), s.withinMs);
      return isUdpPeer(stage, s.at) ? expectDatagram(ctx, stage, s.at, fill(s.text), s.withinMs) : expectAt(ctx, stage, s.at, fill(s.text), s.withinMs);
    case 'expect-none':
      if (s.at === STDOUT) return expectNothingPrinted(ctx, stage, s.text && fill(s.text), s.forMs);
      return isUdpPeer(stage, s.at) ? expectNoDatagram(ctx, stage, s.at, s.text && fill(s.text), s.forMs) : expectNothingAt(ctx, stage, s.at, s.text && fill(s.text), s.forMs);
    case 'expect-closed': {
      const peer = stage.peers.get(s.at)!;
      if (!(await peer.waitClosed(ctx.ms(s.withinMs)))) {
        ctx.fail('scenario.peer-not-closed', { peer: peer.name, seconds: secs(ctx.ms(s.withinMs)), got: shown(peer.received) });
      }
      return;
    }
    case 'close':
      return stage.peers.get(s.peer)!.close();
    case 'reset':
      return stage.peers.get(s.peer)!.reset();
    case 'end':
      return stage.peers.get(s.peer)!.end();
    case 'stdin': {
      const program = stage.program!;
      const text = fill(s.text);
      if (!program.running) ctx.fail('scenario.stdin-after-exit', { text: quote(text), status: program.exitCode ?? '?', stderr: lastLine(program.stderrTail()) });
      program.write(text);
      return;
    }
    case 'expect-exit': {
      const program = stage.program!;
      if (!(await program.waitExit(ctx.ms(s.withinMs)))) ctx.fail('scenario.not-exited', { seconds: secs(ctx.ms(s.withinMs)), got: shown(program.stdout.text) });
      if (s.status !== undefined && program.exitCode !== s.status) {
        ctx.fail('scenario.exit-status', { expected: `status ${s.status}`, status: program.exitCode ?? '?', stderr: lastLine(program.stderrTail()) });
      }
      return;
    }
    case 'expect-running': {
      const program = stage.program!;
      ctx.step(`the program must keep running for ${ctx.ms(s.forMs)} ms`);
      await ctx.quiet(s.forMs);
      if (!program.running) ctx.fail('scenario.exited-early', { seconds: secs(ctx.ms(s.forMs)), status: program.exitCode ?? '?', stderr: lastLine(program.stderrTail()) });
      return;
    }
  }
}

/** `text` must arrive at a peer after what its last expectation matched (the API's expect quotes what came instead). */
async function expectAt(ctx: CheckContext, stage: Stage, name: string, text: string, withinMs: number): Promise<void> {
  const peer = stage.peers.get(name)!;
  const from = stage.cursors.get(name) ?? 0;
  await peer.expect((received) => received.indexOf(text, from) >= 0, ctx.ms(withinMs), quote(text));
  stage.cursors.set(name, peer.received.indexOf(text, from) + text.length);
}

/** `text` must be printed after what the last stdout expectation matched. */
async function expectPrinted(ctx: CheckContext, stage: Stage, text: string, withinMs: number): Promise<void> {
  const program = stage.program!;
  const from = stage.cursors.get(STDOUT) ?? 0;
  // A capped output shows its head and its tail: there, search it all.
  const find = (out: string) => out.indexOf(text, out.length >= from ? from : 0);
  if (await program.stdout.waitFor((out) => find(out) >= 0, ctx.ms(withinMs))) {
    stage.cursors.set(STDOUT, find(program.stdout.text) + text.length);
    return;
  }
  const printed = program.stdout.text;
  const params = { text: quote(text), seconds: secs(ctx.ms(withinMs)), got: shown(printed) };
  ctx.fail(printed.length === 0 ? 'scenario.stdout-nothing' : 'scenario.stdout-missed', params);
}

/** Nothing more (or never `text`) at a peer, through a short quiet window. */
async function expectNothingAt(ctx: CheckContext, stage: Stage, name: string, text: string | undefined, forMs: number): Promise<void> {
  const peer = stage.peers.get(name)!;
  const from = stage.cursors.get(name) ?? 0;
  ctx.step(text === undefined ? `${name} must receive nothing more for ${ctx.ms(forMs)} ms` : `${name} must never receive ${quote(text)}`);
  await ctx.quiet(forMs);
  const received = peer.received;
  if (text !== undefined && received.includes(text)) ctx.fail('scenario.peer-unwanted', { peer: peer.name, text: quote(text), got: shown(received) });
  if (text === undefined && received.length > from) ctx.fail('scenario.peer-extra', { peer: peer.name, seconds: secs(ctx.ms(forMs)), got: shown(received.slice(from)) });
}

/** Nothing more printed (or never `text`), through a short quiet window. */
async function expectNothingPrinted(ctx: CheckContext, stage: Stage, text: string | undefined, forMs: number): Promise<void> {
  const program = stage.program!;
  const from = stage.cursors.get(STDOUT) ?? 0;
  ctx.step(text === undefined ? `the program must print nothing more for ${ctx.ms(forMs)} ms` : `the program must never print ${quote(text)}`);
  await ctx.quiet(forMs);
  const printed = program.stdout.text;
  if (text !== undefined && printed.includes(text)) ctx.fail('scenario.stdout-unwanted', { text: quote(text), got: shown(printed) });
  if (text === undefined && printed.length > from) ctx.fail('scenario.stdout-extra', { seconds: secs(ctx.ms(forMs)), got: shown(printed.slice(from)) });
}
