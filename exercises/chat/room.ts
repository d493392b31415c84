// Reference chat clients for the server checks: join with a nickname, sync, say, hear.
import type { CheckContext, Peer } from '../../grader/check/api.js';
import { quote } from '../../grader/check/api.js';

/** How long a relayed message may take to arrive, before timeout scaling. */
export const RELAY_MS = 2000;
/**
 * How long a relay may take once an earlier check showed that this server relays nothing at all.
 * A server that relays does so within milliseconds (measured from the first sync line sent to
 * the first one heard, over 192 passing server checks at --jobs 8 beside a 2-core CPU hog: median
 * 6 ms, max 64 ms), so it still passes; one that does not stops costing the full deadline in every check.
 */
export const SHORT_RELAY_MS = 300;
/** The lesson of a check in which no receiver saw any sync line within the full deadline. */
export const RELAYS_NOTHING = 'chat.relays-nothing';
/** Interval of the sync line while waiting for the server to register receivers. */
const SYNC_EVERY_MS = 50;
/** Longest a member waits, after its nickname, for the server's first reply before it writes again. */
const NICK_ALONE_MS = 50;

/** A reference chat client and its number (its nickname is `nick-<i>`). */
export interface Member {
  peer: Peer;
  name: string;
  /** Resolves once the nickname stands alone: the server replied after it, or 50 ms passed. */
  nickAlone: Promise<unknown>;
}

/** Connects a reference client that sends its nickname first (it also answers a prompt that way). */
export async function join(ctx: CheckContext, name: string, index: number, connectMs?: number): Promise<Member> {
  const peer = await ctx.connect(name, connectMs);
  const before = peer.received.length;
  const { nick, afterConnect } = protocolOf(ctx);
  // A course whose chat has no nickname line: the client is ready at once.
  if (nick === null) {
    sendAfterConnect(peer, afterConnect, index);
    return { peer, name, nickAlone: Promise.resolve() };
  }
  peer.send(`${nick.replace(/\{nick\}/g, `nick-${index}`)}\n`);
  // A server that reads the name with one recv() would take `nick-1\nsync-…` written right
  // after it as the name: the next write waits for a reply (a welcome, a prompt) or 50 ms.
  const nickAlone = peer.sees((text) => text.length > before, ctx.ms(NICK_ALONE_MS));
  return { peer, name, nickAlone: nickAlone.then(() => sendAfterConnect(peer, afterConnect, index)) };
}

/** How this course's reference clients talk: the handout's plain lines unless sockgrade.yaml says otherwise. */
function protocolOf(ctx: CheckContext): { nick: string | null; send: string; afterConnect: string[] } {
  return ctx.options.protocol ?? { nick: '{nick}', send: '{text}', afterConnect: [] };
}

/** The lines a course's client sends once joined (`/join sala1`). */
function sendAfterConnect(peer: Member['peer'], lines: string[], index: number): void {
  for (const line of lines) peer.send(`${line.replace(/\{nick\}/g, `nick-${index}`)}\n`);
}

/** A message line as this course's protocol writes it (`SEND {text}`). */
export function messageLine(ctx: CheckContext, text: string, index?: number): string {
  const line = protocolOf(ctx).send.replace(/\{text\}/g, text).replace(/\{nick\}/g, `nick-${index ?? 0}`);
  return `${line}\n`;
}

/** Connects several members, one after another. */
export async function joinAll(ctx: CheckContext, names: string[], firstIndex = 1, connectMs?: number): Promise<Member[]> {
  const members: Member[] = [];
  for (const [i, name] of names.entries()) members.push(await join(ctx, name, firstIndex + i, connectMs));
  return members;
}

/**
 * The server registers a client some time after connect, and nothing shows when. So the
 * sender repeats a short `sync-<n>` line every 50 ms until every receiver has seen one.
 * Every member's nickname stands alone first, so later lines of any of them are never glued to it.
 * Returns the receivers that never saw a sync line and how long it waited; never fails.
 */
export async function trySync(ctx: CheckContext, sender: Member, receivers: Member[]): Promise<{ missing: Member[]; waitedMs: number }> {
  await Promise.all([sender, ...receivers].map((m) => m.nickAlone));
  const token = `sync-${ctx.nonce}-`;
  const fullMs = ctx.ms(RELAY_MS);
  const shortMs = relayMs(ctx);
  const started = Date.now();
  let n = 0;
  const everyoneSaw = () => receivers.every((r) => r.peer.received.includes(token));
  // A wait cut short by an earlier check still lasts until the server has taken every line and
  // connection: on a loaded machine it may not have looked at them yet. A server whose every
  // thread is blocked (a lock taken twice, an accept) with the lines left where no thread reads
  // them has settled: it will not look at them later either.
  const waiting = () => {
    const elapsed = Date.now() - started;
    if (elapsed < shortMs) return true;
    return elapsed < fullMs && !ctx.caughtUp() && !ctx.settled();
  };
  while (!everyoneSaw() && waiting()) {
    sender.peer.send(messageLine(ctx, `${token}${++n}`));
    await Promise.all(receivers.map((r) => r.peer.sees(token, Math.min(SYNC_EVERY_MS, Math.max(1, started + fullMs - Date.now())))));
    // The server took each line and went back to waiting, relaying none: no later line will differ.
    // Only once every line it accepted was read: a thread stuck before its recv (a lock) still
    // has lines waiting, and the full wait lets the evidence show where it is stuck.
    if (!everyoneSaw() && ctx.caughtUp(false) && ctx.settled({ startedAt: started, fullMs: shortMs })) break;
  }
  const waitedMs = Math.min(fullMs, Date.now() - started);
  const missing = receivers.filter((r) => !r.peer.received.includes(token));
  // Nobody heard anything: later relay checks wait less. Anybody heard: they wait in full again.
  if (missing.length === receivers.length) ctx.learn(RELAYS_NOTHING, waitedMs);
  else ctx.unlearn(RELAYS_NOTHING);
  return { missing, waitedMs };
}

/** Like trySync, but fails the check unless every receiver saw a sync line, quoting what each got instead. */
export async function sync(ctx: CheckContext, sender: Member, receivers: Member[]): Promise<void> {
  const { missing, waitedMs } = await trySync(ctx, sender, receivers);
  if (missing.length === 0) return;
  const params = { sender: sender.name, receivers: names(missing), seconds: Math.round(waitedMs / 100) / 10, got: lastBytes(missing), reply: quote(sender.peer.received.slice(-200), 200) };
  if (missing.length < receivers.length) ctx.fail('chat.not-all-synced', params);
  // "Nothing" only when it is true: a banner or a welcome is quoted instead.
  const key = missing.some((m) => m.peer.received.length > 0) ? 'chat.sync-not-relayed' : 'chat.nothing-relayed';
  // Nor is an empty reply quoted: the sender heard nothing back either.
  ctx.fail(sender.peer.received.length > 0 ? key : `${key}.no-reply`, params);
}

/** The relay deadline: the full one, unless an earlier check showed that nothing is relayed. */
function relayMs(ctx: CheckContext): number {
  return ctx.patience(RELAYS_NOTHING, RELAY_MS, SHORT_RELAY_MS);
}

/** The sender says one line; every receiver must see its text. */
export async function sayAndHear(ctx: CheckContext, sender: Member, text: string, receivers: Member[], hint?: string): Promise<void> {
  sender.peer.send(messageLine(ctx, text));
  await hear(ctx, sender, text, receivers, hint);
}

/** Every receiver must see `text` within the relay deadline. */
export async function hear(ctx: CheckContext, sender: Member, text: string, receivers: Member[], hint?: string): Promise<void> {
  const fullMs = relayMs(ctx);
  const started = Date.now();
  const heard = await Promise.all(receivers.map((r) => r.peer.sees(text, fullMs)));
  // A wait that ended early (the server settled) says how long it really was.
  const waitedMs = Math.min(fullMs, Date.now() - started);
  const deaf = receivers.filter((_, i) => !heard[i]);
  if (deaf.length === 0) return;
  const example = deaf[0].peer.received;
  ctx.fail(
    'chat.not-relayed',
    { sender: sender.name, text: quote(text), receivers: names(deaf), seconds: Math.round(waitedMs / 100) / 10, got: quote(example.slice(-200), 200) },
    hint,
  );
}

function names(members: Member[]): string {
  return members.map((m) => m.name).join(', ');
}

/** What each member received last, quoted: `B: "…", C: ""`. */
function lastBytes(members: Member[]): string {
  return members.map((m) => `${m.name}: ${quote(m.peer.received.slice(-120), 120)}`).join(', ');
}
