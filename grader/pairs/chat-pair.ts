// One chat pair: a student's client joins a classmate's running server beside a reference client R;
// a line typed into the client must reach R, and a line R sends must be printed by the client.
import crypto from 'node:crypto';
import net from 'node:net';
import type { ExerciseOptions } from '../check/api.js';
import { SettleWatch } from '../check/settle.js';
import { TcpPeer } from '../peers/tcp-peer.js';
import { Transcript } from '../peers/transcript.js';
import type { Launch, ProgramSession } from '../run/session.js';
import { waitQuiet, type CappedOutput } from '../sandbox/output.js';
import { waitUntil, watchUntil } from '../sandbox/wait.js';
import { openRelays, type PortRelay, type RelayObserver } from './relay.js';

/** How long the client gets to connect, and R to be accepted (× timeout scale), as the chat checks allow. */
const CONNECT_MS = 5000;
/** Longest wait for the client's nickname to pass the relay. */
const NICK_MS = 300;
/** The client is ready once it printed nothing for this long (after its prompts and banners). */
const QUIET_MS = 100;
/** Longest wait for that quiet stretch: a client that never stops printing is driven anyway. */
const QUIET_TIMEOUT_MS = 500;
/** How long a typed line may take to reach R, or R's line to be printed (× timeout scale). */
const DELIVER_MS = 2000;
/** Longest R waits, after its nickname, for the server's reply before it writes again (see room.ts join). */
const NICK_ALONE_MS = 50;

/** Everything one chat pair showed: the cause is read from it (chat-cause.ts). */
export interface ChatPairRun {
  transcript: Transcript;
  /** Bytes through the grader's relays: client to server (`up`) and back (`down`). */
  up: string;
  down: string;
  via: 'given' | 'literal' | 'none';
  literalPort?: number;
  serverPort: number;
  serverTakesPort: boolean;
  skipped: number[];
  /** R could not connect to the server's real port. */
  refUnconnected: boolean;
  nick: string;
  typed: string;
  pushed: string;
  /** What the server sent the client before anything was typed after the nickname (a prompt, a welcome). */
  downBeforeTyping: string;
  /** Bytes that went up after the line was typed. */
  upAfterTyping: string;
  /** The line was typed (the client was connected and running). */
  typedIt: boolean;
  typedAtRef: boolean;
  /** R's line was sent (the second direction was tried). */
  pushedIt: boolean;
  pushedDown: boolean;
  pushedPrinted: boolean;
  /** What the client printed after R's line was sent. */
  printedAfterPush: string;
  pushedPrintedLate: boolean;
  /** What R received after the client was started, until R spoke (its own line echoed back is no relay). */
  refGot: string;
  clientExited: boolean;
  clientCode: number | null;
  clientSignal: string | null;
  clientStderr: string;
  serverAlive: boolean;
  serverCode: number | null;
}

/** Runs `client` against the running chat server `serverLaunch`, with R connected straight to `serverPort`. */
export async function runChatPair(opts: {
  client: ProgramSession;
  server: ProgramSession;
  serverLaunch: Launch;
  serverPort: number;
  nick: string;
  protocol?: ExerciseOptions['protocol'];
  scale: number;
  pickPort: () => Promise<number>;
}): Promise<ChatPairRun> {
  const { client, server, serverLaunch, serverPort, nick, scale } = opts;
  const ms = (base: number) => Math.round(base * scale);
  const protocol = opts.protocol ?? { nick: '{nick}', send: '{text}', afterConnect: [] };
  const nonce = crypto.randomBytes(3).toString('hex');
  const refNick = `ref-${nonce}`;
  const typed = `ola do cliente ${nonce}`;
  const pushed = `ola da referencia ${nonce}`;
  const transcript = new Transcript();
  const bytes = { up: '', down: '' };
  const wakers = new Set<() => void>();
  const onBytes = (wake: () => void) => (wakers.add(wake), () => wakers.delete(wake));
  const observe =
    (port: number): RelayObserver =>
    (direction, chunk) => {
      const text = chunk.toString('utf8');
      bytes[direction] += text;
      transcript.add(direction === 'up' ? 'client' : 'server', direction === 'up' ? 'server' : 'client', 'send', text, { note: { key: 'pairs.via-port', params: { port } } });
      for (const wake of [...wakers]) wake();
    };
  const givenPort = await opts.pickPort();
  const literals = (client.file.portLiterals ?? []).filter((p) => p !== serverPort && p !== givenPort);
  const given = await openRelays('tcp', [givenPort], serverPort, observe);
  const own = await openRelays('tcp', literals, serverPort, observe);
  const relays: PortRelay[] = [...given.relays, ...own.relays];
  const used = (r: PortRelay) => r.used().connections > 0;
  let ref: TcpPeer | undefined;
  // Live, so the server's prints sit between the bytes that caused them.
  const offs: (() => void)[] = [mirrorStdout(serverLaunch.program.stdout, transcript, 'server')];
  try {
    ref = await connectRef(serverPort, transcript, ms(CONNECT_MS));
    if (ref) await introduce(ref, protocol, refNick, ms(NICK_ALONE_MS));
    const refBefore = ref?.text.length ?? 0;
    const args = client.argsFor(givenPort, '127.0.0.1', nick);
    transcript.add('grader', 'grader', 'step', client.commandLine(args));
    const launch = client.launch(givenPort, args);
    const program = launch.program;
    offs.push(mirrorStdout(program.stdout, transcript, 'client'), program.onExit(() => transcript.add('client', 'client', 'exit', program.exit?.signal ? `signal ${program.exit.signal}` : `status ${program.exit?.code}`)));
    const type = (text: string) => (transcript.add('grader', 'client', 'stdin', text), program.write(text));
    // Many clients ask for the nickname before they connect: it is typed at once, as a user would.
    if (!client.options?.nickInArgs) type(`${nick}\n`);
    // Both programs waiting for input with nothing unread will never get further: the wait ends there.
    const both = new SettleWatch(() => [launch, serverLaunch].filter((l) => l.program.running).every((l) => (l === launch ? client : server).settled(l)));
    const wakeOn = (wake: () => void) => {
      const off = [onBytes(wake), program.onExit(wake), program.stdout.subscribe(wake)];
      return () => off.forEach((f) => f());
    };
    // No event announces a connection without bytes: the relays' counters are polled as a fallback.
    const connected = await both.orSettled(watchUntil(() => (relays.some(used) ? true : undefined), wakeOn, ms(CONNECT_MS), () => !program.running, 20), ms(CONNECT_MS), undefined, () => {});
    const run = { typedIt: false, typedAtRef: false, pushedIt: false, pushedPrinted: false, downBeforeTyping: '', upAtTyping: bytes.up.length, printedAtPush: 0, printedDuringPush: '', refGot: '' };
    if (connected && ref) {
      await waitUntil(() => bytes.up.includes(nick), onBytes, ms(NICK_MS));
      await waitQuiet(program.stdout, ms(QUIET_MS), ms(QUIET_TIMEOUT_MS));
      run.downBeforeTyping = bytes.down;
      // R speaks first: a lock-step client, blocked in input() until a line is typed, prints
      // nothing meanwhile, while a client that listens as it waits prints it at once.
      let refSince = refBefore;
      if (program.running && !ref.closed) {
        both.reset();
        run.printedAtPush = program.stdout.searchable.length;
        ref.send(`${protocol.send.replace(/\{text\}/g, pushed).replace(/\{nick\}/g, refNick)}\n`);
        run.pushedIt = true;
        const printed = waitUntil(() => program.stdout.searchable.slice(run.printedAtPush).includes(pushed), (wake) => program.stdout.subscribe(wake), ms(DELIVER_MS));
        run.pushedPrinted = await both.orSettled(printed, ms(DELIVER_MS), false, () => {});
        run.printedDuringPush = program.stdout.searchable.slice(run.printedAtPush);
        // What R gets back of its own message (an echo) is not the typed line arriving.
        refSince = ref.text.length;
      }
      // The second direction is tried even after a failed first: its evidence may name the cause better.
      run.upAtTyping = bytes.up.length;
      if (program.running) {
        both.reset();
        type(`${typed}\n`);
        run.typedIt = true;
        run.typedAtRef = await both.orSettled(ref.waitFor((t) => t.slice(refSince).includes(typed), ms(DELIVER_MS)), ms(DELIVER_MS), false, () => {});
      }
      run.refGot = ref.text.slice(refSince);
      // A lock-step client prints R's message only now, after the line it was waiting to send.
      if (run.pushedIt && !run.pushedPrinted && program.running) {
        both.reset();
        const late = waitUntil(() => program.stdout.searchable.slice(run.printedAtPush).includes(pushed), (wake) => program.stdout.subscribe(wake), ms(DELIVER_MS));
        await both.orSettled(late, ms(DELIVER_MS), false, () => {});
      }
    }
    const exit = program.exit;
    const usedLiteral = own.relays.find(used);
    return {
      transcript,
      up: bytes.up,
      down: bytes.down,
      via: given.relays.some(used) ? 'given' : usedLiteral ? 'literal' : 'none',
      literalPort: usedLiteral?.port,
      serverPort,
      serverTakesPort: serverLaunch.givenPort === serverPort,
      skipped: own.skipped.map((s) => s.port),
      refUnconnected: !ref,
      nick,
      typed,
      pushed,
      downBeforeTyping: run.downBeforeTyping,
      upAfterTyping: bytes.up.slice(run.upAtTyping),
      typedIt: run.typedIt,
      typedAtRef: run.typedAtRef,
      pushedIt: run.pushedIt,
      pushedDown: bytes.down.includes(pushed),
      pushedPrinted: run.pushedPrinted,
      printedAfterPush: run.printedDuringPush,
      // Printed only once a line was typed: the client reads the socket only after input() returns.
      pushedPrintedLate: !run.pushedPrinted && run.pushedIt && program.stdout.searchable.slice(run.printedAtPush).includes(pushed),
      refGot: run.pushedIt ? run.refGot : (ref?.text.slice(refBefore) ?? ''),
      clientExited: exit !== undefined,
      clientCode: exit?.code ?? null,
      clientSignal: exit?.signal ?? null,
      clientStderr: program.stderr.tail(2000),
      serverAlive: serverLaunch.program.running,
      serverCode: serverLaunch.program.exit?.code ?? null,
    };
  } finally {
    // The server stays up for the column's next client; everything else of this pair goes.
    // Detached first: the grader's kill is not the client's exit.
    offs.forEach((off) => off());
    await client.stopAll();
    ref?.close();
    await Promise.all(relays.map((r) => r.close()));
  }
}

/** R joins as the reference clients of the checks do: its nickname alone, then the course's after-connect lines. */
async function introduce(ref: TcpPeer, protocol: NonNullable<ExerciseOptions['protocol']>, refNick: string, aloneMs: number): Promise<void> {
  const fill = (line: string) => `${line.replace(/\{nick\}/g, refNick)}\n`;
  if (protocol.nick !== null) {
    const before = ref.text.length;
    ref.send(fill(protocol.nick));
    // A server that takes one recv() as the name would swallow a line glued to it.
    await ref.waitFor((t) => t.length > before, aloneMs);
  }
  for (const line of protocol.afterConnect) ref.send(fill(line));
}

/** R, connected straight to the server's real port; its lanes in the transcript are `R` and `server`. */
function connectRef(port: number, transcript: Transcript, timeoutMs: number): Promise<TcpPeer | undefined> {
  return new Promise((resolve) => {
    // Half-open allowed, as connectPeer does: our FIN goes out only when R closes.
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    socket.setNoDelay(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners('connect');
      socket.removeAllListeners('error');
      if (!ok) {
        socket.destroy();
        return resolve(undefined);
      }
      transcript.add('R', 'server', 'connect', `127.0.0.1:${port}`);
      resolve(new TcpPeer('R', socket, transcript, 'server'));
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Copies what a program prints from now on into its lane of the transcript, as it arrives. */
function mirrorStdout(out: CappedOutput, transcript: Transcript, lane: 'client' | 'server'): () => void {
  let mirrored = out.text.length;
  return out.subscribe(() => {
    const text = out.text;
    if (text.length > mirrored) transcript.add(lane, lane, 'stdout', text.slice(mirrored));
    mirrored = text.length;
  });
}

