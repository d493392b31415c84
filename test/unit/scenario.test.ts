// Scenario exercises (exercise.yaml): loading tcp-echo, every mistake as its one exact sentence
// with line:col, loading a folder from elsewhere, the catalog entries, and the step player against
// a scripted check context (the real sockets are test/e2e/scenario.test.ts's business).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckFailure, type CheckContext, type Msg, type Peer, type StudentProgram, type UdpEndpoint } from '../../grader/check/api.js';
import { EXERCISES, exercisesById, loadExerciseDir, validateExerciseDir } from '../../grader/exercises.js';
import { LANGS, loadCatalog, translator } from '../../grader/i18n/catalog.js';
import { chooseFiles } from '../../grader/intake/choose.js';
import { listPythonFiles } from '../../grader/intake/scan.js';
import { play, toExercise } from '../../grader/scenario/interpret.js';
import { loadScenarioFile, parseScenario, ScenarioError, sentence } from '../../grader/scenario/load.js';
import { SCENARIO_MESSAGES } from '../../grader/scenario/messages.js';
import { SCENARIO_LANGS, type Protocol, type Step } from '../../grader/scenario/schema.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ECHO_YAML = path.join(ROOT, 'exercises/tcp-echo/exercise.yaml');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-scenario-unit-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A small valid exercise.yaml; each mistake below changes one thing in it. */
const BASE = `id: eco
title: { en: Echo, pt-BR: Eco }
programs:
  server: { files: [eco_srv.py], stdin: closed }
  client: { files: [eco_cli.py], stdin: open }
checks:
  - id: echoes
    program: server
    weight: 2
    title: { en: Echoes, pt-BR: Ecoa }
    hint: { en: Send it back, pt-BR: Devolva }
    steps:
      - connect: A
      - send: { from: A, text: "ola {nonce}\\n" }
      - expect: { at: A, text: "ola {nonce}\\n", within: 2s }
  - id: client-sends
    program: client
    weight: 1
    title: { en: Sends, pt-BR: Envia }
    hint: { en: Send the line, pt-BR: Envie a linha }
    steps:
      - serve: S
      - start: client
      - accept: S
      - stdin: "ola\\n"
      - expect: { at: S, text: "ola\\n" }
`;

const CONTEXT = { folder: 'eco', takenIds: ['tcp-hello'], takenFiles: new Map([['servidor.py', 'tcp-hello']]) };

/** The sentences BASE with `from` replaced by `to` is refused with. */
function problems(from: string, to: string): string[] {
  const text = BASE.replace(from, to);
  expect(text, `the mutation ${JSON.stringify(from)} applies`).not.toBe(BASE);
  return parseScenario(text, CONTEXT).problems.map(sentence);
}

describe('loading exercise.yaml', () => {
  it('accepts the small example', () => {
    expect(parseScenario(BASE, CONTEXT).problems).toEqual([]);
  });

  it('loads tcp-echo: programs, checks, weights, needs and deadlines', () => {
    const s = loadScenarioFile(ECHO_YAML, { folder: 'tcp-echo' });
    expect(s.id).toBe('tcp-echo');
    expect(s.programs).toEqual([
      { role: 'server', files: ['servidor_eco.py', 'echo_server.py'], args: ['{port}'], protocol: 'tcp', stdin: 'closed', instance: 'per-check' },
      { role: 'client', files: ['cliente_eco.py', 'echo_client.py'], args: ['{host}', '{port}'], protocol: 'tcp', stdin: 'open', instance: 'per-check' },
    ]);
    expect(s.checks.map((c) => [c.id, c.program, c.weight])).toEqual([
      ['echo-server-listens', 'server', 1],
      ['echo-server-echoes', 'server', 2],
      ['echo-server-many-lines', 'server', 1],
      ['echo-server-next-client', 'server', 2],
      ['echo-server-client-resets', 'server', 1],
      ['echo-client-connects', 'client', 1],
      ['echo-client-sends-line', 'client', 2],
      ['echo-client-prints-echo', 'client', 2],
      ['echo-client-decodes', 'client', 1],
      ['echo-client-many-lines', 'client', 1],
      ['echo-client-quits', 'client', 1],
    ]);
    const echoes = s.checks.find((c) => c.id === 'echo-server-echoes')!;
    expect(echoes.needs).toEqual(['echo-server-listens']);
    expect(echoes.steps).toEqual([
      { kind: 'connect', peer: 'A', withinMs: 2000 },
      { kind: 'send', from: 'A', text: 'ola {nonce}\n' },
      { kind: 'expect', at: 'A', text: 'ola {nonce}\n', withinMs: 2000 },
      { kind: 'expect-none', at: 'A', forMs: 300 },
    ]);
    // 1 s margin + 5 s to start the server (the first connect starts it) + 2 s connect + 2 s expect + 0.3 s quiet.
    expect(echoes.timeoutMs).toBe(10_300);
    expect(s.checks.find((c) => c.id === 'echo-client-quits')!.steps.at(-1)).toEqual({ kind: 'expect-exit', status: 0, withinMs: 3000 });
  });

  it('lets a peer read, close or reset after end (only sending is over)', () => {
    const text = BASE.replace('      - expect: { at: A, text: "ola {nonce}\\n", within: 2s }\n', '      - end: A\n      - expect: { at: A, text: "ola {nonce}\\n", within: 2s }\n      - expect-closed: A\n      - reset: A\n');
    expect(text).not.toBe(BASE);
    expect(parseScenario(text, CONTEXT).problems).toEqual([]);
  });

  it('reads durations in s and ms, short forms and empty steps', () => {
    const text = BASE.replace('      - accept: S\n', '      - accept: { at: S, within: 1.5s }\n      - expect-running:\n      - expect-none: { at: S, for: 250ms }\n');
    const { scenario, problems } = parseScenario(text, CONTEXT);
    expect(problems).toEqual([]);
    expect(scenario!.checks[1]!.steps.slice(2, 5)).toEqual([
      { kind: 'accept', at: 'S', as: 'S', withinMs: 1500 },
      { kind: 'expect-running', forMs: 300 },
      { kind: 'expect-none', at: 'S', forMs: 250 },
    ]);
  });

  // Each mistake, with its one sentence: the file, line and column, the path, what is wrong.
  const MISTAKES: [string, string, string, string[]][] = [
    ['an unknown step', '      - send: { from: A', '      - sned: { from: A', [
      'exercise.yaml:14:9: checks[0].steps[1].sned: unknown step "sned" (did you mean "send"?): the steps are start, connect, serve, accept, send, expect, expect-none, expect-closed, close, reset, end, stdin, expect-exit, expect-running.',
    ]],
    ['an undefined peer', 'send: { from: A, text', 'send: { from: B, text', [
      'exercise.yaml:14:23: checks[0].steps[1].send.from: undefined peer "B": connect it in an earlier step of this check.',
    ]],
    ['a missing translation', 'hint: { en: Send it back, pt-BR: Devolva }', 'hint: { en: Send it back }', [
      'exercise.yaml:11:11: checks[0].hint: missing the pt-BR translation.',
    ]],
    ['an empty translation', 'title: { en: Echo, pt-BR: Eco }', 'title: { en: Echo, pt-BR: "" }', [
      'exercise.yaml:2:27: title.pt-BR: is empty.',
    ]],
    ['a weight of 0', 'weight: 2', 'weight: 0', [
      'exercise.yaml:9:13: checks[0].weight: must be a whole number from 1 to 100, not 0.',
    ]],
    ['a fractional weight', 'weight: 2', 'weight: 1.5', [
      'exercise.yaml:9:13: checks[0].weight: must be a whole number from 1 to 100, not 1.5.',
    ]],
    ['an unknown program', 'program: server', 'program: servidor', [
      'exercise.yaml:8:14: checks[0].program: unknown program "servidor": the programs are server and client.',
    ]],
    ['a check of a program the exercise does not define', '  client: { files: [eco_cli.py], stdin: open }\n', '', [
      'exercise.yaml:16:14: checks[1].program: unknown program "client": this exercise defines only server.',
    ]],
    ['an unknown program under programs', '  client: { files', '  cliente: { files', [
      'exercise.yaml:5:3: programs.cliente: unknown program "cliente": the programs are server and client.',
    ]],
    ['a duration without its unit glued on', 'within: 2s', 'within: 2 seconds', [
      'exercise.yaml:15:57: checks[0].steps[2].expect.within: must be a duration like 2s or 300ms, not "2 seconds".',
    ]],
    ['a step missing a field', 'send: { from: A, text: "ola {nonce}\\n" }', 'send: { from: A }', [
      'exercise.yaml:14:15: checks[0].steps[1].send: missing "text".',
    ]],
    ['a step of the wrong form', '      - send: { from: A, text: "ola {nonce}\\n" }', '      - send: hello', [
      'exercise.yaml:14:15: checks[0].steps[1].send: must be written as send: { from: A, text: "..." }, not "hello".',
    ]],
    ['an unknown placeholder', 'text: "ola {nonce}\\n" }\n      - expect', 'text: "ola {port}\\n" }\n      - expect', [
      'exercise.yaml:14:32: checks[0].steps[1].send.text: unknown placeholder {port}: only {nonce} is replaced.',
    ]],
    ['typing into a closed stdin', 'stdin: open', 'stdin: closed', [
      "exercise.yaml:25:16: checks[1].steps[3].stdin: the client's stdin is closed: set programs.client.stdin to open to type into it.",
    ]],
    ['two steps in one item', '      - connect: A\n', '      - connect: A\n        send: x\n', [
      'exercise.yaml:13:9: checks[0].steps[0]: holds 2 steps (connect, send): write each as its own "- name: value" item.',
    ]],
    ['a YAML syntax error', 'title: { en: Echo, pt-BR: Eco }', 'title: { en: Echo, pt-BR: Eco', [
      'exercise.yaml:3:1: yaml: flow map in block collection must be sufficiently indented and end with a }.',
    ]],
    ['a key given twice', '    weight: 2\n', '    weight: 2\n    weight: 3\n', [
      'exercise.yaml:10:5: yaml: map keys must be unique.',
    ]],
    ['connect in a client check', '      - serve: S\n', '      - connect: A\n      - serve: S\n', [
      "exercise.yaml:22:18: checks[1].steps[0].connect: connect belongs in a server check (it connects to the student's server): a client check uses serve and accept.",
    ]],
    ['accept before the client is started', '      - start: client\n      - accept: S\n', '      - accept: S\n      - start: client\n', [
      'exercise.yaml:23:17: checks[1].steps[1].accept: accept comes after start: client.',
      'exercise.yaml:26:23: checks[1].steps[4].expect.at: undefined peer "S": accept it in an earlier step of this check (it is the reference server: accept: S gives the connection from the client).',
    ]],
    ['an unknown placeholder in args', 'files: [eco_srv.py], stdin', 'files: [eco_srv.py], args: ["--port", "{porta}"], stdin', [
      'exercise.yaml:4:51: programs.server.args[1]: unknown placeholder {porta}: args may hold {host} and {port}, and literal words.',
    ]],
    ['an unquoted placeholder in args', 'files: [eco_cli.py], stdin', 'files: [eco_cli.py], args: [{host}, "{port}"], stdin', [
      'exercise.yaml:5:41: programs.client.args[0]: must be quoted: write "{host}" (unquoted, YAML reads {host} as a mapping).',
    ]],
    ["another exercise's file name", '[eco_srv.py]', '[servidor.py]', [
      'exercise.yaml:4:21: programs.server.files[0]: "servidor.py" is already a file name of exercise tcp-hello.',
    ]],
    ['an id that is not the folder', 'id: eco\n', 'id: echo\n', [
      'exercise.yaml:1:5: id: must be the folder\'s name "eco", not "echo".',
    ]],
    ['a check id given twice', '  - id: client-sends', '  - id: echoes', [
      'exercise.yaml:16:9: checks[1].id: duplicate check id "echoes" (also checks[0]).',
    ]],
    ['needs naming no check', '    program: client\n', '    program: client\n    needs: [client-connects]\n', [
      'exercise.yaml:18:13: checks[1].needs[0]: unknown check "client-connects": needs names an earlier check of the same program.',
    ]],
    ['a misspelt key', '    weight: 2\n', '    weight: 2\n    timout: 5s\n', [
      'exercise.yaml:10:5: checks[0].timout: unknown key "timout".',
    ]],
    ['a peer used after it was closed', '      - expect: { at: A, text: "ola {nonce}\\n", within: 2s }', '      - close: A\n      - expect: { at: A, text: "ola {nonce}\\n", within: 2s }', [
      'exercise.yaml:16:23: checks[0].steps[3].expect.at: peer "A" was already closed at steps[2].',
    ]],
    ['sending after shutting our sending side', '      - connect: A\n', '      - connect: A\n      - end: A\n', [
      'exercise.yaml:15:23: checks[0].steps[2].send.from: peer "A" was already ended (its sending side) at steps[1].',
    ]],
    ['stdout as a peer name', '      - connect: A', '      - connect: stdout', [
      'exercise.yaml:13:18: checks[0].steps[0].connect: "stdout" is not a peer name: it is where the program prints.',
    ]],
    ['an unknown protocol', 'server: { files: [eco_srv.py], stdin', 'server: { files: [eco_srv.py], protocol: sctp, stdin', [
      'exercise.yaml:4:44: programs.server.protocol: must be tcp or udp, not "sctp".',
    ]],
  ];

  it.each(MISTAKES)('says %s in one exact sentence', (_name, from, to, want) => {
    expect(problems(from, to)).toEqual(want);
  });

  it('counts at least 8 distinct mistakes, each message one sentence on one line', () => {
    expect(MISTAKES.length).toBeGreaterThanOrEqual(8);
    for (const [, , , want] of MISTAKES) {
      for (const s of want) {
        expect(s).toMatch(/^exercise\.yaml:\d+:\d+: \S+: .+\.$/);
        expect(s).not.toContain('\n');
      }
    }
  });

  it('throws ScenarioError whose message is the first sentence', () => {
    const dir = path.join(temp, 'eco');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'exercise.yaml'), BASE.replace('weight: 2', 'weight: 0').replace('program: server', 'program: servidor'));
    let caught: unknown;
    try {
      loadScenarioFile(path.join(dir, 'exercise.yaml'), { folder: 'eco' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect((caught as ScenarioError).message).toBe('exercise.yaml:8:14: checks[0].program: unknown program "servidor": the programs are server and client.');
    expect((caught as ScenarioError).sentences).toHaveLength(2);
  });
});

/** A small valid UDP exercise: the same steps, speaking datagrams; each mistake below changes one thing in it. */
const UDP_BASE = `id: eco-udp
title: { en: UDP echo, pt-BR: Eco UDP }
programs:
  server: { files: [eco_udp_srv.py], args: ["--port", "{port}"], protocol: udp }
  client: { files: [eco_udp_cli.py], args: ["{host}", "{port}", "ola"], protocol: udp }
checks:
  - id: echoes
    program: server
    weight: 2
    title: { en: Echoes, pt-BR: Ecoa }
    hint: { en: Send it back, pt-BR: Devolva }
    steps:
      - connect: U
      - send: { from: U, text: "ola {nonce}\\n" }
      - expect: { at: U, text: "ola {nonce}\\n", within: 2s }
      - expect-none: { at: U, for: 300ms }
  - id: client-prints
    program: client
    weight: 1
    title: { en: Prints, pt-BR: Imprime }
    hint: { en: Print the reply, pt-BR: Imprima a resposta }
    steps:
      - serve: S
      - start: client
      - expect: { at: S, text: "ola" }
      - send: { from: S, text: "OLA {nonce}" }
      - expect: { at: stdout, text: "OLA {nonce}" }
      - expect-exit: { status: 0 }
`;

/** The sentences UDP_BASE with `from` replaced by `to` is refused with. */
function udpProblems(from: string, to: string): string[] {
  const text = UDP_BASE.replace(from, to);
  expect(text, `the mutation ${JSON.stringify(from)} applies`).not.toBe(UDP_BASE);
  return parseScenario(text, { folder: 'eco-udp' }).problems.map(sentence);
}

describe('UDP programs and args templates', () => {
  it('accepts a UDP server and client, with their argv templates as written', () => {
    const { scenario, problems } = parseScenario(UDP_BASE, { folder: 'eco-udp' });
    expect(problems).toEqual([]);
    expect(scenario!.programs).toEqual([
      { role: 'server', files: ['eco_udp_srv.py'], args: ['--port', '{port}'], protocol: 'udp', stdin: 'closed', instance: 'per-check' },
      { role: 'client', files: ['eco_udp_cli.py'], args: ['{host}', '{port}', 'ola'], protocol: 'udp', stdin: 'closed', instance: 'per-check' },
    ]);
    expect(scenario!.checks[1]!.steps.slice(2, 4)).toEqual([
      { kind: 'expect', at: 'S', text: 'ola', withinMs: 2000 },
      { kind: 'send', from: 'S', text: 'OLA {nonce}' },
    ]);
  });

  it('gives the check API the argv template only when it is not the role\'s usual one', () => {
    const udp = toExercise(parseScenario(UDP_BASE, { folder: 'eco-udp' }).scenario!);
    expect(udp.programs.map((p) => [p.role, p.protocol, p.args])).toEqual([
      ['server', 'udp', ['--port', '{port}']],
      ['client', 'udp', ['{host}', '{port}', 'ola']],
    ]);
    const echo = exercisesById(['tcp-echo'])[0]!;
    expect(echo.programs.map((p) => 'args' in p)).toEqual([false, false]);
  });

  // A TCP-only step asked of a UDP peer, and the other ways a UDP check can be out of order.
  const UDP_MISTAKES: [string, string, string, string[]][] = [
    ['close of a udp peer', '      - expect-none: { at: U, for: 300ms }\n', '      - close: U\n', [
      'exercise.yaml:16:16: checks[0].steps[3].close: close is TCP only: "U" is a udp peer, and datagrams have no connection to close.',
    ]],
    ['reset of a udp peer', '      - expect-none: { at: U, for: 300ms }\n', '      - reset: U\n', [
      'exercise.yaml:16:16: checks[0].steps[3].reset: reset is TCP only: "U" is a udp peer, and datagrams have no connection to reset.',
    ]],
    ['end of a udp peer', '      - expect-none: { at: U, for: 300ms }\n', '      - end: U\n', [
      'exercise.yaml:16:14: checks[0].steps[3].end: end is TCP only: "U" is a udp peer, and datagrams have no connection to end.',
    ]],
    ['expect-closed of a udp peer', '      - expect-none: { at: U, for: 300ms }\n', '      - expect-closed: U\n', [
      'exercise.yaml:16:24: checks[0].steps[3].expect-closed: expect-closed is TCP only: "U" is a udp peer, and datagrams have no connection for the program to close.',
    ]],
    ['accept of a udp reference server', '      - expect: { at: S, text: "ola" }\n', '      - accept: S\n      - expect: { at: S, text: "ola" }\n', [
      'exercise.yaml:25:17: checks[1].steps[2].accept: accept is TCP only: this client speaks udp, and the reference server "S" takes its datagrams without a connection, so expect at S right after start: client.',
    ]],
    ['an answer before the client sent anything', '      - expect: { at: S, text: "ola" }\n', '', [
      'exercise.yaml:25:23: checks[1].steps[2].send.from: S answers the last datagram the client sent it, and none is expected yet: put expect: { at: S, text: "..." } before this send.',
    ]],
    ['the udp reference server used before the client starts', '      - start: client\n      - expect: { at: S, text: "ola" }\n', '      - expect: { at: S, text: "ola" }\n      - start: client\n', [
      'exercise.yaml:24:23: checks[1].steps[1].expect.at: the client is not started yet: put serve and start: client before this step.',
    ]],
  ];

  it.each(UDP_MISTAKES)('says %s in one exact sentence', (_name, from, to, want) => {
    expect(udpProblems(from, to)).toEqual(want);
  });

  it('sends datagrams to the server, answers the client\'s last one, and quotes what came instead', async () => {
    const u = new FakeUdp();
    const server = Object.assign(fakeProgram({ text: '', running: true }), { port: 4321 });
    const { ctx } = fakeContext(server, {}, () => {}, { U: u });
    const steps: Step[] = [
      { kind: 'connect', peer: 'U', withinMs: 2000 },
      { kind: 'send', from: 'U', text: 'ola {nonce}\n' },
      { kind: 'expect', at: 'U', text: 'ola {nonce}\n', withinMs: 2000 },
    ];
    u.received.push({ text: 'ola abc123', port: 9, from: 4321 });
    expect(await failure(ctx, steps, 'udp')).toEqual({ key: 'scenario.datagram-missed', params: { peer: 'U', text: '"ola abc123\\n"', seconds: 2, got: '"ola abc123"' } });
    expect(u.sent).toEqual([{ to: 4321, text: 'ola abc123\n' }]);
    u.received.splice(0);
    expect((await failure(ctx, steps, 'udp'))?.key).toBe('scenario.datagram-nothing');
    // One datagram answers one expectation: the same text again must come again.
    u.received.push({ text: 'ola abc123\n', port: 9, from: 4321 });
    expect(await failure(ctx, steps, 'udp')).toBeUndefined();
    expect((await failure(ctx, [...steps, steps[2]!], 'udp'))?.key).toBe('scenario.datagram-nothing');
    const s = new FakeUdp();
    s.received.push({ text: 'ola', port: 5000, from: 40000 });
    const client = fakeContext(fakeProgram({ text: '', running: true }), {}, () => {}, { S: s });
    const answers: Step[] = [{ kind: 'serve', server: 'S' }, { kind: 'start', program: 'client' }, { kind: 'expect', at: 'S', text: 'ola', withinMs: 2000 }, { kind: 'send', from: 'S', text: 'OLA {nonce}' }];
    expect(await failure(client.ctx, answers, 'udp')).toBeUndefined();
    expect(s.sent).toEqual([{ to: 40000, via: 5000, text: 'OLA abc123' }]);
  });
});

describe('the registry', () => {
  it('lists the TypeScript exercises first, then the scenario exercises by id', () => {
    expect(EXERCISES.map((e) => e.id)).toEqual(['tcp-hello', 'chat', 'udp-hello', 'tcp-echo']);
    const echo = exercisesById(['tcp-echo'])[0]!;
    expect(echo.programs.map((p) => [p.role, p.stdin, p.instance])).toEqual([
      ['server', 'closed', 'per-check'],
      ['client', 'pipe', 'per-check'],
    ]);
    expect(echo.checks.every((c) => c.hint === `tcp-echo.${c.id}.hint`)).toBe(true);
  });

  it('loads a scenario folder from elsewhere: findable by id, its titles and hints translated', () => {
    const dir = path.join(temp, 'exercicios', 'eco');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'exercise.yaml'), BASE);
    const def = loadExerciseDir(dir);
    expect(loadExerciseDir(path.join(dir, '.'))).toBe(def);
    expect(def.checks.map((c) => [c.id, c.program, c.weight])).toEqual([
      ['echoes', 'server', 2],
      ['client-sends', 'client', 1],
    ]);
    expect(exercisesById(['eco'])[0]).toBe(def);
    expect(EXERCISES).not.toContain(def);
    expect(translator('pt-BR')({ key: 'eco.echoes.hint' })).toBe('Devolva');
    expect(translator('en')({ key: 'exercise.eco.title' })).toBe('Echo');
    expect(translator('en')({ key: 'eco.client-sends.title' })).toBe('Sends');
  });

  it('validates a folder without loading it', () => {
    expect(validateExerciseDir(path.join(ROOT, 'exercises/tcp-echo'))).toEqual([]);
    const bad = path.join(temp, 'bad', 'eco2');
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(path.join(bad, 'exercise.yaml'), BASE.replace('id: eco', 'id: eco2').replace('[eco_srv.py]', '[servidor_eco.py]').replace('[eco_cli.py]', '[eco2_cli.py]'));
    expect(validateExerciseDir(bad)).toEqual(['exercise.yaml:4:21: programs.server.files[0]: "servidor_eco.py" is already a file name of exercise tcp-echo.']);
    expect(() => exercisesById(['eco2'])).toThrow(/Unknown exercise "eco2"/);
    expect(validateExerciseDir(path.join(temp, 'nowhere'))).toEqual([`exercise.yaml: not found in ${path.join(temp, 'nowhere')}.`]);
  });

  it('takes no file of another exercise\'s fixture: tcp-echo files are chosen only in tcp-echo fixtures', () => {
    const fixtures = path.join(ROOT, 'fixtures/submissions');
    const ex = EXERCISES.map((d) => ({ id: d.id, programs: d.programs.map((p) => ({ role: p.role, files: p.files, protocol: p.protocol })) }));
    for (const dir of fs.readdirSync(fixtures).filter((d) => fs.existsSync(path.join(fixtures, d, 'expected.json')))) {
      const files = listPythonFiles(path.join(fixtures, dir));
      const choice = chooseFiles(files.map((rel) => ({ relPath: rel, text: fs.readFileSync(path.join(fixtures, dir, rel), 'utf8') })), ex);
      const expected = JSON.parse(fs.readFileSync(path.join(fixtures, dir, 'expected.json'), 'utf8')) as { exercises: Record<string, unknown> };
      expect(choice.chosen.get('tcp-echo')!.size > 0, dir).toBe('tcp-echo' in expected.exercises);
    }
  });
});

describe('catalog entries', () => {
  const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

  it('speaks the catalog\'s languages', () => {
    expect([...SCENARIO_LANGS]).toEqual([...LANGS]);
  });

  it('has every step message in every language with the same placeholders', () => {
    const base = SCENARIO_MESSAGES.en;
    for (const lang of SCENARIO_LANGS) {
      expect(Object.keys(SCENARIO_MESSAGES[lang]).sort(), lang).toEqual(Object.keys(base).sort());
      for (const key of Object.keys(base)) expect(placeholders(SCENARIO_MESSAGES[lang][key]!), `${key} in ${lang}`).toEqual(placeholders(base[key]!));
    }
  });

  it('defines every key the interpreter emits, and tcp-echo\'s title and hints, in every language', () => {
    const source = ['interpret.ts', 'udp-steps.ts'].map((f) => fs.readFileSync(path.join(ROOT, 'grader/scenario', f), 'utf8')).join('\n');
    const emitted = [...source.matchAll(/'(scenario\.[\w-]+)'/g)].map((m) => m[1]!);
    expect(emitted.length).toBeGreaterThan(8);
    const echo = exercisesById(['tcp-echo'])[0]!;
    for (const lang of LANGS) {
      const catalog = loadCatalog(lang);
      for (const key of emitted) expect(catalog[key], `${key} in ${lang}`).toBeTruthy();
      expect(catalog['exercise.tcp-echo.title'], lang).toBeTruthy();
      for (const c of echo.checks) {
        expect(catalog[`tcp-echo.${c.id}.hint`], `${c.id} hint in ${lang}`).toBeTruthy();
        expect(catalog[`tcp-echo.${c.id}.title`], `${c.id} title in ${lang}`).toBeTruthy();
      }
    }
    expect(loadCatalog('pt-BR')['tcp-echo.echo-server-echoes.hint']).toMatch(/^Devolva exatamente os bytes/);
  });
});

// ---- The step player against a scripted context --------------------------------------------------

/** A reference peer whose bytes the test decides. */
class FakePeer implements Peer {
  received = '';
  sent: string[] = [];
  closedByStudent = false;
  closeKind: 'fin' | 'reset' | undefined;
  ended: string[] = [];
  constructor(readonly name: string) {}
  send(text: string | Uint8Array): void {
    this.sent.push(String(text));
  }
  end(): void {
    this.ended.push('end');
  }
  close(): void {
    this.ended.push('close');
  }
  reset(): void {
    this.ended.push('reset');
  }
  async expect(text: string | ((r: string) => boolean), _ms: number, describe?: string): Promise<void> {
    const ok = typeof text === 'string' ? this.received.includes(text) : text(this.received);
    if (!ok) throw new CheckFailure({ key: 'check.peer-got-other', params: { peer: this.name, expected: describe ?? String(text), got: JSON.stringify(this.received) } });
  }
  async sees(text: string | ((r: string) => boolean)): Promise<boolean> {
    return typeof text === 'string' ? this.received.includes(text) : text(this.received);
  }
  async waitClosed(): Promise<boolean> {
    return this.closedByStudent;
  }
}

/** A program whose output the test decides. */
function fakeProgram(out: { text: string; running: boolean; exitCode?: number }): StudentProgram & { typed: string[] } {
  const typed: string[] = [];
  return {
    typed,
    givenPort: 1234,
    stdout: { get text() { return out.text; }, waitFor: async (test) => test(out.text), waitQuiet: async () => true },
    get running() { return out.running; },
    get exitCode() { return out.exitCode; },
    waitExit: async () => !out.running,
    write: (text) => void typed.push(text),
    activity: async () => ({ cpuShare: 0, runnableShare: 0 }),
    stderrTail: () => 'Traceback…\nValueError: x',
  };
}

/** A reference UDP socket whose datagrams the test decides. */
class FakeUdp implements UdpEndpoint {
  readonly ports = [5000];
  readonly received: { text: string; port: number; from: number }[] = [];
  sent: { to: number; via?: number; text: string }[] = [];
  async send(port: number, text: string): Promise<void> {
    this.sent.push({ to: port, text });
  }
  async reply(to: { port: number; from: number }, text: string): Promise<void> {
    this.sent.push({ to: to.from, via: to.port, text });
  }
  async waitFor(test: (text: string) => boolean) {
    return this.received.find((d) => test(d.text));
  }
}

/** A context that hands out scripted peers and programs, and records what the steps did. */
function fakeContext(program: StudentProgram, peers: Record<string, FakePeer>, onStep: (ctx: { steps: string[] }) => void = () => {}, udp: Record<string, FakeUdp> = {}) {
  const steps: string[] = [];
  const ctx = {
    nonce: 'abc123',
    ms: (base: number) => base,
    server: async () => program,
    connect: async (name: string) => peers[name]!,
    client: async () => ({ program, accept: async () => peers.S }),
    udp: async (name: string) => udp[name]!,
    udpClient: async (name: string) => ({ program, endpoint: udp[name]! }),
    quiet: async () => onStep({ steps }),
    step: (text: string) => void steps.push(text),
    fail: (key: string, params?: Msg['params']): never => {
      throw new CheckFailure({ key, params });
    },
  } as unknown as CheckContext;
  return { ctx, steps };
}

/** The message a played scenario fails with, or undefined when it passes. */
async function failure(ctx: CheckContext, steps: Step[], protocol: Protocol = 'tcp'): Promise<Msg | undefined> {
  try {
    await play(ctx, steps, protocol);
    return undefined;
  } catch (error) {
    if (error instanceof CheckFailure) return error.msg;
    throw error;
  }
}

describe('playing steps', () => {
  it('fills {nonce}, sends, and expects in order at each place', async () => {
    const a = new FakePeer('A');
    a.received = 'ola abc123\n';
    const { ctx } = fakeContext(fakeProgram({ text: '', running: true }), { A: a });
    const steps: Step[] = [
      { kind: 'connect', peer: 'A', withinMs: 2000 },
      { kind: 'send', from: 'A', text: 'ola {nonce}\n' },
      { kind: 'expect', at: 'A', text: 'ola {nonce}\n', withinMs: 2000 },
    ];
    expect(await failure(ctx, steps)).toBeUndefined();
    expect(a.sent).toEqual(['ola abc123\n']);
    // The same text again must arrive again: one echo does not answer two lines.
    const twice = [...steps, { kind: 'expect', at: 'A', text: 'ola {nonce}\n', withinMs: 2000 } as Step];
    expect(await failure(ctx, twice)).toEqual({ key: 'check.peer-got-other', params: { peer: 'A', expected: '"ola abc123\\n"', got: '"ola abc123\\n"' } });
  });

  it('quotes what was printed when stdout misses the text, and says when nothing was printed', async () => {
    const out = { text: 'Eco: outra coisa\n', running: true };
    const { ctx } = fakeContext(fakeProgram(out), {});
    const steps: Step[] = [{ kind: 'start', program: 'server' }, { kind: 'expect', at: 'stdout', text: 'eco {nonce}', withinMs: 2000 }];
    expect(await failure(ctx, steps)).toEqual({ key: 'scenario.stdout-missed', params: { text: '"eco abc123"', seconds: 2, got: '"Eco: outra coisa\\n"' } });
    out.text = '';
    expect((await failure(ctx, steps))?.key).toBe('scenario.stdout-nothing');
  });

  it('expect-none: nothing more after the last match, or never a text at all', async () => {
    const a = new FakePeer('A');
    a.received = 'ola abc123\n';
    const { ctx, steps: said } = fakeContext(fakeProgram({ text: "b'ola abc123\\n'\n", running: true }), { A: a }, () => {
      a.received += 'ola abc123\n';
    });
    const base: Step[] = [{ kind: 'connect', peer: 'A', withinMs: 2000 }, { kind: 'expect', at: 'A', text: 'ola {nonce}\n', withinMs: 2000 }];
    expect(await failure(ctx, [...base, { kind: 'expect-none', at: 'A', forMs: 300 }])).toEqual({ key: 'scenario.peer-extra', params: { peer: 'A', seconds: 0.3, got: '"ola abc123\\n"' } });
    expect(said).toContain('A must receive nothing more for 300 ms');
    const printedBytes: Step[] = [{ kind: 'start', program: 'client' }, { kind: 'expect', at: 'stdout', text: 'ola {nonce}', withinMs: 2000 }, { kind: 'expect-none', at: 'stdout', text: "b'", forMs: 200 }];
    expect(await failure(ctx, printedBytes)).toEqual({ key: 'scenario.stdout-unwanted', params: { text: '"b\'"', got: '"b\'ola abc123\\\\n\'\\n"' } });
  });

  it('accept, stdin, close and the exit: each failure with its evidence', async () => {
    const s = new FakePeer('server');
    const out = { text: '> ', running: true, exitCode: undefined as number | undefined };
    const program = fakeProgram(out);
    const { ctx } = fakeContext(program, { S: s });
    const quits: Step[] = [
      { kind: 'serve', server: 'S' },
      { kind: 'start', program: 'client' },
      { kind: 'accept', at: 'S', as: 'S', withinMs: 5000 },
      { kind: 'stdin', text: 'sair\n' },
      { kind: 'close', peer: 'S' },
      { kind: 'expect-exit', status: 0, withinMs: 3000 },
    ];
    expect(await failure(ctx, quits)).toEqual({ key: 'scenario.not-exited', params: { seconds: 3, got: '"> "' } });
    expect(program.typed).toEqual(['sair\n']);
    expect(s.ended).toEqual(['close']);
    out.running = false;
    out.exitCode = 1;
    expect(await failure(ctx, quits.filter((x) => x.kind !== 'stdin'))).toEqual({ key: 'scenario.exit-status', params: { expected: 'status 0', status: 1, stderr: 'ValueError: x' } });
    expect(await failure(ctx, quits)).toEqual({ key: 'scenario.stdin-after-exit', params: { text: '"sair\\n"', status: 1, stderr: 'ValueError: x' } });
    expect(await failure(ctx, [quits[0]!, quits[1]!, { kind: 'expect-running', forMs: 300 }])).toEqual({ key: 'scenario.exited-early', params: { seconds: 0.3, status: 1, stderr: 'ValueError: x' } });
  });
});
