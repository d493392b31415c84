// Chat client checks: the student's client talks to a reference server; stdin stays an open pipe.
import type { AcceptedConnection, CheckContext, CheckDef, StudentProgram } from '../../grader/check/api.js';
import { lastLine, quote } from '../../grader/check/api.js';

/** The nickname line the grader types first, as a user would. */
const NICKNAME = 'aluno\n';

/** Starts the client, waits for its connection, and types the nickname. */
async function connected(ctx: CheckContext): Promise<{ program: StudentProgram; conn: AcceptedConnection }> {
  const { program, accept } = await ctx.client();
  const conn = await accept(ctx.ms(5000));
  if (!conn) {
    if (!program.running) ctx.fail('chat.client-exited-unconnected', { status: program.exitCode ?? '?', stderr: lastLine(program.stderrTail()) });
    ctx.fail('chat.client-no-connect', { seconds: ctx.ms(5000) / 1000 });
  }
  program.write(NICKNAME);
  return { program, conn };
}

/** Fails unless the program prints `text` within the deadline. */
async function expectPrinted(ctx: CheckContext, program: StudentProgram, text: string, key: string): Promise<void> {
  if (await program.stdout.waitFor((out) => out.includes(text), ctx.ms(2000))) return;
  ctx.fail(key, { text: quote(text), got: quote(program.stdout.text.slice(-200), 200), seconds: ctx.ms(2000) / 1000 });
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
      await connected(ctx);
    },
  }),
  client({
    id: 'chat-client-sends-stdin',
    weight: 2,
    timeoutMs: 7000,
    async run(ctx) {
      const { program, conn } = await connected(ctx);
      const line = `linha digitada ${ctx.nonce}`;
      program.write(`${line}\n`);
      await conn.expect(line, ctx.ms(2000));
    },
  }),
  client({
    id: 'chat-client-prints-incoming',
    weight: 2,
    timeoutMs: 7000,
    async run(ctx) {
      const { program, conn } = await connected(ctx);
      const text = `mensagem do servidor ${ctx.nonce}`;
      conn.send(`${text}\n`);
      await expectPrinted(ctx, program, text, 'chat.client-not-printed');
    },
  }),
  client({
    id: 'chat-client-order',
    weight: 1,
    timeoutMs: 7000,
    async run(ctx) {
      const { program, conn } = await connected(ctx);
      const lines = [1, 2, 3, 4, 5].map((i) => `ordem ${i} ${ctx.nonce}`);
      for (const line of lines) conn.send(`${line}\n`);
      await expectPrinted(ctx, program, lines[4], 'chat.client-not-printed');
      const positions = lines.map((l) => program.stdout.text.indexOf(l));
      const inOrder = positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]));
      if (!inOrder) ctx.fail('chat.client-out-of-order', { got: quote(program.stdout.text.slice(-300), 300) });
    },
  }),
  client({
    id: 'chat-client-utf8',
    weight: 1,
    timeoutMs: 7000,
    async run(ctx) {
      const { program, conn } = await connected(ctx);
      const typed = `Olá, ação! 😀 ${ctx.nonce}`;
      program.write(`${typed}\n`);
      await conn.expect(typed, ctx.ms(2000));
      const pushed = `Você recebeu: ção é 😀 ${ctx.nonce}`;
      conn.send(`${pushed}\n`);
      await expectPrinted(ctx, program, pushed, 'chat.client-utf8-garbled');
    },
  }),
  client({
    id: 'chat-client-server-closes',
    weight: 1,
    timeoutMs: 7000,
    async run(ctx) {
      const { program, conn } = await connected(ctx);
      const printedBefore = program.stdout.text.length;
      conn.close();
      const exited = await program.waitExit(ctx.ms(3000));
      const flood = program.stdout.text.length - printedBefore;
      if (!exited) ctx.fail(flood > 10_000 ? 'chat.client-floods' : 'chat.client-stays', { seconds: ctx.ms(3000) / 1000, bytes: flood });
      if (flood > 10_000) ctx.fail('chat.client-floods', { seconds: ctx.ms(3000) / 1000, bytes: flood });
    },
  }),
];

