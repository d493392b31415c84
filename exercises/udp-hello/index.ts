// The UDP pair: a client sends one "Ola Mundo!" datagram; a server prints each datagram it receives.
import type { CheckContext, ExerciseDef } from '../../grader/check/api.js';
import { lastLine, quote } from '../../grader/check/api.js';
import { greetingMatch, greetingOf } from '../tcp-hello/greeting.js';

/** How often the reference resends a datagram that may have been sent before the server was ready. */
const SENDS = 3;
/** How long the server may take to print a datagram before the reference resends it. */
const RESEND_MS = 500;
/** How long the server may take to print the last datagram sent. */
const PRINT_MS = 2000;
/** How long the client gets to send its datagram, and then to exit. */
const CLIENT_MS = 5000;

/** One run of the student's client, observed by every client check. */
function observeClient(ctx: CheckContext) {
  return ctx.shared('client-run', async () => {
    const { program, endpoint } = await ctx.udpClient();
    const datagram = await endpoint.waitFor(() => true, ctx.ms(CLIENT_MS));
    const exited = await program.waitExit(ctx.ms(datagram ? CLIENT_MS : 0));
    return { datagram, givenPort: program.givenPort, exited, exitCode: program.exitCode, stderr: program.stderrTail(), all: endpoint.received.map((d) => d.text).join('') };
  });
}

const exercise: ExerciseDef = {
  id: 'udp-hello',
  programs: [
    { role: 'server', files: ['servidor_udp.py', 'udp_server.py'], protocol: 'udp', stdin: 'closed', instance: 'shared' },
    { role: 'client', files: ['cliente_udp.py', 'udp_client.py'], protocol: 'udp', stdin: 'closed', instance: 'per-check' },
  ],
  checks: [
    {
      id: 'udp-server-prints-message',
      // "Use SOCK_DGRAM" is wrong advice for a server found on its UDP port.
      hintContradictedBy: ['socket-found'],
      program: 'server',
      weight: 2,
      timeoutMs: 8000,
      async run(ctx) {
        const server = await ctx.server();
        const peer = await ctx.udp('client');
        const text = `${greetingOf(ctx)} ${ctx.nonce}`;
        // UDP may drop a datagram sent in the instant before recvfrom; resend a bounded number of times.
        for (let i = 0; i < SENDS; i++) {
          await peer.send(server.port, text);
          if (await server.stdout.waitFor((out) => out.includes(text), ctx.ms(i === SENDS - 1 ? PRINT_MS : RESEND_MS))) return;
        }
        ctx.fail('udp-hello.not-printed', { sent: quote(text), times: SENDS });
      },
    },
    {
      id: 'udp-server-port-arg',
      program: 'server',
      weight: 1,
      timeoutMs: 8000,
      async run(ctx) {
        const server = await ctx.server();
        if (server.port !== server.givenPort) ctx.fail('udp-hello.server-port-arg', { given: server.givenPort, used: server.port });
      },
    },
    {
      id: 'udp-client-sends-message',
      program: 'client',
      weight: 2,
      timeoutMs: 12000,
      async run(ctx) {
        const run = await observeClient(ctx);
        if (!run.datagram) ctx.fail(run.exited ? 'udp-hello.client-exited-silent' : 'udp-hello.no-datagram', { seconds: ctx.ms(CLIENT_MS) / 1000, status: run.exitCode ?? '?', stderr: lastLine(run.stderr) });
        if (greetingMatch(run.all, greetingOf(ctx)) === 'none') ctx.fail('udp-hello.wrong-text', { got: quote(run.all) });
      },
    },
    {
      id: 'udp-client-exits',
      program: 'client',
      weight: 1,
      timeoutMs: 12000,
      async run(ctx) {
        const run = await observeClient(ctx);
        if (!run.exited) ctx.fail('udp-hello.client-not-exited', { seconds: ctx.ms(CLIENT_MS) / 1000 });
        if (run.exitCode !== 0) ctx.fail('udp-hello.client-bad-status', { status: run.exitCode ?? '?', stderr: lastLine(run.stderr) });
      },
    },
    {
      id: 'udp-client-port-arg',
      program: 'client',
      weight: 1,
      timeoutMs: 12000,
      needs: ['udp-client-sends-message'],
      async run(ctx) {
        const run = await observeClient(ctx);
        if (run.datagram?.port !== run.givenPort) ctx.fail('udp-hello.client-port-arg', { given: run.givenPort, used: run.datagram?.port ?? '?' });
      },
    },
  ],
};


export default exercise;
