// End to end: a class graded with the teacher's sockgrade.yaml.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, grade, readResults, ROOT, teachersEcho, tempOut } from './cli.js';

/** What results.json records of the settings graded with (the effective settings, always). */
interface Settings {
  lang: string;
  python: string;
  scale: { max: number; decimals: number };
  perExercise: Record<string, { port?: number; server: { args: string[] }; client: { args: string[] } }>;
  source: { file?: string; sha256?: string };
}
type Program = { role: string; file: string | null; why: string | null };
type Results = ReturnType<typeof readResults> & { classFile: { file: string; sha256: string } | null; settings: Settings | null };
/** A submission's exercise with the programs results.json lists (a missing one's names looked for). */
const programsOf = (r: Results, student: string, exercise: string) => (r.submissions.find((s) => s.id === student)!.exercises.find((x) => x.id === exercise) as unknown as { programs: Program[] }).programs;
const copy = (from: string, to: string) => fs.cpSync(from, to, { recursive: true });

describe('a class file', () => {
  const work = tempOut('sg-classfile-');
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  describe('that mirrors the defaults (grade init) and one that assigns only the chat', () => {
    const plain = path.join(work, 'plain');
    const mirrored = path.join(work, 'mirrored');
    const chatOnly = path.join(work, 'chat-only');
    const results: Record<string, Results> = {};
    beforeAll(async () => {
      for (const dir of [plain, mirrored, chatOnly]) {
        // Two students with both the TCP pair and the chat: one correct chat, one that never relays.
        copy(path.join(ROOT, 'exercises/tcp-hello/solution'), path.join(dir, 'ana'));
        copy(path.join(ROOT, 'exercises/chat/solution'), path.join(dir, 'ana'));
        copy(path.join(FIXTURES, 'chat-print-only'), path.join(dir, 'bia'));
        copy(path.join(FIXTURES, 'tcp-client-waits-banner'), path.join(dir, 'bia'));
        fs.rmSync(path.join(dir, 'bia', 'expected.json'));
      }
      const init = await grade(['init', '--out', path.join(mirrored, 'sockgrade.yaml')]);
      expect(init.exitCode).toBe(0);
      fs.writeFileSync(path.join(chatOnly, 'sockgrade.yaml'), '# only the chat was given, graded out of 10\nexercises: [chat]\nscale: { max: 10, decimals: 1 }\n');
      for (const [name, dir] of Object.entries({ plain, mirrored, chatOnly })) {
        const out = path.join(work, `out-${name}`);
        const run = await grade([dir, '--reporter', 'json', '--out', out]);
        expect(run.exitCode, String(run.stderr)).toBe(0);
        results[name] = readResults(out) as Results;
      }
    }, 600_000);

    const verdicts = (r: Results) => r.submissions.map((s) => [s.id, s.score, s.exercises.map((x) => [x.id, x.status, x.score, x.checks.map((c) => [c.id, c.status, c.cause])])]);

    it('the defaults written down give exactly today\'s results, and the report names the file and its hash', () => {
      expect(verdicts(results.mirrored)).toEqual(verdicts(results.plain));
      expect(results.plain.classFile).toBeNull();
      expect(results.mirrored.classFile?.file).toBe(path.join(mirrored, 'sockgrade.yaml'));
      expect(results.mirrored.classFile?.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('records the effective settings with or without a class file: the defaults when there is none', () => {
      const plain = results.plain.settings!;
      expect(plain).not.toBeNull();
      expect(plain.source).toEqual({});
      expect(plain.python).toBe('python3');
      expect(plain.scale).toEqual({ max: 100, decimals: 1 });
      expect(plain.perExercise['tcp-hello'].server.args).toEqual(['{port}']);
      expect(plain.perExercise['tcp-hello'].client.args).toEqual(['{host}', '{port}']);
      expect(plain.perExercise['tcp-hello'].port).toBeUndefined();
      // The class file that writes the defaults down resolves to the same argv and scale, plus its source.
      const written = results.mirrored.settings!;
      expect(written.source.file).toBe(path.join(mirrored, 'sockgrade.yaml'));
      expect(written.perExercise['tcp-hello']).toMatchObject({ server: { args: ['{port}'] }, client: { args: ['{host}', '{port}'] } });
      expect(written.scale).toEqual(plain.scale);
      expect(results.chatOnly.settings?.scale).toEqual({ max: 10, decimals: 1 });
    });

    it('assigning only the chat makes each total the chat score, and tcp-hello never appears', () => {
      for (const s of results.chatOnly.submissions as (Results['submissions'][number] & { total: { value: number; max: number } })[]) {
        expect(s.exercises.map((x) => x.id)).toEqual(['chat']);
        expect(s.score).toBe(s.exercises[0].score);
        // The total on the class's scale: out of 10, one decimal.
        expect(s.total).toEqual({ value: Math.round(s.score) / 10, max: 10 });
      }
      const bia = results.chatOnly.submissions.find((s) => s.id === 'bia')!;
      expect(bia.score).toBeLessThan(100);
      expect(results.plain.submissions.find((s) => s.id === 'bia')!.exercises.map((x) => x.id)).toEqual(['tcp-hello', 'chat']);
    });
  });

  describe('that fixes port 65432 for tcp-hello', () => {
    const dir = path.join(work, 'fixed');
    const out = path.join(work, 'out-fixed');
    let results: Results;
    beforeAll(async () => {
      const ana = path.join(dir, 'ana');
      copy(path.join(ROOT, 'exercises/tcp-hello/solution'), ana);
      // The course's programs take no argument at all: the port is written in the code.
      for (const file of ['servidor.py', 'cliente.py']) {
        const text = fs.readFileSync(path.join(ana, file), 'utf8').replace(/int\(sys\.argv\[\d\]\) if len\(sys\.argv\) > \d else 5000/, '65432').replace(/sys\.argv\[1\] if len\(sys\.argv\) > 1 else '127\.0\.0\.1'/, "'127.0.0.1'");
        expect(text).toContain('65432');
        fs.writeFileSync(path.join(ana, file), text);
      }
      // No args: the port alone must take the port out of the default argv.
      fs.writeFileSync(path.join(dir, 'sockgrade.yaml'), 'tcp-hello:\n  port: 65432\n');
      const run = await grade([dir, '--lang', 'en', '--reporter', 'json', '--reporter', 'html', '--out', out]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      results = readResults(out) as Results;
    }, 300_000);

    it('starts each program with the default argv minus the port: the server bare, the client told the host only', () => {
      const started = results.submissions[0].exercises[0].checks.flatMap((c) => c.transcript.filter((e) => e.kind === 'step' && /^python\d? /.test(e.text)).map((e) => e.text));
      expect(started.length).toBeGreaterThan(0);
      expect(new Set(started)).toEqual(new Set(['python3 servidor.py', 'python3 cliente.py 127.0.0.1']));
      expect(results.settings?.perExercise['tcp-hello'].port).toBe(65432);
    });

    it('shows the effective settings in the report: port fixed, its checks not counted, no server argument', () => {
      const index = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
      const block = /<dl class="settings" data-exercise="tcp-hello">([\s\S]*?)<\/dl>/.exec(index)?.[1] ?? '';
      expect(block).toContain('65432, fixed (not counted: server-port-arg, client-port-arg)');
      expect(block).toMatch(/Arguments \(server\)<\/dt><dd>none<\/dd>/);
      expect(block).toContain('<code>{host}</code>');
      expect(block).toContain('<code>servidor.py, server.py, servidor_tcp.py, tcp_server.py</code>');
    });

    it('grades the programs on that port without a port argument, the port checks dropped and said so', () => {
      const ana = results.submissions[0] as Results['submissions'][number] & { notes: string[] };
      const checks = ana.exercises[0].checks;
      expect(checks.map((c) => c.id)).not.toContain('server-port-arg');
      expect(checks.map((c) => c.id)).not.toContain('client-port-arg');
      expect(checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
      expect(ana.score).toBe(100);
      expect(ana.notes.join(' ')).toMatch(/65432/);
    });
  });

  describe('that states the course\'s chat protocol and greeting', () => {
    const cases = {
      // Only `SEND <msg>` lines are relayed; the nickname and anything else get an error reply.
      send: { fixture: 'chat-send-protocol', yaml: 'chat:\n  protocol:\n    send: "SEND {text}"\n' },
      // A client must `/join` a room before anything it says is relayed.
      rooms: { fixture: 'chat-rooms-join', yaml: 'chat:\n  protocol:\n    after-connect: ["/join sala1"]\n' },
    };
    const results: Record<string, Results> = {};
    beforeAll(async () => {
      for (const [name, c] of Object.entries(cases)) {
        const dir = path.join(work, `protocol-${name}`);
        copy(path.join(FIXTURES, c.fixture), path.join(dir, 'aluno'));
        fs.writeFileSync(path.join(dir, 'sockgrade.yaml'), c.yaml);
        const out = path.join(work, `out-protocol-${name}`);
        const run = await grade([dir, '--exercise', 'chat', '--reporter', 'json', '--out', out]);
        expect(run.exitCode, String(run.stderr)).toBe(0);
        results[name] = readResults(out) as Results;
      }
      // The greeting: a client that sends the course's text, not the handout's.
      const dir = path.join(work, 'greeting');
      copy(path.join(ROOT, 'exercises/tcp-hello/solution'), path.join(dir, 'aluno'));
      const client = path.join(dir, 'aluno', 'cliente.py');
      const text = fs.readFileSync(client, 'utf8').replace(/Ola Mundo!/g, 'Bom dia, servidor');
      expect(text).toContain('Bom dia, servidor');
      fs.writeFileSync(client, text);
      fs.writeFileSync(path.join(dir, 'sockgrade.yaml'), 'tcp-hello:\n  greeting: "Bom dia, servidor"\n');
      for (const [name, args] of Object.entries({ greeting: [], 'greeting-handout': ['--config', path.join(work, 'none.yaml')] })) {
        if (name === 'greeting-handout') fs.writeFileSync(path.join(work, 'none.yaml'), '# the handout\'s defaults\n');
        const out = path.join(work, `out-${name}`);
        const run = await grade([dir, '--reporter', 'json', '--out', out, ...args]);
        expect(run.exitCode, String(run.stderr)).toBe(0);
        results[name] = readResults(out) as Results;
      }
    }, 600_000);

    const failed = (r: Results) => r.submissions[0].exercises.flatMap((x) => x.checks.filter((c) => c.status !== 'pass').map((c) => c.id));

    it('a SEND {text} server and a /join server pass once the class file says how their clients talk (both fail without it: see their fixtures)', () => {
      expect(failed(results.send)).toEqual([]);
      expect(failed(results.rooms)).toEqual([]);
    });

    it('a client sending the course\'s greeting passes with it, and fails with the handout\'s', () => {
      expect(failed(results.greeting)).toEqual([]);
      expect(failed(results['greeting-handout'])).toContain('client-sends-message');
    });
  });

  describe('whose chat client takes NAME HOST PORT', () => {
    const dir = path.join(work, 'nick-args');
    const results: Record<string, Results> = {};
    beforeAll(async () => {
      const aluno = path.join(dir, 'aluno');
      copy(path.join(ROOT, 'exercises/chat/solution'), aluno);
      const client = path.join(aluno, 'chat_cliente.py');
      // The course's client: its nickname is its first argument, sent as its first line.
      const text = fs
        .readFileSync(client, 'utf8')
        .replace("HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'", "NOME = sys.argv[1]\nHOST = sys.argv[2]")
        .replace('PORTA = int(sys.argv[2]) if len(sys.argv) > 2 else 5000', 'PORTA = int(sys.argv[3])')
        .replace('    sock = socket.create_connection((HOST, PORTA))\n', "    sock = socket.create_connection((HOST, PORTA))\n    sock.sendall(NOME.encode('utf-8') + b'\\n')\n");
      expect(text).toContain('NOME = sys.argv[1]');
      expect(text).toContain('sock.sendall(NOME');
      fs.writeFileSync(client, text);
      fs.writeFileSync(path.join(work, 'nick-args.yaml'), 'chat:\n  client: { args: ["{nick}", "{host}", "{port}"] }\n');
      fs.writeFileSync(path.join(work, 'handout.yaml'), '# the handout\'s defaults\n');
      for (const name of ['nick-args', 'handout']) {
        const out = path.join(work, `out-client-${name}`);
        const run = await grade([dir, '--exercise', 'chat', '--config', path.join(work, `${name}.yaml`), '--reporter', 'json', '--out', out]);
        expect(run.exitCode, String(run.stderr)).toBe(0);
        results[name] = readResults(out) as Results;
      }
    }, 300_000);

    const clientChecks = (r: Results) => (r.submissions[0].exercises[0].checks as { id: string; status: string; program?: string }[]).filter((c) => c.program === 'client');

    it('passes every client check through args, and cannot even connect without them', () => {
      expect(clientChecks(results['nick-args']).filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
      expect(clientChecks(results.handout).find((c) => c.id === 'chat-client-connects')?.status).toBe('fail');
    });
  });

  describe('that assigns chat and tcp-hello to a student who only did the chat', () => {
    const dir = path.join(work, 'only-chat');
    const out = path.join(work, 'out-only-chat');
    let results: Results;
    beforeAll(async () => {
      copy(path.join(ROOT, 'exercises/chat/solution'), path.join(dir, 'ana'));
      // The class's own server name comes first; the greeting is the teacher's text, markup and all.
      fs.writeFileSync(path.join(dir, 'sockgrade.yaml'), 'exercises: [chat, tcp-hello]\ntcp-hello:\n  greeting: "<b>Olá</b>"\n  server: { files: [srv_tcp.py] }\n');
      const run = await grade([dir, '--lang', 'en', '--reporter', 'json', '--reporter', 'html', '--out', out]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      results = readResults(out) as Results;
    }, 300_000);

    it('counts tcp-hello 0 and names, per program, the files it was looked for by', () => {
      const ana = results.submissions[0];
      expect(ana.exercises.map((x) => [x.id, x.status])).toEqual([['chat', 'graded'], ['tcp-hello', 'missing']]);
      expect(programsOf(results, 'ana', 'tcp-hello')).toEqual([
        { role: 'server', file: null, why: 'looked for srv_tcp.py, servidor.py, server.py, servidor_tcp.py, tcp_server.py (up to 3 folders deep)' },
        { role: 'client', file: null, why: 'looked for cliente.py, client.py, cliente_tcp.py, tcp_client.py (up to 3 folders deep)' },
      ]);
      const page = fs.readFileSync(path.join(out, 'students', 'ana.html'), 'utf8');
      const section = /<section class="exercise st-missing" id="ex-tcp-hello">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
      expect(section).toContain('No file of this exercise was found');
      expect(section).toContain('<li>server: looked for srv_tcp.py, servidor.py');
      expect(section).toContain('<li>client: looked for cliente.py, client.py');
    });

    it('shows the class\'s greeting in the run settings, escaped', () => {
      const index = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
      expect(index).toContain('&lt;b&gt;Olá&lt;/b&gt;');
      expect(index).not.toContain('<b>Olá</b>');
      expect(index).toContain('<code>srv_tcp.py, servidor.py, server.py, servidor_tcp.py, tcp_server.py</code>');
    });
  });

  describe('grade exercises', () => {
    const file = path.join(work, 'exercises-view.yaml');
    beforeAll(() => {
      teachersEcho(path.join(work, 'exercicios', 'eco'));
      fs.writeFileSync(
        file,
        'exercises: [tcp-hello, chat, ./exercicios/eco]\nweights: { server-port-arg: 0, echo-server-many-lines: 0 }\ntcp-hello:\n  greeting: "Oi"\n  port: 65432\n  server: { files: [srv.py] }\nchat:\n  protocol: { send: "SEND {text}" }\n',
      );
    });

    type View = { id: string; dir?: string; totalWeight: number; programs: { role: string; files: string[]; args: string[] }[]; checks: { id: string; weight: number; dropped?: boolean }[]; settings?: { greeting?: string; port?: number; protocol?: { send: string } } };

    it('shows the exercises as the class file sets them, those listed by path too, and what a fixed port drops', async () => {
      const run = await grade(['exercises', '--json', '--config', file]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      const list = JSON.parse(String(run.stdout)) as View[];
      expect(list.map((e) => e.id)).toEqual(['tcp-hello', 'chat', 'eco']);
      const [hello, chat, eco] = list;
      expect(hello.programs[0].files[0]).toBe('srv.py');
      expect(hello.settings?.greeting).toBe('Oi');
      // Graded as grading does: no port in argv, the port checks dropped and out of the total.
      expect(hello.programs.map((p) => [p.role, p.args])).toEqual([['server', []], ['client', ['{host}']]]);
      expect(hello.checks.filter((c) => c.dropped).map((c) => c.id)).toEqual(['server-port-arg', 'client-port-arg']);
      expect(hello.checks.find((c) => c.id === 'server-port-arg')?.weight).toBe(0);
      expect(hello.totalWeight).toBe(hello.checks.filter((c) => !c.dropped).reduce((s, c) => s + c.weight, 0));
      expect(chat.programs.map((p) => p.args)).toEqual([['{port}'], ['{host}', '{port}']]);
      expect(chat.settings?.protocol?.send).toBe('SEND {text}');
      expect(eco.dir).toBe(path.join(work, 'exercicios', 'eco'));
      expect(eco.programs.map((p) => p.files)).toEqual([['eco_srv.py'], ['eco_cli.py']]);
      expect(eco.checks.find((c) => c.id === 'echo-server-many-lines')?.weight).toBe(0);
    });

    it('says the same in text: the protocol line, the fixed port and its dropped checks', async () => {
      const run = await grade(['exercises', '--config', file]);
      expect(run.exitCode, String(run.stderr)).toBe(0);
      const text = String(run.stdout);
      expect(text).toContain('  protocol: nick: "{nick}" · send: "SEND {text}"\n');
      expect(text).toContain('  port: 65432 (fixed: no port argument; server-port-arg, client-port-arg dropped, not counted)\n');
      expect(text).toMatch(/^ {4}server-port-arg +dropped \(fixed port\)$/m);
      expect(text).toMatch(/^ {2}server files: srv\.py, servidor\.py.*args: \(none\)$/m);
      expect(text).toMatch(/^eco {2}\(.*exercicios\/eco\) {2}\(total weight \d+\)$/m);
    });
  });
});
