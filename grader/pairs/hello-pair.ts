// One pair of the hello exercises (tcp-hello, udp-hello): a student's client sends its greeting to a
// classmate's server, which is already running; the grader watches the bytes through its own relays.
import { greetingMatch } from '../../exercises/tcp-hello/greeting.js';
import type { Launch, ProgramSession } from '../run/session.js';
import { Transcript } from '../peers/transcript.js';
import { SettleWatch } from '../check/settle.js';
import { watchUntil } from '../sandbox/wait.js';
import { openRelays, type PortRelay, type RelayObserver } from './relay.js';

/** How long a client may take to send and exit (× timeout scale), as client-closes allows. */
export const PAIR_CLIENT_MS = 5000;
/** After the client is gone, how long the server may take to print what it got (× timeout scale). */
export const PAIR_PRINT_MS = 1000;

/** Everything one run of a pair showed: the cause is read from it (hello-cause.ts). */
export interface HelloPairRun {
  transcript: Transcript;
  /** What crossed each of the grader's relays, client to server (`up`) and back (`down`). */
  up: string;
  down: string;
  /** The client's bytes as they arrived at the relay, one entry per read. */
  upChunks: string[];
  /** The relay the client came through: `given` (the port in its argv) or one of its own literals. */
  via: 'given' | 'literal' | 'none';
  literalPort?: number;
  serverPort: number;
  /** The server listens on the port it was told (else on one it hardcodes). */
  serverTakesPort: boolean;
  /** Server stdout printed since the client started. */
  printed: string;
  greeting: 'exact' | 'loose' | 'none';
  clientExited: boolean;
  clientCode: number | null;
  clientSignal: string | null;
  clientStderr: string;
  serverAlive: boolean;
  /** The server's source reads lines (readline, makefile): bytes without a newline never reach its print. */
  serverReadsLines: boolean;
  /** Ports the client's relays could not open (taken): a dial there reached nobody we saw. */
  skipped: number[];
}

/**
 * Runs `client` against the running `serverLaunch`. The client is told the port of a grader relay
 * in front of the server (so the bytes are seen); a port literal of its own gets a relay too.
 */
export async function runHelloPair(opts: {
  protocol: 'tcp' | 'udp';
  client: ProgramSession;
  server: ProgramSession;
  serverLaunch: Launch;
  serverPort: number;
  greeting: string;
  scale: number;
  pickPort: () => Promise<number>;
}): Promise<HelloPairRun> {
  const { protocol, client, serverLaunch, serverPort, greeting, scale } = opts;
  const transcript = new Transcript();
  const bytes = { up: '', down: '' };
  const upChunks: string[] = [];
  const observe =
    (port: number): RelayObserver =>
    (direction, chunk) => {
      const text = chunk.toString('utf8');
      bytes[direction] += text;
      if (direction === 'up') upChunks.push(text);
      transcript.add(direction === 'up' ? 'client' : 'server', direction === 'up' ? 'server' : 'client', 'send', text, { note: { key: 'pairs.via-port', params: { port } } });
    };
  const givenPort = await opts.pickPort();
  const literals = (client.file.portLiterals ?? []).filter((p) => p !== serverPort && p !== givenPort);
  const given = await openRelays(protocol, [givenPort], serverPort, observe);
  const own = await openRelays(protocol, literals, serverPort, observe);
  const relays: PortRelay[] = [...given.relays, ...own.relays];
  const printedBefore = serverLaunch.program.stdout.searchable.length;
  try {
    const args = client.argsFor(givenPort);
    transcript.add('grader', 'grader', 'step', client.commandLine(args));
    const launch = client.launch(givenPort, args);
    // Two programs that both wait for input with nothing unread will never get further: a client
    // waiting for a banner the server never sends costs a moment, not the whole deadline.
    const both = new SettleWatch(() => [launch, serverLaunch].filter((l) => l.program.running).every((l) => (l === launch ? client : opts.server).settled(l)));
    const clientMs = Math.round(PAIR_CLIENT_MS * scale);
    const exited = await both.orSettled(launch.program.waitExit(clientMs), clientMs, false, () => {});
    const printed = () => serverLaunch.program.stdout.searchable.slice(printedBefore);
    // The server prints after the bytes arrive: wait on its output, not a fixed time.
    const printMs = Math.round(PAIR_PRINT_MS * scale);
    const serverOnly = new SettleWatch(() => serverLaunch.program.running && opts.server.settled(serverLaunch));
    const greeted = watchUntil(
      () => (greetingMatch(printed(), greeting) !== 'none' ? true : undefined),
      (wake) => serverLaunch.program.stdout.subscribe(wake),
      printMs,
      () => !serverLaunch.program.running,
    );
    await serverOnly.orSettled(greeted, printMs, undefined, () => {});
    // Read before the kill: what a server prints or sends once the client is gone must not count.
    const shown = printed();
    const seen = { up: bytes.up, down: bytes.down, upChunks: [...upChunks] };
    // The relays go first, so nothing said after this moment reaches the transcript either.
    await Promise.all(relays.map((r) => r.close()));
    if (!exited) await launch.program.kill();
    if (shown) transcript.add('server', 'server', 'stdout', shown);
    const exit = launch.program.exit;
    const usedLiteral = own.relays.find((r) => r.used().connections + r.used().datagrams > 0);
    const usedGiven = given.relays.some((r) => r.used().connections + r.used().datagrams > 0);
    return {
      transcript,
      ...seen,
      via: usedGiven ? 'given' : usedLiteral ? 'literal' : 'none',
      literalPort: usedLiteral?.port,
      serverPort,
      serverTakesPort: serverLaunch.givenPort === serverPort,
      printed: shown,
      greeting: greetingMatch(shown, greeting),
      clientExited: exited,
      clientCode: exit?.code ?? null,
      clientSignal: exit?.signal ?? null,
      clientStderr: launch.program.stderr.tail(2000),
      serverAlive: serverLaunch.program.running,
      serverReadsLines: /\.readline\(|\.makefile\(|\.readlines\(/.test(opts.server.source),
      skipped: own.skipped.map((s) => s.port),
    };
  } finally {
    await Promise.all(relays.map((r) => r.close()));
  }
}
