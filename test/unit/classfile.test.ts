// The class file (sockgrade.yaml): loading, every mistake as its one exact sentence with
// file:line:col, unknown keys, finding the file, merging (command line > class file > defaults),
// and the `grade init` template loading to exactly today's defaults.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findClassFile, loadClassFile, parseClassFile, readClassFile, type LoadOptions } from '../../grader/classfile/load.js';
import type { ClassFile } from '../../grader/classfile/schema.js';
import { DEFAULTS, mergeSettings, programFiles, sha256 } from '../../grader/classfile/settings.js';
import { classFileTemplate } from '../../grader/classfile/template.js';
import { resolveConfig, withClassFilePairs } from '../../grader/config.js';
import { UsageError } from '../../grader/errors.js';
import { EXERCISES } from '../../grader/exercises.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sg-classfile-'));
/** A class folder with one scenario exercise (./exercicios/eco) and a folder without exercise.yaml. */
const classDir = (() => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'exercicios', 'eco'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'exercicios', 'eco', 'exercise.yaml'), 'id: eco\n');
  fs.mkdirSync(path.join(dir, 'vazio'));
  fs.writeFileSync(path.join(dir, 'notas.txt'), '');
  return dir;
})();

/** The registry's ids as a message lists them ("a, b or c"): tree scenario exercises join the built-in ones. */
const KNOWN_IDS = ((ids) => `${ids.slice(0, -1).join(', ')} or ${ids.at(-1)}`)(EXERCISES.map((e) => e.id));
/** An exercise of the registry that has no section in the class file (a scenario in exercises/), if any. */
const SCENARIO_ID = EXERCISES.map((e) => e.id).find((id) => !['tcp-hello', 'chat', 'udp-hello'].includes(id));

const parse = (text: string, options?: LoadOptions): ClassFile => parseClassFile(text, { label: 'sockgrade.yaml', dir: classDir }, options);

/** The one sentence `text` is refused with. */
function problem(text: string, options?: LoadOptions): string {
  try {
    parse(text, options);
  } catch (error) {
    if (error instanceof UsageError && error.code === 'class-file') return error.message;
    throw error;
  }
  throw new Error(`no error for:\n${text}`);
}

describe('loading a class file', () => {
  it('reads the full example into a flat ClassFile, with exercise paths made absolute', () => {
    const text = [
      'exercises: [tcp-hello, chat, ./exercicios/eco]',
      'lang: pt-BR',
      'python: python3.12',
      'python2: run',
      'scale: { max: 10, decimals: 1 }',
      'weights: { chat-server-idle-cpu: 0, server-port-arg: 2 }',
      'tcp-hello:',
      '  greeting: "Olá Mundo!"',
      '  port: 5000',
      '  server: { files: [servidor_tcp.py, "tcp/*.py"], args: ["{port}"] }',
      '  client: { files: [cliente_tcp.py], files-mode: replace, args: ["{host}", "{port}"] }',
      'chat:',
      '  protocol:',
      '    nick: "{nick}"',
      '    send: "SEND {text}"',
      '    after-connect: ["/join sala1"]',
      '  client: { args: ["{nick}", "{host}", "{port}"] }',
      'udp-hello: { greeting: Oi, port: 6000 }',
    ].join('\n');
    expect(parse(text)).toEqual({
      exercises: ['tcp-hello', 'chat', path.join(classDir, 'exercicios', 'eco')],
      lang: 'pt-BR',
      python: 'python3.12',
      python2: 'run',
      scale: { max: 10, decimals: 1 },
      weights: { 'chat-server-idle-cpu': 0, 'server-port-arg': 2 },
      'tcp-hello': {
        greeting: 'Olá Mundo!',
        port: 5000,
        server: { files: ['servidor_tcp.py', 'tcp/*.py'], args: ['{port}'] },
        client: { files: ['cliente_tcp.py'], filesMode: 'replace', args: ['{host}', '{port}'] },
      },
      chat: { protocol: { nick: '{nick}', send: 'SEND {text}', afterConnect: ['/join sala1'] }, client: { args: ['{nick}', '{host}', '{port}'] } },
      'udp-hello': { greeting: 'Oi', port: 6000 },
    });
  });

  it('takes an empty file, or one of comments only, as "nothing set"', () => {
    expect(parse('')).toEqual({});
    expect(parse('# nothing yet\n\n')).toEqual({});
    expect(parse('\uFEFFlang: en\n')).toEqual({ lang: 'en' });
  });

  it('takes nick: null (no nickname line), numbers in args as text, and aliases', () => {
    expect(parse('chat:\n  protocol: { nick: null }\n  client: { args: [--port, 5000] }\n')).toEqual({ chat: { protocol: { nick: null }, client: { args: ['--port', '5000'] } } });
    expect(parse('chat: { port: &p 5001 }\ntcp-hello: { port: *p }\n')).toEqual({ chat: { port: 5001 }, 'tcp-hello': { port: 5001 } });
  });

  it('reads a file from disk, names it in errors as given, and hashes its bytes', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sockgrade.yaml');
    fs.writeFileSync(file, 'lang: pt-BR\n');
    expect(loadClassFile(file)).toEqual({ lang: 'pt-BR' });
    expect(readClassFile(file)).toEqual({ classFile: { lang: 'pt-BR' }, sha256: sha256(fs.readFileSync(file)), file });
    // As `sha256sum sockgrade.yaml` prints it.
    expect(sha256(fs.readFileSync(file))).toBe('69ceacde889291c1589b95e98d6d47dd4109d799ccd4dfb65a0681d3ad8183f4');
    fs.writeFileSync(file, 'lang: fr\n');
    expect(() => loadClassFile(file)).toThrow(`${file}:1:7: lang: "fr" is not a language; use en or pt-BR`);
  });

  it('refuses a missing file, a folder, and bytes that are not UTF-8, in one sentence each', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sockgrade.yaml');
    expect(() => loadClassFile(file)).toThrow(new UsageError(`${file}: the class file does not exist; check the path given to --config, or write one with grade init`, 'class-file'));
    expect(() => loadClassFile(dir)).toThrow(`${dir}: is a folder, not a class file; give the path of the sockgrade.yaml file`);
    fs.writeFileSync(file, Buffer.from('tcp-hello:\n  greeting: "Ol\xe1"\n', 'latin1'));
    expect(() => loadClassFile(file)).toThrow(`${file}: the file is not UTF-8 text; save it as UTF-8 (every editor offers it under "Save as")`);
  });
});

describe('every mistake is one exact sentence at its line:col', () => {
  const cases: [string, string, string][] = [
    ['a wrong placeholder', 'chat:\n  client:\n    args:\n      - "{host}"\n      - "{nik}"\n', 'sockgrade.yaml:5:9: chat.client.args: "{nik}" is not a placeholder; use {host}, {port} or {nick}'],
    ['{nick} outside the chat client', 'tcp-hello:\n  server:\n    args: ["{nick}"]\n', 'sockgrade.yaml:3:12: tcp-hello.server.args: "{nick}" is only for chat clients; use {host} or {port}'],
    ['a brace without its pair', 'udp-hello:\n  client: { args: ["{host}", "{port"] }\n', 'sockgrade.yaml:2:30: udp-hello.client.args: "{port" has a brace without its pair; write placeholders whole, such as {host}'],
    ['a wrong type', 'scale:\n  max: dez\n', 'sockgrade.yaml:2:8: scale.max: expected a number, got "dez"; write the top grade, such as 10'],
    ['YAML syntax', 'lang: pt-BR\nscale: { max: 10\n', 'sockgrade.yaml:3:1: the YAML is not valid: flow map in block collection must be sufficiently indented and end with a }; close the bracket that was opened on this setting'],
    ['a colon in a plain value', 'lang: pt-BR\nchat:\n  protocol:\n    send: SEND: {text}\n', 'sockgrade.yaml:4:11: the YAML is not valid: nested mappings are not allowed in compact mappings; write one key: value per line, with a space after the colon'],
    ['a placeholder unquoted in a flow mapping', 'chat:\n  protocol: { send: SEND {text} }\n', 'sockgrade.yaml:2:26: the YAML is not valid: a { or [ inside a value opens a YAML mapping or list; put the value in quotes, such as "SEND {text}"'],
    ['an unclosed quote', 'tcp-hello:\n  greeting: "Ola Mundo!\n', 'sockgrade.yaml:3:1: the YAML is not valid: missing closing "quote; close the quote that was opened'],
    ['a tab', 'tcp-hello:\n\tport: 5000\n', 'sockgrade.yaml:2:1: the YAML is not valid: line 2 is indented with a tab; indent with spaces only'],
    ['an alias to nothing', 'tcp-hello:\n  port: *porta\n', 'sockgrade.yaml:2:9: the YAML is not valid: *porta names no anchor; define &porta before it, or quote the value'],
    ['two documents', 'lang: en\n---\nlang: pt-BR\n', 'sockgrade.yaml:2:1: the YAML is not valid: a --- line starts a second document; keep one document: remove the --- line, or merge what follows it into the rest'],
    ['not a mapping', '- tcp-hello\n- chat\n', 'sockgrade.yaml:1:1: the file is not a mapping of settings; write one setting per line, such as lang: pt-BR'],
    ['a duplicate key', 'chat:\n  port: 5000\n  server: { args: ["{port}"] }\n  port: 5001\n', 'sockgrade.yaml:4:3: chat.port: the key appears twice in the same place; keep one of them'],
    ['an unknown weight id', 'weights:\n  server-port-arg: 2\n  chat-server-idle-cpus: 0\n', 'sockgrade.yaml:3:3: weights.chat-server-idle-cpus: no check has this id; did you mean chat-server-idle-cpu? (grade exercises lists every check)'],
    ['a negative weight', 'weights: { server-port-arg: -1 }\n', 'sockgrade.yaml:1:29: weights.server-port-arg: a weight cannot be negative (got -1); use 0 to make the check informational'],
    ['a weight that is text', 'weights:\n  server-listens: dois\n', 'sockgrade.yaml:2:19: weights.server-listens: expected a number, got "dois"; write a weight such as 2'],
    ['every check of an exercise at 0', `weights: { ${EXERCISES[2]!.checks.map((c) => `${c.id}: 0`).join(', ')} }\n`, 'sockgrade.yaml:1:1: weights: every check of udp-hello weighs 0, so it would always score 0; give at least one check a weight above 0'],
    ['an unknown exercise id', 'exercises: [tcp-hello, chatt]\n', `sockgrade.yaml:1:24: exercises: "chatt" is not a known exercise (did you mean chat?); use ${KNOWN_IDS}, or a path to a scenario exercise folder such as ./exercicios/eco`],
    ['a missing exercise folder', 'exercises:\n  - ./exercicios/echo\n', `sockgrade.yaml:2:5: exercises: ./exercicios/echo does not exist (looked for ${path.join(classDir, 'exercicios', 'echo')}); write the folder's path relative to the class file`],
    ['a folder without exercise.yaml', 'exercises: [./vazio]\n', 'sockgrade.yaml:1:13: exercises: ./vazio holds no exercise.yaml; point it at the folder of a scenario exercise'],
    ['a file where a folder goes', 'exercises: [./notas.txt]\n', 'sockgrade.yaml:1:13: exercises: ./notas.txt is not a folder; point it at the folder that holds the exercise.yaml'],
    ['an exercise listed twice', 'exercises: [chat, udp-hello, chat]\n', 'sockgrade.yaml:1:30: exercises: chat is listed twice; list it once'],
    ['an empty exercises list', 'exercises: []\n', 'sockgrade.yaml:1:12: exercises: the list is empty; list at least one exercise, or remove exercises to grade every exercise whose files appear'],
    ['exercises as one word', 'exercises: tcp-hello\n', 'sockgrade.yaml:1:12: exercises: expected a list, got "tcp-hello"; write it as a list, such as [tcp-hello, chat]'],
    ['an unknown language', 'lang: pt\n', 'sockgrade.yaml:1:7: lang: "pt" is not a language; use en or pt-BR'],
    ['an unknown python2 choice', 'python2: yes\n', 'sockgrade.yaml:1:10: python2: "yes" is not a choice; use fail or run'],
    ['an empty interpreter', 'python: ""\n', 'sockgrade.yaml:1:9: python: it is empty; write the interpreter, such as python3'],
    ['decimals that are not whole', 'scale: { decimals: 1.5 }\n', 'sockgrade.yaml:1:20: scale.decimals: 1.5 is not a number of decimals; use 0, 1, 2 or 3'],
    ['a maximum of 0', 'scale: { max: 0 }\n', 'sockgrade.yaml:1:15: scale.max: 0 cannot be the top grade; use a number above 0, such as 10 or 100'],
    ['a privileged port', 'udp-hello:\n  port: 80\n', 'sockgrade.yaml:2:9: udp-hello.port: 80 is not a port a student program can use; use a whole number from 1024 to 65535, such as 5000'],
    ['a placeholder unquoted in a list', 'tcp-hello:\n  server:\n    args: [{port}]\n', 'sockgrade.yaml:3:12: tcp-hello.server.args: {port} without quotes is a YAML mapping, not text; write it in quotes, "{port}"'],
    ['a list where text goes', 'chat:\n  protocol:\n    send: [SEND, "{text}"]\n', 'sockgrade.yaml:3:11: chat.protocol.send: expected text, got a list; write how a message is sent, such as "SEND {text}"'],
    ['an empty section', 'chat:\nlang: en\n', 'sockgrade.yaml:1:1: chat: expected a mapping of settings, got nothing; write settings such as port: 5000, or remove it'],
    ['an empty greeting', 'tcp-hello: { greeting: "" }\n', 'sockgrade.yaml:1:24: tcp-hello.greeting: it is empty; write the text the client must send, such as "Ola Mundo!"'],
    ['a nick line without {nick}', 'chat:\n  protocol:\n    nick: NICK\n', 'sockgrade.yaml:3:11: chat.protocol.nick: "NICK" has no {nick}; write where the nickname goes, such as "NICK {nick}", or null for no nickname line'],
    ['a send line without {text}', 'chat:\n  protocol:\n    send: SEND\n', 'sockgrade.yaml:3:11: chat.protocol.send: "SEND" has no {text}; write where the message goes, such as "SEND {text}"'],
    ['{port} in the protocol', 'chat:\n  protocol:\n    after-connect: ["/join {port}"]\n', 'sockgrade.yaml:3:21: chat.protocol.after-connect: "{port}" is only for args; use {nick}'],
    ['a file that is not Python', 'tcp-hello:\n  server:\n    files: [servidor]\n', 'sockgrade.yaml:3:13: tcp-hello.server.files: "servidor" is not a Python file name; end it with .py, such as servidor.py or *.py'],
    ['a file outside the submission', 'tcp-hello:\n  server:\n    files: [../outro/servidor.py]\n', 'sockgrade.yaml:3:13: tcp-hello.server.files: "../outro/servidor.py" points outside the submission; name a file inside it, such as tcp/servidor.py'],
    ['a file too deep', 'chat:\n  client:\n    files: [a/b/c/d/cliente.py]\n', 'sockgrade.yaml:3:13: chat.client.files: "a/b/c/d/cliente.py" is 4 folders deep; files are looked for at most 3 folders deep'],
    ['a Windows separator', 'chat:\n  client:\n    files: ["chat\\\\cliente.py"]\n', 'sockgrade.yaml:3:13: chat.client.files: "chat\\\\cliente.py" uses \\; separate folders with /, such as tcp/servidor.py'],
    ['an empty files list', 'chat:\n  client:\n    files: []\n', 'sockgrade.yaml:3:12: chat.client.files: the list is empty; list at least one file name, or remove files'],
    ['an unknown files mode', 'chat:\n  client: { files: [c.py], files-mode: only }\n', 'sockgrade.yaml:2:40: chat.client.files-mode: "only" is not a files mode; use extend (try these names first, then the exercise\'s own) or replace (only these names)'],
    ['files-mode without files', 'chat:\n  server:\n    files-mode: replace\n', 'sockgrade.yaml:3:5: chat.server.files-mode: there is no files list for it to apply to; add files: [...] or remove files-mode'],
  ];
  it.each(cases)('%s', (_name, text, sentence) => {
    const message = problem(text);
    expect(message).toBe(sentence);
    // One sentence: one line, so no stack trace either.
    expect(message).not.toContain('\n');
  });

  it('names the first mistake in the file when there are several', () => {
    expect(problem('tcp-hello:\n  port: 1\n  greting: x\nlang: fr\n')).toBe('sockgrade.yaml:2:9: tcp-hello.port: 1 is not a port a student program can use; use a whole number from 1024 to 65535, such as 5000');
  });
});

describe('unknown keys are errors, at every level', () => {
  const cases: [string, string][] = [
    ['weight: { server-port-arg: 2 }\n', 'sockgrade.yaml:1:1: weight: unknown key; did you mean weights?'],
    ['colour: red\n', 'sockgrade.yaml:1:1: colour: unknown key; use exercises, lang, python, python2, scale, weights, pairs-weight, tcp-hello, chat or udp-hello'],
    ['eco: { port: 5000 }\n', 'sockgrade.yaml:1:1: eco: unknown key; use exercises, lang, python, python2, scale, weights, pairs-weight, tcp-hello, chat or udp-hello'],
    ['port: 5000\n', 'sockgrade.yaml:1:1: port: it belongs in an exercise section, such as tcp-hello: { port: 5000 }'],
    ['tcp-hello:\n  port: 5000\n  greting: Oi\n', 'sockgrade.yaml:3:3: tcp-hello.greting: unknown key; did you mean greeting?'],
    ['udp-hello:\n  protocol: { send: "{text}" }\n', 'sockgrade.yaml:2:3: udp-hello.protocol: only chat has a protocol; remove it'],
    ['chat:\n  greeting: Oi\n', 'sockgrade.yaml:2:3: chat.greeting: only tcp-hello and udp-hello have a greeting; for chat, set protocol instead'],
    ['chat:\n  server:\n    port: 5000\n', 'sockgrade.yaml:3:5: chat.server.port: the port belongs to the whole exercise; move it up one level, beside server and client'],
    ['chat:\n  client: { file: [c.py] }\n', 'sockgrade.yaml:2:13: chat.client.file: unknown key; did you mean files?'],
    ['chat:\n  protocol:\n    after_connect: []\n', 'sockgrade.yaml:3:5: chat.protocol.after_connect: unknown key; did you mean after-connect?'],
    ['scale: { max: 10, rounding: 1 }\n', 'sockgrade.yaml:1:19: scale.rounding: unknown key; use max or decimals'],
  ];
  it.each(cases)('%s', (text, sentence) => expect(problem(text)).toBe(sentence));
});

it.skipIf(!SCENARIO_ID)('a scenario exercise of the registry has no section', () => {
  expect(problem(`${SCENARIO_ID}:\n  port: 5000\n`)).toBe(`sockgrade.yaml:1:1: ${SCENARIO_ID}: it has no section here (only tcp-hello, chat and udp-hello do); set its options in its exercise.yaml`);
  expect(parse(`exercises: [${SCENARIO_ID}]\n`)).toEqual({ exercises: [SCENARIO_ID] });
});

describe('weights of scenario exercises', () => {
  const text = 'exercises: [./exercicios/eco]\nweights: { eco-responde: 2 }\n';
  it('are checked against the ids the scenario loader gives', () => {
    expect(parse(text, { scenarioCheckIds: () => ['eco-responde'] }).weights).toEqual({ 'eco-responde': 2 });
    expect(problem(text, { scenarioCheckIds: () => ['eco-responde-tudo'] })).toBe('sockgrade.yaml:2:12: weights.eco-responde: no check has this id; did you mean eco-responde-tudo? (grade exercises lists every check)');
  });
  it('are left to the scenario loader when it cannot say', () => {
    expect(parse(text).weights).toEqual({ 'eco-responde': 2 });
  });
});

describe('findClassFile', () => {
  it('prefers --config, then sockgrade.yaml in a folder target or beside a zip', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'turma'));
    fs.writeFileSync(path.join(dir, 'turma.zip'), '');
    expect(findClassFile(path.join(dir, 'turma'))).toBeUndefined();
    expect(findClassFile(path.join(dir, 'turma.zip'))).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'turma', 'sockgrade.yaml'), '');
    fs.writeFileSync(path.join(dir, 'sockgrade.yaml'), '');
    expect(findClassFile(path.join(dir, 'turma'))).toBe(path.join(dir, 'turma', 'sockgrade.yaml'));
    expect(findClassFile(path.join(dir, 'turma.zip'))).toBe(path.join(dir, 'sockgrade.yaml'));
    expect(findClassFile(path.join(dir, 'turma'), path.join(dir, 'outra.yaml'))).toBe(path.join(dir, 'outra.yaml'));
    expect(findClassFile(path.join(dir, 'nada'))).toBeUndefined();
  });
});

describe('mergeSettings: command line > class file > defaults', () => {
  const defaultWeights = Object.fromEntries(EXERCISES.flatMap((e) => e.checks.map((c) => [c.id, c.weight])));

  it('gives today\'s defaults with nothing set', () => {
    const s = mergeSettings({ cli: {} });
    expect(s).toEqual({
      lang: 'en',
      python: 'python3',
      python2: 'fail',
      scale: { max: 100, decimals: 1 },
      weights: defaultWeights,
      perExercise: {
        'tcp-hello': { greeting: 'Ola Mundo!', server: { filesMode: 'extend', args: ['{port}'] }, client: { filesMode: 'extend', args: ['{host}', '{port}'] } },
        chat: { protocol: { nick: '{nick}', send: '{text}', afterConnect: [] }, server: { filesMode: 'extend', args: ['{port}'] }, client: { filesMode: 'extend', args: ['{host}', '{port}'] } },
        'udp-hello': { greeting: 'Ola Mundo!', server: { filesMode: 'extend', args: ['{port}'] }, client: { filesMode: 'extend', args: ['{host}', '{port}'] } },
      },
      source: {},
    });
    expect(s.exercises).toBeUndefined();
  });

  it('takes the language from the environment only when neither sets one', () => {
    expect(mergeSettings({ env: { LANG: 'pt_BR.UTF-8' } }).lang).toBe('pt-BR');
    expect(mergeSettings({ env: { LANG: 'pt_BR.UTF-8' }, file: { lang: 'en' } }).lang).toBe('en');
    expect(mergeSettings({ env: { LANG: 'C' }, file: { lang: 'en' }, cli: { lang: 'pt-BR' } }).lang).toBe('pt-BR');
  });

  it('lets the class file override defaults, and the command line override both', () => {
    const file = parse('exercises: [chat]\npython: python3.11\npython2: run\nscale: { max: 10 }\nweights: { chat-server-idle-cpu: 0, chat-server-burst: 3 }\n');
    const s = mergeSettings({ file, cli: { exercises: ['tcp-hello'], python: '/usr/bin/python3', scale: { decimals: 2 }, weights: { 'chat-server-burst': 5 } }, path: '/turma/sockgrade.yaml', hash: 'abc' });
    expect(s.exercises).toEqual(['tcp-hello']);
    expect(s.python).toBe('/usr/bin/python3');
    expect(s.python2).toBe('run');
    expect(s.scale).toEqual({ max: 10, decimals: 2 });
    expect(s.weights).toEqual({ ...defaultWeights, 'chat-server-idle-cpu': 0, 'chat-server-burst': 5 });
    expect(s.source).toEqual({ file: '/turma/sockgrade.yaml', sha256: 'abc' });
    expect(mergeSettings({ file }).exercises).toEqual(['chat']);
  });

  it('fills each exercise from its section and the exercise defaults', () => {
    const file = parse('tcp-hello:\n  greeting: "Olá Mundo!"\n  port: 5000\n  server: { files: [servidor_tcp.py], files-mode: replace }\nchat:\n  protocol: { send: "SEND {text}", nick: null }\n  client: { args: ["{nick}", "{host}", "{port}"] }\n');
    const { perExercise } = mergeSettings({ file });
    expect(perExercise['tcp-hello']).toEqual({ greeting: 'Olá Mundo!', port: 5000, server: { files: ['servidor_tcp.py'], filesMode: 'replace', args: ['{port}'] }, client: { filesMode: 'extend', args: ['{host}', '{port}'] } });
    expect(perExercise.chat).toEqual({ protocol: { nick: null, send: 'SEND {text}', afterConnect: [] }, server: { filesMode: 'extend', args: ['{port}'] }, client: { filesMode: 'extend', args: ['{nick}', '{host}', '{port}'] } });
    expect(perExercise['udp-hello']!.greeting).toBe('Ola Mundo!');
  });

  it('is pure: the same input gives the same output, and the result shares nothing with the defaults', () => {
    const file = parse('weights: { server-listens: 2 }\n');
    const frozen = JSON.stringify(file);
    const a = mergeSettings({ file });
    a.perExercise.chat!.protocol!.afterConnect.push('/join x');
    a.perExercise.chat!.client.args.push('x');
    expect(mergeSettings({ file })).toEqual(mergeSettings({ file: JSON.parse(frozen) }));
    expect(mergeSettings({ file }).perExercise.chat!.client.args).toEqual(['{host}', '{port}']);
    expect(JSON.stringify(file)).toBe(frozen);
  });

  it('orders a program\'s files: the class file\'s first (extend), or only them (replace)', () => {
    const builtIn = ['servidor.py', 'server.py'];
    expect(programFiles(builtIn, undefined)).toEqual(builtIn);
    expect(programFiles(builtIn, { filesMode: 'extend', args: [] })).toEqual(builtIn);
    expect(programFiles(builtIn, { files: ['Server.py', 'tcp/*.py'], filesMode: 'extend', args: [] })).toEqual(['Server.py', 'tcp/*.py', 'servidor.py']);
    expect(programFiles(builtIn, { files: ['tcp/*.py'], filesMode: 'replace', args: [] })).toEqual(['tcp/*.py']);
  });
});

describe('the grade init template', () => {
  const defaults = mergeSettings({});
  for (const lang of ['en', 'pt-BR'] as const) {
    it(`loads to exactly today's defaults (${lang})`, () => {
      const file = parse(classFileTemplate(lang));
      expect(mergeSettings({ file })).toEqual(defaults);
      // What it writes out is today's defaults, nothing else.
      expect(file).toEqual({ python: DEFAULTS.python, python2: DEFAULTS.python2, scale: { ...DEFAULTS.scale }, 'tcp-hello': expect.any(Object), chat: expect.any(Object), 'udp-hello': expect.any(Object) });
    });

    it(`still loads with every commented-out setting uncommented, and lists every check and file (${lang})`, () => {
      const text = classFileTemplate(lang);
      const uncommented = text.replace(/^(\s*)# ([a-z][\w-]*:(?: .*)?)$/gm, '$1$2').replace(/^#( {3}\S.*)$/gm, '$1');
      const file = parse(uncommented);
      expect(file.exercises).toEqual(EXERCISES.map((e) => e.id));
      expect(file.weights).toEqual(Object.fromEntries(EXERCISES.flatMap((e) => e.checks.map((c) => [c.id, c.weight]))));
      expect(file['tcp-hello']!.port).toBe(5000);
      for (const e of EXERCISES.filter((x) => ['tcp-hello', 'chat', 'udp-hello'].includes(x.id))) {
        for (const p of e.programs) {
          expect(file[e.id as 'chat']![p.role]).toEqual({ files: p.files, filesMode: 'extend', args: defaults.perExercise[e.id]![p.role].args });
          expect(programFiles(p.files, mergeSettings({ file }).perExercise[e.id]![p.role])).toEqual(p.files);
        }
      }
    });
  }

  it('writes its comments in the chosen language', () => {
    expect(classFileTemplate('en')).toContain('# The Python 3 interpreter the students\' programs run on.');
    expect(classFileTemplate('pt-BR')).toContain('# O interpretador Python 3 em que rodam os programas dos alunos.');
    expect(classFileTemplate('pt-BR')).not.toContain('interpreter');
  });
});

describe('pairs-weight: the interop matrix from the class file', () => {
  it('reads a weight (0 included) and merges it, the command line winning', () => {
    expect(parse('pairs-weight: 2\n')).toEqual({ 'pairs-weight': 2 });
    expect(parse('pairs-weight: 0\n')).toEqual({ 'pairs-weight': 0 });
    expect(mergeSettings({ file: parse('pairs-weight: 2\n') }).pairsWeight).toBe(2);
    expect(mergeSettings({ file: parse('pairs-weight: 2\n'), cli: { pairsWeight: 0.5 } }).pairsWeight).toBe(0.5);
    // Unset, the settings have no pairs at all: today's defaults are unchanged.
    expect(mergeSettings({})).not.toHaveProperty('pairsWeight');
  });

  it.each([
    ['a negative weight', 'pairs-weight: -1\n', 'sockgrade.yaml:1:15: pairs-weight: a weight cannot be negative (got -1); use 0 to show the matrix without scoring it'],
    ['a weight that is text', 'lang: en\npairs-weight: dois\n', 'sockgrade.yaml:2:15: pairs-weight: expected a number, got "dois"; write a weight such as 2, or 0 to show the matrix without scoring it'],
    ['a weight above --pairs-weight\'s range', 'pairs-weight: 101\n', 'sockgrade.yaml:1:15: pairs-weight: 101 is above 100, the most --pairs-weight takes; use a weight such as 2'],
    ['the nested form', 'pairs: { weight: 2 }\n', 'sockgrade.yaml:1:1: pairs: the interop matrix has one setting here; write pairs-weight: 2 (0 shows the matrix without scoring it), which turns it on as --pairs does'],
    ['a near miss', 'pair-weight: 2\n', 'sockgrade.yaml:1:1: pair-weight: unknown key; did you mean pairs-weight?'],
  ])('refuses %s in one sentence', (_name, text, sentence) => expect(problem(text)).toBe(sentence));

  const settings = (text: string) => mergeSettings({ file: parse(text), path: '/turma/sockgrade.yaml' });
  const pairsOf = (raw: Parameters<typeof resolveConfig>[1]) => resolveConfig('.', { ...raw, reporter: ['json'] }, ['json']).pairs;

  it('turns --pairs on with the class file\'s weight; --pairs-weight on the command line wins', () => {
    expect(pairsOf(withClassFilePairs({}, settings('pairs-weight: 2\n')))).toEqual({ weight: 2 });
    expect(pairsOf(withClassFilePairs({ pairs: true, pairsWeight: '3' }, settings('pairs-weight: 2\n')))).toEqual({ weight: 3 });
    // A weight of 0 shows the matrix and adds no checks, as --pairs-weight 0 does.
    expect(pairsOf(withClassFilePairs({}, settings('pairs-weight: 0\n')))).toEqual({});
    // A pairs file or a sample on the command line keeps its meaning, weighted by the class file.
    expect(withClassFilePairs({ pairs: 'pares.csv' }, settings('pairs-weight: 2\n'))).toEqual({ pairs: 'pares.csv', pairsWeight: '2' });
    expect(withClassFilePairs({ pairsSample: '3' }, settings('lang: en\n'))).toEqual({ pairsSample: '3' });
  });

  it('leaves a Gradescope run (one submission) alone, and refuses a shard in one sentence naming the file', () => {
    expect(withClassFilePairs({ gradescope: true }, settings('pairs-weight: 2\n'))).toEqual({ gradescope: true });
    expect(() => withClassFilePairs({ shard: '1/2' }, settings('pairs-weight: 2\n'))).toThrow(
      new UsageError('/turma/sockgrade.yaml: pairs-weight scores each client against every server, which no shard sees whole; grade the class in one run, or remove pairs-weight to shard it.', 'pairs'),
    );
    // The command line's own weight keeps its own sentence.
    expect(() => pairsOf(withClassFilePairs({ shard: '1/2', pairs: true, pairsWeight: '2' }, settings('pairs-weight: 2\n')))).toThrow('--pairs-weight scores each client');
  });

  it('is in the grade init template, commented out, in both languages', () => {
    expect(classFileTemplate('en')).toMatch(/^# pairs-weight: 1$/m);
    expect(classFileTemplate('pt-BR')).toMatch(/^# pairs-weight: 1$/m);
    expect(classFileTemplate('pt-BR')).toContain('# A matriz de interoperabilidade (como --pairs)');
    expect(parse(classFileTemplate('en').replace(/^# pairs-weight: 1$/m, 'pairs-weight: 1'))['pairs-weight']).toBe(1);
  });
});
