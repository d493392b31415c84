// Chat server checks: each one talks to a fresh server through reference chat clients.
import type { CheckContext, CheckDef } from '../../grader/check/api.js';
import { quote } from '../../grader/check/api.js';
import { hear, join, joinAll, sayAndHear, sync } from './room.js';

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
      for (const sender of members) sender.peer.send(`broadcast de ${sender.name} ${ctx.nonce}\n`);
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
      const [a, b, c] = await joinAll(ctx, ['A', 'B', 'C']);
      await sync(ctx, a, [b, c]);
      const text = `fragmentada em tres pedacos ${ctx.nonce}`;
      const cuts = [0, 10, 20, text.length];
      for (let i = 0; i < 3; i++) {
        a.peer.send(text.slice(cuts[i], cuts[i + 1]) + (i === 2 ? '\n' : ''));
        if (i < 2) await ctx.quiet(50);
      }
      ctx.step(`A wrote ${quote(text)} in 3 pieces, 50 ms apart`);
      await hear(ctx, a, text, [b, c]);
    },
  }),
  server({
    id: 'chat-server-burst',
    weight: 1,
    timeoutMs: 10000,
    async run(ctx) {
      const members = await joinAll(ctx, ['A', 'B', 'C']);
      await sync(ctx, members[0], members.slice(1));
      const line = (m: string, i: number) => `rajada ${m} ${i} ${ctx.nonce}`;
      for (let i = 1; i <= 50; i++) for (const m of members) m.peer.send(`${line(m.name, i)}\n`);
      ctx.step('A, B and C each wrote 50 lines as fast as they could');
      for (const receiver of members) {
        const expected = members.filter((m) => m !== receiver).flatMap((m) => Array.from({ length: 50 }, (_, i) => line(m.name, i + 1)));
        const all = await receiver.peer.sees((text) => expected.every((e) => text.includes(e)), ctx.ms(3000));
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
      // listen(0) drops simultaneous SYNs: each connect is retried with backoff for up to 5 s.
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
      await sync(ctx, a, [b]);
      b.peer.close();
      const { cpuShare, runnableShare } = await srv.activity(ctx.ms(1000));
      if (!srv.running) ctx.fail('chat.server-exited', { status: srv.exitCode ?? '?' });
      const percent = Math.round(cpuShare * 100);
      ctx.step(`quiet second after B left: ${percent}% of one core, a thread runnable in ${Math.round(runnableShare * 100)}% of samples`);
      // A loaded machine starves a spinning thread of CPU, but it stays runnable.
      if (cpuShare >= 0.2 || runnableShare >= 0.5) ctx.fail('chat.busy-loop', { percent, runnable: Math.round(runnableShare * 100) });
    },
  }),
];
