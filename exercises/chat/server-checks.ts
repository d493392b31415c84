// Chat server checks: each one talks to a fresh server through reference chat clients.
import type { CheckContext, CheckDef } from '../../grader/check/api.js';
import { lastLine, quote } from '../../grader/check/api.js';
import { hear, join, joinAll, messageLine, sayAndHear, sync, trySync, type Member } from './room.js';

/** Pause between the pieces of the fragmented message: long enough to be separate recv()s. */
const PIECE_GAP_MS = 50;
/** Length of each burst line with its \n: 50 of them (3000 bytes) cross 1024-byte recv() boundaries mid-line. */
const BURST_LINE_BYTES = 60;
/** How long a burst may take to arrive in full, before timeout scaling. */
const BURST_MS = 3000;
/**
 * The quiet stretch over which the server's CPU is measured. Thread states are sampled every
 * 10 ms, so 300 ms gives 30 samples: a spinning thread is runnable in nearly all of them even
 * when a loaded machine starves it of CPU (measured on chat-busy-loop with 8 lanes and a CPU hog).
 */
const IDLE_WINDOW_MS = 300;

/** Burst line `i` of member `m`, padded to BURST_LINE_BYTES with its newline (ASCII, so bytes = chars). */
function burstLine(m: string, i: number, nonce: string): string {
  const head = `rajada ${m} ${String(i).padStart(2, '0')} ${nonce} `;
  return head + 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3).slice(0, BURST_LINE_BYTES - 1 - head.length);
}

/** C leaves (a clean close, or an abrupt RST); A still reaches B, and a new D can join and hear. */
async function oneLeaves(ctx: CheckContext, how: 'close' | 'reset'): Promise<void> {
  const [a, b, c] = await joinAll(ctx, ['A', 'B', 'C']);
  await sync(ctx, a, [b, c]);
  if (how === 'close') c.peer.close();
  else c.peer.reset();
  await sayAndHear(ctx, a, `depois que C ${how === 'close' ? 'saiu' : 'caiu'} ${ctx.nonce}`, [b]);
  const d = await join(ctx, 'D', 4);
  await sync(ctx, a, [d]);
  await sayAndHear(ctx, a, `bem-vindo D ${ctx.nonce}`, [b, d]);
}

const server = (check: Omit<CheckDef, 'program' | 'needs'>): CheckDef => ({
  program: 'server',
  needs: check.id === 'chat-server-listens' ? undefined : ['chat-server-listens'],
  ...check,
});

/** Checks of the chat server, in the order they run. */
export const serverChecks: CheckDef[] = [
  server({
    id: 'chat-server-listens',
    weight: 1,
    timeoutMs: 7000,
    async run(ctx) {
      await ctx.server();
    },
  }),
  server({
    id: 'chat-server-two-clients',
    weight: 1,
    timeoutMs: 8000,
    async run(ctx) {
      const [a, b] = await joinAll(ctx, ['A', 'B']);
      await sync(ctx, a, [b]);
      await sayAndHear(ctx, a, `oi B, aqui e A ${ctx.nonce}`, [b]);
    },
  }),
  server({
    id: 'chat-server-broadcast',
    weight: 2,
    timeoutMs: 10000,
    async run(ctx) {
      const members = await joinAll(ctx, ['C1', 'C2', 'C3', 'C4', 'C5']);
      await sync(ctx, members[0], members.slice(1));
      for (const sender of members) sender.peer.send(messageLine(ctx, `broadcast de ${sender.name} ${ctx.nonce}`));
      for (const sender of members) await hear(ctx, sender, `broadcast de ${sender.name} ${ctx.nonce}`, members.filter((m) => m !== sender));
    },
  }),
  server({
    id: 'chat-server-idle-client',
    weight: 2,
    timeoutMs: 8000,
    async run(ctx) {
      // Connected first and silent: it never sends a nickname, not even to a prompt.
      await ctx.connect('idle');
      const [a, b] = await joinAll(ctx, ['A', 'B']);
      await sync(ctx, a, [b]);
      await sayAndHear(ctx, a, `mensagem com cliente ocioso ${ctx.nonce}`, [b]);
    },
  }),
  server({
    id: 'chat-server-client-leaves',
    weight: 2,
    timeoutMs: 10000,
    run: (ctx) => oneLeaves(ctx, 'close'),
  }),
  server({
    id: 'chat-server-client-reset',
    weight: 1,
    timeoutMs: 10000,
    run: (ctx) => oneLeaves(ctx, 'reset'),
  }),
  server({
    id: 'chat-server-late-join',
    weight: 1,
    timeoutMs: 10000,
    async run(ctx) {
      const [a, b] = await joinAll(ctx, ['A', 'B']);
      await sync(ctx, a, [b]);
      await sayAndHear(ctx, a, `primeira ${ctx.nonce}`, [b]);
      const d = await join(ctx, 'D', 3);
      await sync(ctx, a, [d]);
      await sayAndHear(ctx, a, `para quem chegou depois ${ctx.nonce}`, [d, b]);
    },
  }),
  server({
    id: 'chat-server-utf8',
    weight: 1,
    timeoutMs: 8000,
    async run(ctx) {
      const [a, b] = await joinAll(ctx, ['A', 'B']);
      await sync(ctx, a, [b]);
      await sayAndHear(ctx, a, `Olá, ação! 😀 ${ctx.nonce}`, [b]);
    },
  }),
  server({
    id: 'chat-server-fragmented',
    weight: 1,
    timeoutMs: 8000,
    async run(ctx) {
      const [a, b] = await joinAll(ctx, ['A', 'B']);
      await sync(ctx, a, [b]);
      const text = `fragmentada em tres pedacos ${ctx.nonce}`;
      // The whole line as the course's protocol writes it, cut in three: the newline comes last.
      const wire = messageLine(ctx, text);
      const cuts = [0, 10, 20, wire.length];
      for (let i = 0; i < 3; i++) {
        a.peer.send(wire.slice(cuts[i], cuts[i + 1]));
        if (i < 2) await ctx.quiet(PIECE_GAP_MS);
      }
      ctx.step(`A wrote ${quote(text)} in 3 pieces, ${ctx.ms(PIECE_GAP_MS)} ms apart`);
      await hear(ctx, a, text, [b]);
    },
  }),
  server({
    id: 'chat-server-burst',
    weight: 1,
    timeoutMs: 10000,
    async run(ctx) {
      const members = await joinAll(ctx, ['A', 'B', 'C']);
      await sync(ctx, members[0], members.slice(1));
      const line = (m: string, i: number) => burstLine(m, i, ctx.nonce);
      // One write per member: its 3000-odd bytes are queued at the server at once, so a recv(1024)
      // must end mid-line. Fifty small writes could each be read alone, and the verdict of a
      // server that treats one recv as one message would then hang on the machine's load.
      const burst = (m: Member) => Array.from({ length: 50 }, (_, i) => messageLine(ctx, line(m.name, i + 1))).join('');
      const bursts = members.map(burst);
      members.forEach((m, i) => m.peer.send(bursts[i]!));
      // The exercise's protocol may wrap each line, so the size is the one really sent.
      ctx.step(`A, B and C each wrote 50 lines of about ${BURST_LINE_BYTES} bytes at once (${Buffer.byteLength(bursts[0]!)} bytes in one send)`);
      for (const receiver of members) {
        const expected = members.filter((m) => m !== receiver).flatMap((m) => Array.from({ length: 50 }, (_, i) => line(m.name, i + 1)));
        const all = await receiver.peer.sees((text) => expected.every((e) => text.includes(e)), ctx.ms(BURST_MS));
        if (!all) {
          const lost = expected.filter((e) => !receiver.peer.received.includes(e));
          ctx.fail('chat.burst-lost', { receiver: receiver.name, lost: lost.length, example: quote(lost[0] ?? '') });
        }
      }
    },
  }),
  server({
    id: 'chat-server-many-clients',
    weight: 1,
    timeoutMs: 15000,
    async run(ctx) {
      // listen(0) drops simultaneous SYNs: each connect is retried with backoff for up to 5 s
      // (a backlog that a settled server will never take ends it sooner).
      const members = await joinAll(ctx, Array.from({ length: 20 }, (_, i) => `C${i + 1}`), 1, 5000);
      await sync(ctx, members[0], members.slice(1));
      await sayAndHear(ctx, members[0], `para todos os 19 ${ctx.nonce}`, members.slice(1));
    },
  }),
  server({
    id: 'chat-server-idle-cpu',
    weight: 1,
    timeoutMs: 8000,
    async run(ctx) {
      const srv = await ctx.server();
      const [a, b] = await joinAll(ctx, ['A', 'B']);
      // Relaying is other checks' business: A talks so the server handles a message, but the CPU
      // is measured whether or not it reached B.
      const { missing, waitedMs } = await trySync(ctx, a, [b]);
      if (missing.length > 0) ctx.step(`A's sync lines did not reach B within ${Math.round(waitedMs / 100) / 10} s; measuring anyway`);
      b.peer.close();
      const { cpuShare, runnableShare } = await srv.activity(ctx.ms(IDLE_WINDOW_MS));
      if (!srv.running) ctx.fail('chat.server-exited', { status: srv.exitCode ?? '?', stderr: lastLine(srv.stderrTail()) }, 'chat.server-exited.hint');
      const percent = Math.round(cpuShare * 100);
      ctx.step(`quiet ${ctx.ms(IDLE_WINDOW_MS)} ms after B left: ${percent}% of one core, a thread runnable in ${Math.round(runnableShare * 100)}% of samples`);
      // A loaded machine starves a spinning thread of CPU, but it stays runnable.
      if (cpuShare >= 0.2 || runnableShare >= 0.5) ctx.fail('chat.busy-loop', { percent, runnable: Math.round(runnableShare * 100) });
    },
  }),
];
