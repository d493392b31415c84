// The check context: what an exercise's check function can do, built on a program host.
import crypto from 'node:crypto';
import type { AcceptedConnection, CheckContext, ExerciseOptions, Peer, StudentProgram, StudentServer, UdpEndpoint } from './api.js';
import { CheckFailure, msg } from './failure.js';
import { exitText, type LaunchRecord, type ProgramHost } from './launch-record.js';
import { Lessons, type CutShort } from './lessons.js';
import { SettleWatch, type SettledStop } from './settle.js';
import { seconds, wrapPeer } from './peer.js';
import { letCarriedServerSettle, notListening, READY_TIMEOUT_MS } from './server-ready.js';
import { scopedProgramView, udpView, type WaitGuard } from './scoped-view.js';
import { CheckScope, PEER_ACTIONS, PEER_WAITS, UDP_ACTIONS, UDP_WAITS } from './scope.js';
import type { Msg, TranscriptEntry } from '../events.js';
import { connectPeer, type TcpPeer } from '../peers/tcp-peer.js';
import { ReferenceTcpServer } from '../peers/tcp-server.js';
import { Transcript } from '../peers/transcript.js';
import { UdpPeer } from '../peers/udp-peer.js';
import { choosePort } from '../sandbox/ports.js';
import { delay } from '../sandbox/wait.js';

/** A reference TCP connection of this check, kept for the evidence of a failure. */
export interface CheckPeer {
  /** `to-server`: we connected to the student's server; `from-client`: the student's client connected to us. */
  side: 'to-server' | 'from-client';
  tcp: TcpPeer;
}

/** A computation shared by several checks, with the transcript it produced. */
export interface SharedResult {
  promise: Promise<unknown>;
  entries: TranscriptEntry[];
  /** The check that ran the computation: its launches are the evidence of later checks too. */
  owner: CheckRun;
}

/** A check context plus what the runner needs afterwards (transcript, notes, cleanup). */
export class CheckRun implements CheckContext {
  readonly transcript = new Transcript();
  readonly notes: Msg[] = [];
  readonly nonce = crypto.randomBytes(3).toString('hex');
  get options(): ExerciseOptions {
    return this.session.options ?? {};
  }
  /** Ends at the check's deadline and at its end; every wait and action below takes it. */
  readonly scope = new CheckScope();
  readonly startedAt = Date.now();
  /** Every reference TCP connection of the check, for the evidence of a failure. */
  readonly peers: CheckPeer[] = [];
  /** Set when the check waited for text on the program's stdout and it never came. */
  missedStdout = false;
  /** Reference servers the student's client was given, with every connection they accepted. */
  readonly referenceServers: ReferenceTcpServer[] = [];
  /** The reference UDP sockets a student client was started against (what it sent, for the evidence). */
  readonly udpServers: UdpPeer[] = [];
  /** Launches this check started or talked to. */
  readonly launched: LaunchRecord[] = [];
  /** Checks whose shared computation this one reused. */
  readonly sharedFrom: CheckRun[] = [];
  private readonly cleanups: (() => void)[] = [];
  private readonly closers: (() => void)[] = [];
  /** Waits of this check that lessons of earlier checks cut short. */
  readonly cutShort: CutShort[] = [];
  /** Waits this check ended early because its programs had settled (waiting for input, nothing unread). */
  readonly settledStops: SettledStop[] = [];
  private readonly settle = new SettleWatch(() => this.programsSettled());
  /** Set once a reference client has connected in this check. */
  private connected = false;

  constructor(
    private readonly session: ProgramHost,
    private readonly timeoutScale: number,
    private readonly memo: Map<string, SharedResult>,
    private readonly lessons = new Lessons(),
    private readonly checkId = '',
  ) {}

  caughtUp(countBacklog = true): boolean {
    return this.launched.every((l) => this.session.caughtUp(l, countBacklog));
  }

  patience(lesson: string, fullMs: number, shortMs: number): number {
    const known = this.lessons.get(lesson);
    if (!known) return this.ms(fullMs);
    const waitedMs = this.ms(shortMs);
    if (!this.cutShort.some((c) => c.lesson === lesson)) this.cutShort.push({ lesson, by: known.checkId, fullMs: known.fullMs, waitedMs });
    return waitedMs;
  }

  learn(lesson: string, waitedMs: number): void {
    // Only a full wait teaches: a wait that was itself cut short proves nothing new.
    if (!this.cutShort.some((c) => c.lesson === lesson)) this.lessons.learn(lesson, this.checkId, waitedMs);
  }

  unlearn(lesson: string): void {
    this.lessons.unlearn(lesson);
  }

  settled(wait?: { startedAt: number; fullMs: number }): boolean {
    const settled = this.settle.sample();
    if (settled && wait) this.noteStop({ waitedMs: Date.now() - wait.startedAt, fullMs: wait.fullMs });
    return settled;
  }

  // A wait can settle because every program ended; the note must then say so, not "blocked".
  private noteStop(stop: SettledStop): void {
    const exited = this.launched.length > 0 && this.launched.every((l) => !l.program.running);
    this.settledStops.push(exited ? { ...stop, exited } : stop);
  }

  /** Races a wait on the student's programs with their settling (see SettleWatch). */
  private orSettled<T>(wait: Promise<T>, timeoutMs: number, none: T): Promise<T> {
    return this.settle.orSettled(wait, timeoutMs, none, (stop) => this.noteStop(stop));
  }

  // Every running program this check talks to waits for input and has nothing unread.
  private programsSettled(): boolean {
    if (this.launched.length === 0) return false;
    const running = this.launched.filter((l) => l.program.running);
    // All exited: only bytes already on their way could still arrive, in a socket or in a pipe
    // whose last chunk the grader has not read yet (exit is often seen before it).
    if (running.length === 0) return this.session.nothingUnread() && this.launched.every((l) => drained(l.program.stdout) && drained(l.program.stderr));
    return running.every((l) => this.session.settled(l));
  }

  async shared<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const known = this.memo.get(key);
    if (known) {
      const value = await this.scope.guard(known.promise);
      this.transcript.entries.push(...known.entries);
      this.sharedFrom.push(known.owner);
      return value as T;
    }
    const start = this.transcript.entries.length;
    const entry: SharedResult = { promise: compute(), entries: [], owner: this };
    this.memo.set(key, entry);
    try {
      return (await this.scope.guard(entry.promise)) as T;
    } finally {
      entry.entries = this.transcript.entries.slice(start);
    }
  }

  ms(base: number): number {
    return Math.round(base * this.timeoutScale);
  }

  async server(): Promise<StudentServer> {
    // After its deadline a check body must not start, or talk to, the next check's server.
    this.scope.assertOpen();
    await this.letCarriedServerSettle();
    let launch = this.session.current;
    // Within a check a server must keep serving: once a peer has connected, one that ended is
    // not started again (that would hide a server that exits after its first client).
    const ended = this.connected ? this.launched[this.launched.length - 1] : undefined;
    if (!launch && ended) throw new CheckFailure(msg('check.server-ended', { status: exitText(ended) }));
    if (!launch) {
      launch = await this.session.startServer();
      this.step(this.session.commandLine(this.session.argsFor(launch.givenPort)));
    }
    // A launch that already failed to listen is not waited for twice.
    // The 5 s count from the launch, so a server that never listens costs 5 s in all.
    const readyLeft = this.ms(READY_TIMEOUT_MS) - (Date.now() - launch.program.startedAt);
    const listening = launch.listening.length > 0 || launch.readyWaited ? launch.listening : await this.scope.guard(this.session.waitListening(launch, Math.max(0, readyLeft)));
    const view = this.view(launch);
    if (!this.launched.includes(launch)) {
      this.launched.push(launch);
      this.touched();
    }
    if (!listening || listening.length === 0) throw notListening(this.session, launch, view.stderrTail(), this.ms(READY_TIMEOUT_MS));
    launch.usedPort = choosePort(listening, launch.givenPort)!;
    this.session.prepareSpare();
    const port = launch.usedPort;
    return new Proxy(view, { get: (target, prop, receiver) => (prop === 'port' ? port : Reflect.get(target, prop, receiver)) }) as StudentServer;
  }

  async connect(name: string, timeoutMs = 2000): Promise<Peer> {
    let server = await this.server();
    const started = Date.now();
    const launch = this.session.current;
    // A SYN dropped by a full backlog that a settled server will never take stays dropped.
    const givenUp = () => {
      if (!server.running || this.scope.ended) return true;
      if (!launch || !this.session.backlogStuck(launch)) return false;
      this.noteStop({ waitedMs: Date.now() - started, fullMs: this.ms(timeoutMs) });
      return true;
    };
    const dial = (port: number) => this.scope.guard(connectPeer(name, port, this.transcript, this.ms(timeoutMs), givenUp));
    let tcp = await dial(server.port);
    // A shared server that died since the last check (it may exit after one client) is restarted
    // at the check's first connection only: within a check it must keep serving.
    if (!tcp && !server.running && !this.connected) {
      server = await this.server();
      tcp = await dial(server.port);
    }
    if (!tcp) this.fail(server.running ? 'check.connect-failed' : 'check.server-died', { peer: name, port: server.port, seconds: seconds(this.ms(timeoutMs)) });
    this.touched();
    this.connected = true;
    this.closers.push(() => tcp.reset());
    return this.scopedPeer(tcp, 'to-server', server.port);
  }

  // A server carried over from an earlier check is let settle before this check first uses it.
  private async letCarriedServerSettle(): Promise<void> {
    const launch = this.session.current;
    if (!launch || this.connected || this.launched.includes(launch)) return;
    await letCarriedServerSettle(this.session, launch, this.scope, this.timeoutScale);
  }

  async udp(name: string): Promise<UdpEndpoint> {
    this.scope.assertOpen();
    const peer = new UdpPeer(name, this.transcript);
    await peer.bind([0]);
    this.closers.push(() => peer.close());
    return this.scope.wrap(udpView(peer, this.guardWait), UDP_WAITS, UDP_ACTIONS);
  }

  async client(onAccept?: (conn: AcceptedConnection) => void) {
    this.scope.assertOpen();
    const port = await this.session.pickPort();
    const server = new ReferenceTcpServer(this.transcript);
    this.referenceServers.push(server);
    await server.listen([port, ...this.session.fixedPorts]);
    this.closers.push(() => server.close());
    if (onAccept) server.onAccept = (a) => onAccept(this.scopedPeer(a.peer, 'from-client', a.port));
    const { program, launch } = this.launchClient(port);
    this.cleanups.push(launch.program.onExit(() => server.poke()));
    let next = 0;
    const accept = async (timeoutMs: number) => {
      // A client that exits without connecting ends the wait at once.
      const waiting = server.nextConnection(next, timeoutMs, () => !program.running || this.scope.ended);
      const accepted = await this.scope.guard(this.orSettled(waiting, timeoutMs, undefined));
      if (!accepted) return undefined;
      next++;
      launch.usedPort ??= accepted.port;
      // onAccept already recorded and wrapped it.
      if (!onAccept) return this.scopedPeer(accepted.peer, 'from-client', accepted.port);
      return this.scope.wrap(wrapPeer(accepted.peer, this.transcript, accepted.port, this.guardWait, this.touched), PEER_WAITS, PEER_ACTIONS);
    };
    return { program, accept };
  }

  async udpClient(name = 'server') {
    this.scope.assertOpen();
    const port = await this.session.pickPort();
    const peer = new UdpPeer(name, this.transcript);
    this.udpServers.push(peer);
    await peer.bind([port, ...this.session.fixedPorts]);
    this.closers.push(() => peer.close());
    const { program, launch } = this.launchClient(port);
    peer.onDatagram = (d) => (launch.usedPort ??= d.port);
    return { program, endpoint: this.scope.wrap(udpView(peer, this.guardWait), UDP_WAITS, UDP_ACTIONS) };
  }

  /** Records a reference connection for the evidence and gives the check its scoped view. */
  private scopedPeer(tcp: TcpPeer, side: CheckPeer['side'], port: number): AcceptedConnection {
    this.peers.push({ side, tcp });
    return this.scope.wrap(wrapPeer(tcp, this.transcript, port, this.guardWait, this.touched), PEER_WAITS, PEER_ACTIONS);
  }

  /** Every wait on the student's programs (peers, datagrams, output, exit) is raced with their settling. */
  private readonly guardWait: WaitGuard = (wait, timeoutMs) => this.orSettled(wait, timeoutMs, false);
  /** The grader changed the programs' world: earlier observations of them stop counting. */
  private readonly touched = () => this.settle.reset();

  private launchClient(port: number): { program: StudentProgram; launch: LaunchRecord } {
    const args = this.session.argsFor(port);
    const launch = this.session.launch(port, args);
    this.launched.push(launch);
    this.touched();
    this.step(this.session.commandLine(args));
    return { program: this.view(launch), launch };
  }

  async quiet(ms: number): Promise<void> {
    await this.scope.guard(delay(this.ms(ms)));
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

  private readonly views = new Map<LaunchRecord, StudentProgram>();

  // One view per launch and check, so its output is mirrored into the transcript once.
  private view(launch: LaunchRecord): StudentProgram {
    const known = this.views.get(launch);
    if (known) return known;
    const view = scopedProgramView(launch, {
      transcript: this.transcript,
      scope: this.scope,
      guard: this.guardWait,
      touched: this.touched,
      missedStdout: () => (this.missedStdout = true),
      probe: (l) => this.session.probe(l),
      onEnd: (cleanup) => this.cleanups.push(cleanup),
    });
    this.views.set(launch, view);
    return view;
  }
}

/** A program's output stream holds nothing more to read: it ended, or the grader stopped reading at the cap. */
function drained(out: { closed: boolean; overflowed: boolean }): boolean {
  return out.closed || out.overflowed;
}
