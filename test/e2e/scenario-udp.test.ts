// End to end: a UDP scenario exercise (a teacher's own "udp-echo", written into a temp folder and
// listed by path in a class file) through the real CLI, real python3 and datagrams: the correct
// solution scores 100 with its argv templates expanded, two broken servers fail the steps they
// break with what was expected and what arrived, and --validate refuses a TCP-only step of a UDP peer.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade, readResults, tempOut, type Results } from './cli.js';

/** The exercise: the server echoes each datagram to its sender; the client sends its argv text and prints the answer. */
const EXERCISE = `id: udp-echo
title: { en: "UDP echo", pt-BR: "Eco UDP" }
programs:
  server: { files: [udp_echo_server.py], args: ["--port", "{port}"], protocol: udp, stdin: closed }
  client: { files: [udp_echo_client.py], args: ["{host}", "{port}", "eco-udp"], protocol: udp, stdin: closed }
checks:
  - id: udp-echo-server-binds
    program: server
    weight: 1
    title: { en: "The server binds its UDP port", pt-BR: "O servidor faz bind na porta UDP" }
    hint: { en: "bind(('', port)) with the port after --port.", pt-BR: "Faça bind(('', porta)) com a porta depois de --port." }
    steps:
      - start: server
      - expect-running: { for: 200ms }
  - id: udp-echo-server-echoes
    program: server
    weight: 2
    needs: [udp-echo-server-binds]
    title: { en: "The server sends each datagram back as is", pt-BR: "O servidor devolve cada datagrama como veio" }
    hint: { en: "sendto(data, address) with the address recvfrom gave.", pt-BR: "sendto(dados, endereco) com o endereço que o recvfrom deu." }
    steps:
      - connect: U
      - send: { from: U, text: "ola {nonce}\\n" }
      - expect: { at: U, text: "ola {nonce}\\n", within: 2s }
      - expect-none: { at: U, for: 300ms }
  - id: udp-echo-server-two-peers
    program: server
    weight: 1
    needs: [udp-echo-server-binds]
    title: { en: "The server answers each peer at its own address", pt-BR: "O servidor responde cada par no seu endereço" }
    hint: { en: "Answer the address of the datagram, not a fixed one.", pt-BR: "Responda ao endereço do datagrama, não a um fixo." }
    steps:
      - connect: U
      - connect: V
      - send: { from: V, text: "sou V {nonce}" }
      - expect: { at: V, text: "sou V {nonce}", within: 2s }
      - send: { from: U, text: "sou U {nonce}" }
      - expect: { at: U, text: "sou U {nonce}", within: 2s }
      - expect-none: { at: U, text: "sou V", for: 200ms }
  - id: udp-echo-client-sends
    program: client
    weight: 2
    title: { en: "The client sends its argument", pt-BR: "O cliente envia seu argumento" }
    hint: { en: "sendto(sys.argv[3].encode(), (host, port)).", pt-BR: "sendto(sys.argv[3].encode(), (host, porta))." }
    steps:
      - serve: S
      - start: client
      - expect: { at: S, text: "eco-udp", within: 3s }
  - id: udp-echo-client-prints
    program: client
    weight: 2
    needs: [udp-echo-client-sends]
    title: { en: "The client prints the answer and exits", pt-BR: "O cliente imprime a resposta e termina" }
    hint: { en: "recvfrom, print the text, and end.", pt-BR: "recvfrom, imprima o texto e termine." }
    steps:
      - serve: S
      - start: client
      - expect: { at: S, text: "eco-udp", within: 3s }
      - send: { from: S, text: "ECO {nonce}\\n" }
      - expect: { at: stdout, text: "ECO {nonce}", within: 2s }
      - expect-exit: { status: 0, within: 3s }
`;

/** A server that reads its port after --port and answers each datagram with `answer` (Python). */
const server = (answer: string) => `import socket
import sys

porta = int(sys.argv[sys.argv.index('--port') + 1])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('', porta))
while True:
    dados, endereco = sock.recvfrom(1024)
    ${answer}
`;

const CLIENT = `import socket
import sys

host, porta, texto = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(5)
sock.sendto(texto.encode('utf-8'), (host, porta))
dados, _ = sock.recvfrom(1024)
print(dados.decode('utf-8'), end='')
sock.close()
`;

/** Each student's server: the correct one, one that strips the newline, one that answers a fixed address. */
const SERVERS: Record<string, string> = {
  ana: server('sock.sendto(dados, endereco)'),
  bia: server('sock.sendto(dados.strip(), endereco)'),
  caio: server("sock.sendto(dados, ('127.0.0.1', 5001))"),
};

describe('a UDP scenario exercise, graded by path', () => {
  const work = tempOut('sg-scenario-udp-');
  const turma = path.join(work, 'turma');
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  let results: Results;
  const checks = (student: string) => {
    const exercise = results.submissions.find((s) => s.id === student)!.exercises[0]!;
    return Object.fromEntries(exercise.checks.map((c) => [c.id, c]));
  };
  beforeAll(async () => {
    fs.mkdirSync(path.join(work, 'exercicios', 'udp-echo'), { recursive: true });
    fs.writeFileSync(path.join(work, 'exercicios', 'udp-echo', 'exercise.yaml'), EXERCISE);
    for (const [student, code] of Object.entries(SERVERS)) {
      fs.mkdirSync(path.join(turma, student), { recursive: true });
      fs.writeFileSync(path.join(turma, student, 'udp_echo_server.py'), code);
      fs.writeFileSync(path.join(turma, student, 'udp_echo_client.py'), CLIENT);
    }
    fs.writeFileSync(path.join(turma, 'sockgrade.yaml'), 'exercises: [../exercicios/udp-echo]\n');
    const out = path.join(work, 'out');
    const run = await grade([turma, '--reporter', 'json', '--out', out, '--jobs', '3']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    results = readResults(out);
  }, 300_000);

  it('scores the correct solution 100, started with its argv templates expanded', () => {
    const ana = results.submissions.find((s) => s.id === 'ana')!;
    const failed = ana.exercises[0]!.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`);
    expect(failed).toEqual([]);
    expect(ana.exercises.map((x) => [x.id, x.status, x.score])).toEqual([['udp-echo', 'graded', 100]]);
    const said = (id: string) => checks('ana')[id]!.transcript.filter((e) => e.kind === 'step').map((e) => e.text);
    expect(said('udp-echo-server-echoes')).toContainEqual(expect.stringMatching(/^python3 udp_echo_server\.py --port \d+$/));
    expect(said('udp-echo-client-prints')).toContainEqual(expect.stringMatching(/^python3 udp_echo_client\.py 127\.0\.0\.1 \d+ eco-udp$/));
  });

  it('shows in grade exercises the argv grading uses: the scenario\'s own templates', async () => {
    const run = await grade(['exercises', '--json', '--config', path.join(turma, 'sockgrade.yaml')]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const view = (JSON.parse(String(run.stdout)) as { id: string; programs: { role: string; args: string[] }[] }[]).find((e) => e.id === 'udp-echo')!;
    expect(Object.fromEntries(view.programs.map((p) => [p.role, p.args]))).toEqual({ server: ['--port', '{port}'], client: ['{host}', '{port}', 'eco-udp'] });
  });

  it('fails only the echo of a server that strips the newline, quoting what was expected and what arrived', () => {
    const bia = checks('bia');
    expect(Object.fromEntries(Object.values(bia).map((c) => [c.id, c.status]))).toEqual({
      'udp-echo-server-binds': 'pass',
      'udp-echo-server-echoes': 'fail',
      'udp-echo-server-two-peers': 'pass',
      'udp-echo-client-sends': 'pass',
      'udp-echo-client-prints': 'pass',
    });
    const echoes = bia['udp-echo-server-echoes']!;
    expect(echoes.message).toMatch(/^U expected a datagram holding "ola ([0-9a-f]{6})\\n" within [\d.]+ s, but received "ola \1"\.$/);
    expect(echoes.hint).toBe('sendto(data, address) with the address recvfrom gave.');
  });

  it('fails every answer of a server that replies to a fixed address: no datagram arrived', () => {
    const caio = checks('caio');
    expect(Object.fromEntries(Object.values(caio).map((c) => [c.id, c.status]))).toEqual({
      'udp-echo-server-binds': 'pass',
      'udp-echo-server-echoes': 'fail',
      'udp-echo-server-two-peers': 'fail',
      'udp-echo-client-sends': 'pass',
      'udp-echo-client-prints': 'pass',
    });
    expect(caio['udp-echo-server-echoes']!.message).toMatch(/^U expected a datagram holding "ola [0-9a-f]{6}\\n" within [\d.]+ s, but no datagram arrived\.$/);
    expect(caio['udp-echo-server-two-peers']!.message).toMatch(/^V expected a datagram holding "sou V [0-9a-f]{6}" within [\d.]+ s, but no datagram arrived\.$/);
  });
});

describe('grade exercises --validate with a UDP program', () => {
  it('refuses a TCP-only step of a UDP peer and an unknown args placeholder, each at its line and column', async () => {
    const dir = path.join(tempOut('sg-e2e-validate-udp-'), 'udp-echo');
    fs.mkdirSync(dir);
    const broken = EXERCISE.replace('"--port", "{port}"', '"--port", "{porta}"').replace('      - expect-none: { at: U, for: 300ms }\n', '      - close: U\n');
    expect(broken).not.toBe(EXERCISE);
    fs.writeFileSync(path.join(dir, 'exercise.yaml'), broken);
    const run = await grade(['exercises', '--validate', dir]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'exercise.yaml:4:59: programs.server.args[1]: unknown placeholder {porta}: args may hold {host} and {port}, and literal words.',
      'exercise.yaml:25:16: checks[1].steps[3].close: close is TCP only: "U" is a udp peer, and datagrams have no connection to close.',
    ]);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});
