// Chat client checks: the student's client talks to a reference server; stdin stays an open pipe.
import type { AcceptedConnection, CheckContext, CheckDef, StudentProgram } from '../../grader/check/api.js';
import { lastLine, quote } from '../../grader/check/api.js';

/** The nickname line the grader types first, as a user would. */
const NICKNAME = 'aluno\n';
/** How long the client gets to connect, before timeout scaling. */
const CONNECT_MS = 5000;
/** Longest wait for the typed nickname to reach the reference server. */
const NICK_MS = 300;
/** The client is ready once it printed nothing for this long (after its prompts and banners). */
const QUIET_MS = 100;
/** Longest wait for that quiet stretch: a client that never stops printing is driven anyway. */
const QUIET_TIMEOUT_MS = 500;
/** How long a typed line may take to reach the server, or a pushed message to be printed. */
const DELIVER_MS = 2000;
/** Gap between the two pushed messages: a lock-step client prints at most the first. */
const PUSH_GAP_MS = 200;
/** Gap between the 5 ordered messages, so each arrives as its own write. */
const ORDER_GAP_MS = 20;
/** How long the client gets to exit after the server closed. */
const EXIT_MS = 3000;
/** Printed bytes after the close that count as a flood. */
const FLOOD_BYTES = 10_000;

// Each check's own deadline (timeoutMs) covers the connect, the readiness wait and its own waits.

/** A started client, connected to the reference server. */
interface Connected {
  program: StudentProgram;
  conn: AcceptedConnection;
}

/** Starts the client and types the nickname at once (many clients ask for it before connecting), then waits for its connection. */
async function start(ctx: CheckContext): Promise<Connected> {
  const { program, accept } = await ctx.client();
  // A course whose client takes its nickname in argv (NAME HOST PORT) gets it there, as `aluno`.
  if (!ctx.options.nickInArgs) program.write(NICKNAME);
  const conn = await accept(ctx.ms(CONNECT_MS));
  if (!conn) {
    if (!program.running) ctx.fail('chat.client-exited-unconnected', { status: program.exitCode ?? '?', stderr: lastLine(program.stderrTail()) });
    ctx.fail('chat.client-no-connect', { seconds: ctx.ms(CONNECT_MS) / 1000 });
  }
  return { program, conn };
}

/** Starts the client, then waits until the nickname reached the server and the client went quiet: only then does a check act. */
async function ready(ctx: CheckContext): Promise<Connected> {
  const started = await start(ctx);
  await started.conn.sees(NICKNAME.trim(), ctx.ms(NICK_MS));
  await started.program.stdout.waitQuiet(ctx.ms(QUIET_MS), ctx.ms(QUIET_TIMEOUT_MS));
  return started;
}

/** Resolves true if the program prints `text` within the deadline. */
function printed(ctx: CheckContext, program: StudentProgram, text: string): Promise<boolean> {
  return program.stdout.waitFor((out) => out.includes(text), ctx.ms(DELIVER_MS));
}

/** Fails unless the program prints `text` within the deadline. */
async function expectPrinted(ctx: CheckContext, program: StudentProgram, text: string, key: string): Promise<void> {
  if (!(await printed(ctx, program, text))) notPrinted(ctx, program, text, key);
}

/** Fails: `text` was not printed in time; quotes what was printed last. */
function notPrinted(ctx: CheckContext, program: StudentProgram, text: string, key: string, params: Record<string, number> = {}): never {
  ctx.fail(key, { text: quote(text), got: quote(program.stdout.text.slice(-200), 200), seconds: ctx.ms(DELIVER_MS) / 1000, ...params });
}

const client = (check: Omit<CheckDef, 'program' | 'needs'>): CheckDef => ({
  program: 'client',
  needs: check.id === 'chat-client-connects' ? undefined : ['chat-client-connects'],
  ...check,
});

/** Checks of the chat client, in the order they run. */
export const clientChecks: CheckDef[] = [
  client({
    id: 'chat-client-connects',
    weight: 1,
    timeoutMs: 7000,
    async run(ctx) {
      await start(ctx);
    },
  }),
  client({
    id: 'chat-client-sends-stdin',
    weight: 2,
    timeoutMs: 8000,
    async run(ctx) {
      const { program, conn } = await ready(ctx);
      const line = `linha digitada ${ctx.nonce}`;
      program.write(`${line}\n`);
      await conn.expect(line, ctx.ms(DELIVER_MS));
    },
  }),
  client({
    id: 'chat-client-prints-incoming',
    // "Start a receiver thread" is wrong advice for a client that has one.
    hintContradictedBy: ['receiver-thread'],
    weight: 2,
    timeoutMs: 9000,
    async run(ctx) {
      const { program, conn } = await ready(ctx);
      // Two pushes with nothing typed: a client that reads the socket only after a line is typed
      // (or once, after the nickname) prints at most the first.
      const [first, second] = [1, 2].map((n) => `mensagem ${n} do servidor ${ctx.nonce}`);
      conn.send(`${first}\n`);
      const pushedAt = Date.now();
      // The second goes once the first is printed (at most 200 ms later), so the two always arrive
      // as separate reads: a client that reads the socket only once prints only the first.
      const firstShown = await program.stdout.waitFor((out) => out.includes(first), ctx.ms(PUSH_GAP_MS));
      conn.send(`${second}\n`);
      const gap = Date.now() - pushedAt;
      ctx.step(`the server pushed 2 messages ${gap} ms apart${firstShown ? ', the second once the first was printed' : ''}; nothing is typed`);
      const [gotFirst, gotSecond] = await Promise.all([printed(ctx, program, first), printed(ctx, program, second)]);
      if (!gotFirst) notPrinted(ctx, program, first, 'chat.client-not-printed');
      if (!gotSecond) notPrinted(ctx, program, second, 'chat.client-printed-only-first', { gap });
    },
  }),
  client({
    id: 'chat-client-order',
    hintContradictedBy: ['receiver-thread'],
    weight: 1,
    timeoutMs: 9000,
    async run(ctx) {
      const { program, conn } = await ready(ctx);
      const lines = [1, 2, 3, 4, 5].map((i) => `ordem ${i} ${ctx.nonce}`);
      for (const [i, line] of lines.entries()) {
        conn.send(`${line}\n`);
        if (i < lines.length - 1) await ctx.quiet(ORDER_GAP_MS);
      }
      ctx.step(`the server pushed 5 messages as separate writes, ${ctx.ms(ORDER_GAP_MS)} ms apart`);
      await expectPrinted(ctx, program, lines[4], 'chat.client-not-printed');
      const positions = lines.map((l) => program.stdout.text.indexOf(l));
      const inOrder = positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]));
      if (!inOrder) ctx.fail('chat.client-out-of-order', { got: quote(program.stdout.text.slice(-300), 300) });
    },
  }),
  client({
    id: 'chat-client-utf8',
    // "Use UTF-8" is wrong advice when the typed line never left the client.
    hintContradictedBy: ['silent-after-stdin'],
    weight: 1,
    timeoutMs: 10000,
    async run(ctx) {
      const { program, conn } = await ready(ctx);
      const typed = `Olá, ação! 😀 ${ctx.nonce}`;
      program.write(`${typed}\n`);
      await conn.expect(typed, ctx.ms(DELIVER_MS));
      const pushed = `Você recebeu: ção é 😀 ${ctx.nonce}`;
      conn.send(`${pushed}\n`);
      await expectPrinted(ctx, program, pushed, 'chat.client-utf8-garbled');
    },
  }),
  client({
    id: 'chat-client-server-closes',
    weight: 1,
    timeoutMs: 9000,
    async run(ctx) {
      const { program, conn } = await ready(ctx);
      // Only a client still running and connected can show how it handles the server closing.
      if (!program.running) ctx.fail('chat.client-exited-early', { status: program.exitCode ?? '?', stderr: lastLine(program.stderrTail()) });
      if (conn.closedByStudent) ctx.fail('chat.client-disconnected-early');
      const printedBefore = program.stdout.text.length;
      conn.close();
      const closedAt = Date.now();
      // A flood decides the verdict as soon as it passes the threshold: no need to watch it for 3 s.
      const exited = await program.waitExit(ctx.ms(EXIT_MS), (printed) => printed.length - printedBefore > FLOOD_BYTES);
      const flood = program.stdout.text.length - printedBefore;
      if (flood > FLOOD_BYTES) ctx.fail('chat.client-floods', { seconds: Math.max(0.1, Math.round((Date.now() - closedAt) / 100) / 10), bytes: flood });
      if (!exited) ctx.fail('chat.client-stays', { seconds: ctx.ms(EXIT_MS) / 1000, bytes: flood });
    },
  }),
];
