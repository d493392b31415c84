// The check context: what an exercise's check function can do, built on a program session.
import crypto from 'node:crypto';
import type { AcceptedConnection, CheckContext, Peer, StudentProgram, StudentServer, UdpEndpoint } from './api.js';
import { CheckFailure, lastLine, msg } from './failure.js';
import { seconds, wrapPeer } from './peer.js';
import { viewProgram, type LaunchFlags } from './program-view.js';
import type { Msg, TranscriptEntry } from '../events.js';
import { connectPeer } from '../peers/tcp-peer.js';
import { ReferenceTcpServer } from '../peers/tcp-server.js';
import { Transcript } from '../peers/transcript.js';
import { UdpPeer } from '../peers/udp-peer.js';
import { choosePort } from '../sandbox/ports.js';
import { delay } from '../sandbox/wait.js';
import type { Launch, ProgramSession } from '../run/session.js';

/** A computation shared by several checks, with the transcript it produced. */
export interface SharedResult {
  promise: Promise<unknown>;
  entries: TranscriptEntry[];
}

/** How long a server gets to start listening, before timeout scaling. */
export const READY_TIMEOUT_MS = 5000;

/** A check context plus what the runner needs afterwards (transcript, notes, cleanup). */
export class CheckRun implements CheckContext {
  readonly transcript = new Transcript();
  readonly notes: Msg[] = [];
  readonly nonce = crypto.randomBytes(3).toString('hex');
  private readonly cleanups: (() => void)[] = [];
  private readonly closers: (() => void)[] = [];
  /** Set once a reference client has connected in this check. */
  private connected = false;

  constructor(
    private readonly session: ProgramSession,
    private readonly timeoutScale: number,
    private readonly flags: Map<Launch, LaunchFlags>,
    private readonly memo: Map<string, SharedResult>,
  ) {}

  async shared<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const known = this.memo.get(key);
    if (known) {
      const value = await known.promise;
      this.transcript.entries.push(...known.entries);
      return value as T;
    }
    const start = this.transcript.entries.length;
    const entry: SharedResult = { promise: compute(), entries: [] };
    this.memo.set(key, entry);
    try {
      return (await entry.promise) as T;
    } finally {
      entry.entries = this.transcript.entries.slice(start);
    }
  }

  ms(base: number): number {
    return Math.round(base * this.timeoutScale);
  }

  async server(): Promise<StudentServer> {
    let launch = this.session.current;
    if (!launch) {
      launch = await this.session.startServer();
      this.step(`python3 ${this.session.file.relPath} ${launch.givenPort}`);
    }
    // A launch that already failed to listen is not waited for twice.
    // The 5 s count from the launch, so a server that never listens costs 5 s in all.
    const readyLeft = this.ms(READY_TIMEOUT_MS) - (Date.now() - launch.program.startedAt);
    const listening = launch.listening.length > 0 || launch.readyWaited ? launch.listening : await this.session.waitListening(launch, Math.max(0, readyLeft));
    const view = this.view(launch);
    if (!listening || listening.length === 0) {
      if (!launch.program.running) {
        throw new CheckFailure(msg('check.server-exited', { status: exitText(launch), stderr: lastLine(view.stderrTail()) }));
      }
      throw new CheckFailure(msg('check.server-not-listening', { seconds: seconds(this.ms(READY_TIMEOUT_MS)) }));
    }
    launch.usedPort = choosePort(listening, launch.givenPort)!;
    this.session.prepareSpare();
    return Object.defineProperty(view, 'port', { value: launch.usedPort, enumerable: true }) as unknown as StudentServer;
  }

  async connect(name: string, timeoutMs = 2000): Promise<Peer> {
    let server = await this.server();
    let tcp = await connectPeer(name, server.port, this.transcript, this.ms(timeoutMs), () => !server.running);
    // A shared server that died since the last check (it may exit after one client) is restarted
    // at the check's first connection only: within a check it must keep serving.
    if (!tcp && !server.running && !this.connected) {
      server = await this.server();
      tcp = await connectPeer(name, server.port, this.transcript, this.ms(timeoutMs), () => !server.running);
    }
    if (!tcp) this.fail(server.running ? 'check.connect-failed' : 'check.server-died', { peer: name, port: server.port, seconds: seconds(this.ms(timeoutMs)) });
    this.connected = true;
    this.closers.push(() => tcp.reset());
    return wrapPeer(tcp, this.transcript, server.port);
  }

  async udp(name: string): Promise<UdpEndpoint> {
    const peer = new UdpPeer(name, this.transcript);
    await peer.bind([0]);
    this.closers.push(() => peer.close());
    return udpView(peer);
  }

  async client(onAccept?: (conn: AcceptedConnection) => void) {
    const port = await this.session.pickPort();
    const server = new ReferenceTcpServer(this.transcript);
    await server.listen([port, ...this.session.fixedPorts]);
    this.closers.push(() => server.close());
    if (onAccept) server.onAccept = (a) => onAccept(wrapPeer(a.peer, this.transcript, a.port));
    const { program, launch } = this.launchClient(port);
    this.cleanups.push(launch.program.onExit(() => server.poke()));
    let next = 0;
    const accept = async (timeoutMs: number) => {
      // A client that exits without connecting ends the wait at once.
      const accepted = await server.nextConnection(next, timeoutMs, () => !program.running);
      if (!accepted) return undefined;
      next++;
      launch.usedPort ??= accepted.port;
      return wrapPeer(accepted.peer, this.transcript, accepted.port);
    };
    return { program, accept };
  }

  async udpClient() {
    const port = await this.session.pickPort();
    const peer = new UdpPeer('server', this.transcript);
    await peer.bind([port, ...this.session.fixedPorts]);
    this.closers.push(() => peer.close());
    const { program, launch } = this.launchClient(port);
    peer.onDatagram = (d) => (launch.usedPort ??= d.port);
    return { program, endpoint: udpView(peer) };
  }

  private launchClient(port: number): { program: StudentProgram; launch: Launch } {
    const launch = this.session.launch(port, ['127.0.0.1', String(port)]);
    this.step(`python3 ${this.session.file.relPath} 127.0.0.1 ${port}`);
    return { program: this.view(launch), launch };
  }

  async quiet(ms: number): Promise<void> {
    await delay(this.ms(ms));
  }

  note(message: Msg): void {
    this.notes.push(message);
  }

  step(text: string): void {
    this.transcript.add('grader', 'grader', 'step', text);
  }

  fail(key: string, params?: Msg['params'], hintKey?: string): never {
    // Mark, in the conversation, where the expectation was due and never met.
    const expected = params?.text ?? params?.sent ?? params?.expected ?? '';
    this.transcript.add('student', 'grader', 'expect', String(expected), { missed: true, note: msg(key, params) });
    throw new CheckFailure(msg(key, params), hintKey ? msg(hintKey) : undefined);
  }

  /** Resets every reference socket; called after student programs are killed, so no TIME_WAIT remains. */
  closePeers(): void {
    for (const close of this.closers.splice(0)) close();
  }

  /** Stops mirroring output into this check's transcript. */
  detach(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private readonly views = new Map<Launch, ReturnType<typeof viewProgram>>();

  // One view per launch and check, so its output is mirrored into the transcript once.
  private view(launch: Launch) {
    const known = this.views.get(launch);
    if (known) return known;
    let flags = this.flags.get(launch);
    if (!flags) this.flags.set(launch, (flags = { overdue: false }));
    const view = viewProgram(launch, this.transcript, flags);
    this.views.set(launch, view);
    this.cleanups.push(() => view.detach());
    return view;
  }
}

function udpView(peer: UdpPeer): UdpEndpoint {
  return {
    get ports() {
      return peer.boundPorts;
    },
    received: peer.received,
    send: (port, text) => peer.send(port, text),
    waitFor: async (test, timeoutMs) => ((await peer.waitFor((d) => test(d.text), timeoutMs)) ? peer.received.find((d) => test(d.text)) : undefined),
  };
}

/** How a launch ended, for messages. */
export function exitText(launch: Launch): string {
  const exit = launch.program.exit;
  if (!exit) return 'running';
  return exit.signal ? `signal ${exit.signal}` : `status ${exit.code}`;
}

