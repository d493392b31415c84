// The commented sockgrade.yaml that `grade init` writes, in English or Brazilian Portuguese. It is
// built from the same defaults the merge uses, so it always loads to exactly today's behaviour.
import type { ExerciseDef, ProgramDef } from '../check/api.js';
import { EXERCISES } from '../exercises.js';
import type { Lang } from '../i18n/catalog.js';
import { DEFAULTS, EXERCISE_DEFAULTS } from './settings.js';

/** The comments of the template, one set per language. No prose line starts with `word:`, so none reads as a setting. */
interface Words {
  head: string[];
  exercises: string[];
  lang: string[];
  python: string[];
  python2: string[];
  scale: string[];
  weights: string[];
  activity: Record<string, string>;
  greeting: string;
  port: string[];
  protocol: string;
  nick: string;
  send: string;
  afterConnect: string;
  files: string;
  filesMode: string;
  args: string;
  chatClientArgs: string;
}

const EN: Words = {
  head: [
    'Sockgrade\'s class file: how this class is graded. Every setting is optional.',
    'A commented-out setting (# key: value) shows its default: uncomment it to change it.',
    'Options typed on the command line win over this file; `grade exercises` lists the checks.',
  ],
  exercises: [
    'Which exercises to grade: ids (`grade exercises` lists them) or paths, relative to',
    'this file, of scenario exercise folders that hold an exercise.yaml.',
    'Left out, every exercise whose files appear in the class is graded.',
  ],
  lang: ['Language of the reports, messages and hints: en or pt-BR. Left out, it follows LANG.'],
  python: ['The Python 3 interpreter the students\' programs run on.'],
  python2: ['A program written for Python 2 (print "x", raw_input): fail grades it as it is, naming', 'the Python 2 line as the cause; run gives it to a Python 2 interpreter instead.'],
  scale: ['The total: its maximum (100 is a percentage, 10 a grade out of ten) and its decimals.'],
  weights: ['The weight of each check, by id (any exercise); 0 makes it informational: shown, not scored.', 'The values below are the defaults: uncomment weights: and the lines you change.'],
  activity: {
    'tcp-hello': 'Activity 1: a TCP client sends the greeting; the server prints it and closes.',
    chat: 'Activity 2: a chat server relays each line to every other client; an interactive client.',
    'udp-hello': 'Activity 3: a UDP client sends the greeting in one datagram; the server prints it.',
  },
  greeting: 'The text the client must send and the server must print.',
  port: ['A fixed port: programs are started with no port argument and the *-port-arg checks', 'are dropped. Left out, each launch is given a free port as its argument.'],
  protocol: 'How the grader\'s reference clients talk to the student\'s server.',
  nick: 'The line each sends first, {nick} being its nickname (nick-1, nick-2…); null for none.',
  send: 'How a message is sent, {text} being the message ({nick} may appear too).',
  afterConnect: 'Lines sent right after connecting and the nickname, such as ["/join sala1"].',
  files: 'Names or globs (any case, up to 3 folders deep) of this program; shown: the built-in ones.',
  filesMode: 'Extend tries your names first, then the built-in ones; replace uses only yours.',
  args: 'Its arguments: {host} and {port} become the address and port the grader chose.',
  chatClientArgs: 'Its arguments: {host}, {port}, and {nick}, a nickname the grader chooses.',
};

const PT_BR: Words = {
  head: [
    'Arquivo da turma do sockgrade: como esta turma é corrigida. Toda configuração é opcional.',
    'Uma configuração comentada (# chave: valor) mostra o seu padrão: descomente-a para mudá-la.',
    'As opções da linha de comando valem mais que este arquivo; `grade exercises` lista as verificações.',
  ],
  exercises: [
    'Quais exercícios corrigir: ids (`grade exercises` os lista) ou caminhos, relativos a',
    'este arquivo, de pastas de exercícios de cenário que contenham um exercise.yaml.',
    'Sem esta opção, corrige-se todo exercício cujos arquivos aparecem na turma.',
  ],
  lang: ['Idioma dos relatórios, mensagens e dicas: en ou pt-BR. Sem esta opção, segue LANG.'],
  python: ['O interpretador Python 3 em que rodam os programas dos alunos.'],
  python2: ['Um programa escrito para Python 2 (print "x", raw_input): fail o corrige como está, apontando', 'a linha de Python 2 como causa; run o entrega a um interpretador Python 2.'],
  scale: ['A nota total: o máximo (100 é porcentagem, 10 uma nota de zero a dez) e as casas decimais.'],
  weights: ['O peso de cada verificação, pelo id (de qualquer exercício); 0 a torna informativa: aparece, não conta.', 'Os valores abaixo são os padrões: descomente weights: e as linhas que mudar.'],
  activity: {
    'tcp-hello': 'Atividade 1: um cliente TCP envia a saudação; o servidor a imprime e fecha a conexão.',
    chat: 'Atividade 2: um servidor de chat repassa cada linha aos outros clientes; um cliente interativo.',
    'udp-hello': 'Atividade 3: um cliente UDP envia a saudação num datagrama; o servidor a imprime.',
  },
  greeting: 'O texto que o cliente deve enviar e o servidor deve imprimir.',
  port: ['Uma porta fixa: os programas são iniciados sem o argumento da porta, e as verificações', '*-port-arg saem da nota. Sem esta opção, cada execução recebe uma porta livre como argumento.'],
  protocol: 'Como os clientes de referência do corretor falam com o servidor do aluno.',
  nick: 'A linha que cada um envia primeiro, {nick} sendo o apelido (nick-1, nick-2…); null para nenhuma.',
  send: 'Como uma mensagem é enviada, {text} sendo a mensagem ({nick} também pode aparecer).',
  afterConnect: 'Linhas enviadas logo após conectar e enviar o apelido, como ["/join sala1"].',
  files: 'Nomes ou globs (maiúsculas ou não, até 3 pastas abaixo) deste programa; aqui, os embutidos.',
  filesMode: 'Extend tenta os seus nomes primeiro, depois os embutidos; replace usa só os seus.',
  args: 'Os argumentos: {host} e {port} viram o endereço e a porta que o corretor escolheu.',
  chatClientArgs: 'Os argumentos: {host}, {port} e {nick}, um apelido que o corretor escolhe.',
};

/** The interop matrix's comment (its key is commented out: today pairs run only with --pairs). */
const PAIRS_WEIGHT: Record<Lang, string[]> = {
  en: ['The interop matrix (as --pairs) with its checks pairs-client and pairs-server of this weight,', 'each earning the fraction of classmates the program worked with; 0 shows it unscored.'],
  'pt-BR': ['A matriz de interoperabilidade (como --pairs) com as verificações pairs-client e pairs-server deste', 'peso, cada uma valendo a fração de colegas com quem o programa funcionou; 0 a mostra sem nota.'],
};

/** The text of sockgrade.yaml as `grade init` writes it. */
export function classFileTemplate(lang: Lang): string {
  const w = lang === 'pt-BR' ? PT_BR : EN;
  const ids = EXERCISES.map((e) => e.id);
  const lines: string[] = [
    '# sockgrade.yaml',
    ...note(w.head),
    '',
    ...note(w.exercises),
    `# exercises: [${ids.join(', ')}]`,
    '',
    ...note(w.lang),
    `# lang: ${lang}`,
    '',
    ...note(w.python),
    `python: ${DEFAULTS.python}`,
    '',
    ...note(w.python2),
    `python2: ${DEFAULTS.python2}`,
    '',
    ...note(w.scale),
    'scale:',
    `  max: ${DEFAULTS.scale.max}`,
    `  decimals: ${DEFAULTS.scale.decimals}`,
    '',
    ...note(w.weights),
    '# weights:',
    ...EXERCISES.flatMap((e) => [`#   # ${e.id}`, ...e.checks.map((c) => `#   ${c.id}: ${c.weight}`)]),
    '',
    ...note(PAIRS_WEIGHT[lang]),
    '# pairs-weight: 1',
  ];
  // The first section explains each setting; the others repeat only the lines, to stay short.
  const sections = EXERCISES.filter((e) => e.id in EXERCISE_DEFAULTS);
  for (const [i, exercise] of sections.entries()) lines.push('', ...section(exercise, w, i === 0));
  return `${lines.join('\n')}\n`;
}

/** One exercise's section: its own settings, then its programs. */
function section(exercise: ExerciseDef, w: Words, explain: boolean): string[] {
  const defaults = EXERCISE_DEFAULTS[exercise.id]!;
  const lines = [...note([w.activity[exercise.id] ?? exercise.id]), `${exercise.id}:`];
  if (defaults.greeting !== undefined) lines.push(...note([w.greeting], 2), `  greeting: ${yaml(defaults.greeting)}`);
  lines.push(...(explain ? note(w.port, 2) : []), '  # port: 5000');
  if (defaults.protocol) {
    const p = defaults.protocol;
    lines.push(...note([w.protocol], 2), '  protocol:');
    lines.push(...note([w.nick], 4), `    nick: ${p.nick === null ? 'null' : yaml(p.nick)}`);
    lines.push(...note([w.send], 4), `    send: ${yaml(p.send)}`);
    lines.push(...note([w.afterConnect], 4), `    after-connect: ${flow(p.afterConnect)}`);
  }
  for (const def of exercise.programs) lines.push(...programLines(exercise, def, w, explain));
  return lines;
}

function programLines(exercise: ExerciseDef, def: ProgramDef, w: Words, explain: boolean): string[] {
  const settings = EXERCISE_DEFAULTS[exercise.id]![def.role];
  const chatClient = exercise.id === 'chat' && def.role === 'client';
  const when = (text: string, shown: boolean) => (shown ? note([text], 4) : []);
  return [
    `  ${def.role}:`,
    ...when(w.files, explain),
    `    # files: ${flow(def.files)}`,
    ...when(w.filesMode, explain),
    `    # files-mode: ${settings.filesMode}`,
    ...when(chatClient ? w.chatClientArgs : w.args, explain || chatClient),
    `    args: ${flow(settings.args)}`,
  ];
}

/** Comment lines at an indentation. */
function note(text: string[], indent = 0): string[] {
  return text.map((t) => `${' '.repeat(indent)}# ${t}`);
}

/** A YAML scalar: double-quoted (JSON's quoting is valid YAML), so "{port}" is never a mapping. */
function yaml(value: string): string {
  return JSON.stringify(value);
}

/** A flow list; names that need no quotes stay bare, templates are quoted. */
function flow(items: readonly string[]): string {
  return `[${items.map((i) => (/^[\w.*/-]+$/.test(i) ? i : yaml(i))).join(', ')}]`;
}
