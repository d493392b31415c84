// Activity 1: a TCP client sends "Ola Mundo!" to a server, which prints it and closes the connection.
import type { CheckContext, ExerciseDef, StudentServer } from '../../grader/check/api.js';
import { lastLine, quote } from '../../grader/check/api.js';
import { greetingMatch, greetingOf, type GreetingMatch } from './greeting.js';

/** How long the server may take to print a received message. */
const PRINT_MS = 2000;
/** How long the server may take to close a connection after the client's message and FIN. */
const CLOSE_MS = 2000;
/** How long the client gets to connect, and then to close its connection. */
const CLIENT_MS = 5000;
/** How long the client may take to exit after it closed. */
const CLIENT_EXIT_MS = 2000;

/** Reads as the conversation: connect, say hello, close; then look at what the server printed. */
async function greetServer(ctx: CheckContext, name: string): Promise<{ text: string; printed: boolean; server: StudentServer }> {
  // Connect first: a server that died since the last check is restarted by connect().
  const client = await ctx.connect(name);
  const server = await ctx.server();
  const text = `${greetingOf(ctx)} ${ctx.nonce}${name === 'client' ? '' : `-${name}`}`;
  client.send(text);
  client.end();
  const printed = await server.stdout.waitFor((out) => out.includes(text), ctx.ms(PRINT_MS));
  if (printed && server.stdout.text.match(new RegExp(`b['"]${escapeRegExp(text)}`))) ctx.note({ key: 'tcp-hello.note.decode' });
  return { text, printed, server };
}

/** One run of the student's client, observed by every client check. */
interface ClientRun {
  connected: boolean;
  port?: number;
  givenPort: number;
  received: string;
  closed: boolean;
  exited: boolean;
  exitCode: number | null | undefined;
  stderr: string;
}

function observeClient(ctx: CheckContext): Promise<ClientRun> {
  return ctx.shared('client-run', async () => {
    const { program, accept } = await ctx.client();
    const conn = await accept(ctx.ms(CLIENT_MS));
    const closed = conn ? await conn.waitClosed(ctx.ms(CLIENT_MS)) : false;
    const exited = await program.waitExit(ctx.ms(closed ? CLIENT_EXIT_MS : 0));
    return {
      connected: conn !== undefined,
      port: conn?.port,
      givenPort: program.givenPort,
      received: conn?.received ?? '',
      closed,
      exited,
      exitCode: program.exitCode,
      stderr: program.stderrTail(),
    };
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const exercise: ExerciseDef = {
  id: 'tcp-hello',
  programs: [
    { role: 'server', files: ['servidor.py', 'server.py', 'servidor_tcp.py', 'tcp_server.py'], protocol: 'tcp', stdin: 'closed', instance: 'shared' },
    { role: 'client', files: ['cliente.py', 'client.py', 'cliente_tcp.py', 'tcp_client.py'], protocol: 'tcp', stdin: 'closed', instance: 'per-check' },
  ],
  checks: [
    {
      id: 'server-listens',
      program: 'server',
      weight: 1,
      timeoutMs: 6000,
      async run(ctx) {
        await ctx.server();
      },
    },
    {
      id: 'server-prints-message',
      program: 'server',
      weight: 2,
      timeoutMs: 6000,
      needs: ['server-listens'],
      async run(ctx) {
        const { text, printed } = await greetServer(ctx, 'client');
        if (!printed) ctx.fail('tcp-hello.not-printed', { sent: quote(text), seconds: ctx.ms(PRINT_MS) / 1000 });
      },
    },
    {
      id: 'server-closes-connection',
      program: 'server',
      weight: 1,
      timeoutMs: 6000,
      needs: ['server-listens'],
      async run(ctx) {
        const server = await ctx.server();
        const client = await ctx.connect('client');
        client.send(`${greetingOf(ctx)} ${ctx.nonce}`);
        client.end();
        if (!(await client.waitClosed(ctx.ms(CLOSE_MS)))) ctx.fail('tcp-hello.not-closed', { seconds: ctx.ms(CLOSE_MS) / 1000, port: server.port });
        // Only an orderly close (FIN) counts. The kernel answers with a reset (RST) for a socket
        // closed with bytes it never read, for a connection never accepted, and when a dying
        // process leaves unread bytes behind.
        if (client.closeKind !== 'fin') ctx.fail('tcp-hello.closed-with-reset', { port: server.port });
      },
    },
    {
      id: 'server-serves-many',
      program: 'server',
      weight: 1,
      timeoutMs: 12000,
      needs: ['server-listens'],
      async run(ctx) {
        let server: StudentServer | undefined;
        for (const n of [1, 2, 3]) {
          // A server that ended after its first clients is one finding, whether connection n came
          // too late to connect or slipped into the backlog just before the server closed its
          // socket (a race of microseconds): the student reads the same sentence either way.
          const ended = () => {
            if (server && !server.running) ctx.fail('tcp-hello.serves-many-ended', { n, served: n - 1 });
          };
          const greeted = await greetServer(ctx, `client-${n}`).catch((failure: unknown) => {
            ended();
            throw failure;
          });
          server = greeted.server;
          if (greeted.printed) continue;
          ended();
          ctx.fail('tcp-hello.serves-many', { n, sent: quote(greeted.text) });
        }
      },
    },
    {
      id: 'server-port-arg',
      program: 'server',
      weight: 1,
      timeoutMs: 6000,
      needs: ['server-listens'],
      async run(ctx) {
        const server = await ctx.server();
        if (server.port !== server.givenPort) ctx.fail('tcp-hello.server-port-arg', { given: server.givenPort, used: server.port });
      },
    },
    {
      id: 'client-connects',
      program: 'client',
      weight: 1,
      timeoutMs: 8000,
      async run(ctx) {
        const run = await observeClient(ctx);
        if (!run.connected) ctx.fail(run.exited ? 'tcp-hello.client-exited-unconnected' : 'tcp-hello.client-no-connect', { seconds: ctx.ms(CLIENT_MS) / 1000, status: run.exitCode ?? '?', stderr: lastLine(run.stderr) });
      },
    },
    {
      id: 'client-sends-message',
      program: 'client',
      weight: 2,
      timeoutMs: 14000,
      needs: ['client-connects'],
      async run(ctx) {
        const run = await observeClient(ctx);
        const match: GreetingMatch = greetingMatch(run.received, greetingOf(ctx));
        if (match === 'none') ctx.fail(run.received ? 'tcp-hello.wrong-text' : 'tcp-hello.no-bytes', { got: quote(run.received) });
        if (match === 'loose') ctx.note({ key: 'tcp-hello.note.exact-greeting', params: { got: quote(run.received) } });
      },
    },
    {
      id: 'client-closes',
      program: 'client',
      weight: 1,
      timeoutMs: 14000,
      needs: ['client-connects'],
      async run(ctx) {
        const run = await observeClient(ctx);
        if (!run.closed) ctx.fail('tcp-hello.client-not-closed', { seconds: ctx.ms(CLIENT_MS) / 1000 });
        if (!run.exited) ctx.fail('tcp-hello.client-not-exited', { seconds: ctx.ms(CLIENT_EXIT_MS) / 1000 });
        if (run.exitCode !== 0) ctx.fail('tcp-hello.client-bad-status', { status: run.exitCode ?? '?', stderr: lastLine(run.stderr) });
      },
    },
    {
      id: 'client-port-arg',
      program: 'client',
      weight: 1,
      timeoutMs: 14000,
      needs: ['client-connects'],
      async run(ctx) {
        const run = await observeClient(ctx);
        if (run.port !== run.givenPort) ctx.fail('tcp-hello.client-port-arg', { given: run.givenPort, used: run.port ?? '?' });
      },
    },
  ],
};


export default exercise;
