// The steps of a UDP program's checks: reference datagram sockets opened, datagrams sent and
// expected one by one. Every wait is the check API's own; every failure lists the datagrams that came.
import type { CheckContext } from '../check/api.js';
import { quote } from '../check/api.js';
import { secs, shownDatagrams, type Stage } from './stage.js';

/** `connect: U` of a UDP server: start it (bound is ready), then open U, aimed at its port. */
export async function openUdpPeer(ctx: CheckContext, stage: Stage, name: string): Promise<void> {
  // One launch serves the whole check: a second peer talks to the same server, dead or alive.
  if (stage.serverPort === undefined) {
    const server = await ctx.server();
    stage.program = server;
    stage.serverPort = server.port;
  }
  stage.udp.set(name, { endpoint: await ctx.udp(name), to: stage.serverPort });
}

/** `start: client` of a UDP client: the reference UDP server (named by serve) opens with it. */
export async function startUdpClient(ctx: CheckContext, stage: Stage): Promise<void> {
  const { program, endpoint } = await ctx.udpClient(stage.served);
  stage.program = program;
  if (stage.served !== undefined) stage.udp.set(stage.served, { endpoint });
}

/** One datagram: to the server's port, or, from the reference server, back to the client's last one. */
export async function sendDatagram(ctx: CheckContext, stage: Stage, name: string, text: string): Promise<void> {
  const peer = stage.udp.get(name)!;
  if (peer.to !== undefined) return peer.endpoint.send(peer.to, text);
  const last = peer.endpoint.received.at(-1);
  // Validation puts an expectation at the reference server first, so a datagram is there.
  if (!last) ctx.fail('scenario.nothing-to-answer', { peer: name, text: quote(text) });
  return peer.endpoint.reply(last, text);
}

/** A datagram holding `text` must arrive at a peer after the one its last expectation matched. */
export async function expectDatagram(ctx: CheckContext, stage: Stage, name: string, text: string, withinMs: number): Promise<void> {
  const { endpoint } = stage.udp.get(name)!;
  const from = stage.cursors.get(name) ?? 0;
  const find = () => endpoint.received.findIndex((d, i) => i >= from && d.text.includes(text));
  // The endpoint tests datagrams one by one; the search from the cursor needs the whole list.
  await endpoint.waitFor(() => find() >= 0, ctx.ms(withinMs));
  const at = find();
  if (at >= 0) {
    stage.cursors.set(name, at + 1);
    return;
  }
  const since = endpoint.received.slice(from);
  const params = { peer: name, text: quote(text), seconds: secs(ctx.ms(withinMs)), got: shownDatagrams(since) };
  ctx.fail(since.length === 0 ? 'scenario.datagram-nothing' : 'scenario.datagram-missed', params);
}

/** No more datagrams at a peer (or never one holding `text`), through a short quiet window. */
export async function expectNoDatagram(ctx: CheckContext, stage: Stage, name: string, text: string | undefined, forMs: number): Promise<void> {
  const { endpoint } = stage.udp.get(name)!;
  const from = stage.cursors.get(name) ?? 0;
  ctx.step(text === undefined ? `${name} must receive no more datagrams for ${ctx.ms(forMs)} ms` : `${name} must never receive a datagram holding ${quote(text)}`);
  await ctx.quiet(forMs);
  const received = endpoint.received;
  if (text !== undefined && received.some((d) => d.text.includes(text))) ctx.fail('scenario.peer-unwanted', { peer: name, text: quote(text), got: shownDatagrams(received) });
  if (text === undefined && received.length > from) ctx.fail('scenario.peer-extra', { peer: name, seconds: secs(ctx.ms(forMs)), got: shownDatagrams(received.slice(from)) });
}

/** Whether a place of the check is a UDP peer. */
export function isUdpPeer(stage: Stage, name: string): boolean {
  return stage.udp.has(name);
}
