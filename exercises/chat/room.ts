// Reference chat clients for the server checks: join with a nickname, sync, say, hear.
import type { CheckContext, Peer } from '../../grader/check/api.js';
import { quote } from '../../grader/check/api.js';

/** How long a relayed message may take to arrive, before timeout scaling. */
export const RELAY_MS = 2000;
/** Interval of the sync line while waiting for the server to register receivers. */
const SYNC_EVERY_MS = 50;

/** A reference chat client and its number (its nickname is `nick-<i>`). */
export interface Member {
  peer: Peer;
  name: string;
}

/** Connects a reference client that sends its nickname first (it also answers a prompt that way). */
export async function join(ctx: CheckContext, name: string, index: number, connectMs?: number): Promise<Member> {
  const peer = await ctx.connect(name, connectMs);
  peer.send(`nick-${index}\n`);
  return { peer, name };
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
 */
export async function sync(ctx: CheckContext, sender: Member, receivers: Member[]): Promise<void> {
  const token = `sync-${ctx.nonce}-`;
  const deadline = Date.now() + ctx.ms(RELAY_MS);
  let n = 0;
  const everyoneSaw = () => receivers.every((r) => r.peer.received.includes(token));
  while (!everyoneSaw() && Date.now() < deadline) {
    sender.peer.send(`${token}${++n}\n`);
    await Promise.all(receivers.map((r) => r.peer.sees(token, Math.min(SYNC_EVERY_MS, Math.max(1, deadline - Date.now())))));
  }
  const missing = receivers.filter((r) => !r.peer.received.includes(token));
  if (missing.length === receivers.length) {
    ctx.fail('chat.nothing-relayed', { sender: sender.name, receivers: names(missing), seconds: ctx.ms(RELAY_MS) / 1000 });
  }
  if (missing.length > 0) ctx.fail('chat.not-all-synced', { sender: sender.name, receivers: names(missing), seconds: ctx.ms(RELAY_MS) / 1000 });
}

/** The sender says one line; every receiver must see its text. */
export async function sayAndHear(ctx: CheckContext, sender: Member, text: string, receivers: Member[], hint?: string): Promise<void> {
  sender.peer.send(`${text}\n`);
  await hear(ctx, sender, text, receivers, hint);
}

/** Every receiver must see `text` within the relay deadline. */
export async function hear(ctx: CheckContext, sender: Member, text: string, receivers: Member[], hint?: string): Promise<void> {
  const heard = await Promise.all(receivers.map((r) => r.peer.sees(text, ctx.ms(RELAY_MS))));
  const deaf = receivers.filter((_, i) => !heard[i]);
  if (deaf.length === 0) return;
  const example = deaf[0].peer.received;
  ctx.fail(
    'chat.not-relayed',
    { sender: sender.name, text: quote(text), receivers: names(deaf), seconds: ctx.ms(RELAY_MS) / 1000, got: quote(example.slice(-200), 200) },
    hint,
  );
}

function names(members: Member[]): string {
  return members.map((m) => m.name).join(', ');
}
