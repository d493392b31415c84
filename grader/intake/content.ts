// What a Python source does, read with regexes on its code once comments and string contents are
// blanked (a docstring saying "call listen()" is no server): sockets, role, protocol, chat
// behaviour, and whether it is only a module of helpers. Python 2 and 3 read the same.

/** One logical line of code: its indentation (a tab counts 8) and its text, continuations joined. */
export interface CodeLine {
  indent: number;
  text: string;
}

/** What a source does as far as regexes tell; each string is a short evidence token for the report. */
export interface Traits {
  /** Imports or calls the socket API at all (a game without sockets is no server). */
  sockets: boolean;
  listens?: string;
  connects?: string;
  /** How TCP shows: `SOCK_STREAM`, a `socket()` without a type (TCP by default), or a TCP helper. */
  stream?: string;
  datagram: boolean;
  binds: boolean;
  recvfrom: boolean;
  sendto: boolean;
  recv: boolean;
  /** The loop that sends to every client kept in a collection: a chat server's relay. */
  relay?: string;
  /** What reads the socket beside the keyboard: `Thread`, `select()`, `asyncio tasks`. */
  reader?: string;
  keyboard?: string;
  /** Only imports, constants, defs, classes, docstrings (and a main block that calls nothing). */
  moduleOnly: boolean;
  /** Dotted module paths it imports, lowercase (`cliente`, `pkg.cliente`). */
  imports: string[];
}

/** What a program is, from its traits, with the evidence the report shows. */
export interface Kind {
  role: 'server' | 'client' | 'both';
  protocol: 'tcp' | 'udp';
  chat: boolean;
  evidence: string;
}

/** The code with comments removed and string contents blanked to spaces (quotes kept, one line per line of code). */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      let body = '';
      // A one-quote string ends at its line's end even when unterminated (a syntax error we still read past).
      while (i < text.length && !text.startsWith(quote, i) && (quote.length === 3 || text[i] !== '\n')) {
        i += text[i] === '\\' ? 2 : 1;
        body += ' ';
      }
      if (text.startsWith(quote, i)) i += quote.length;
      out += quote + body.slice(0, 8) + quote;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Logical lines of blanked code: bracketed continuations and backslashes joined, blank lines dropped. */
export function logicalLines(code: string): CodeLine[] {
  const lines: CodeLine[] = [];
  let buf = '';
  let depth = 0;
  for (const raw of code.replace(/\t/g, '        ').split('\n')) {
    if (!buf && !raw.trim()) continue;
    buf = buf ? `${buf} ${raw.trim()}` : raw.trimEnd();
    for (const ch of raw) depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
    if (buf.endsWith('\\')) buf = buf.slice(0, -1);
    else if (depth <= 0) {
      lines.push({ indent: buf.length - buf.trimStart().length, text: buf.trim() });
      buf = '';
      depth = 0;
    }
  }
  if (buf.trim()) lines.push({ indent: buf.length - buf.trimStart().length, text: buf.trim() });
  return lines;
}

/** The lines of the block that `lines[at]` opens (those indented deeper, up to the first that is not). */
export function blockOf(lines: CodeLine[], at: number): CodeLine[] {
  const end = lines.findIndex((l, i) => i > at && l.indent <= lines[at]!.indent);
  return lines.slice(at + 1, end < 0 ? lines.length : end);
}

const SOCKET_IMPORT = /^\s*(?:import|from)\s[^\n]*\b(?:socket|socketserver|SocketServer)\b/m;
const ASYNC_SERVER = /\bstart_server\s*\(/;
const ASYNC_CLIENT = /\bopen_connection\s*\(/;
const SOCKETSERVER_TCP = /\b(?:Threading|Forking)?TCPServer\b|\bStreamRequestHandler\b/;
const SOCKETSERVER_UDP = /\b(?:Threading|Forking)?UDPServer\b|\bDatagramRequestHandler\b/;
// `sqlite3.connect('db')` is no socket: a connect whose first argument is a string is skipped.
const CONNECT = /\.connect(?:_ex)?\s*\(\s*(?!['"])/;

/** Reads the traits of one Python source. */
export function readTraits(text: string): Traits {
  const code = codeOnly(text);
  const lines = logicalLines(code);
  const sockets = SOCKET_IMPORT.test(code) || ASYNC_SERVER.test(code) || ASYNC_CLIENT.test(code);
  const udpServer = SOCKETSERVER_UDP.test(code);
  const traits: Traits = {
    sockets,
    datagram: /\bSOCK_DGRAM\b/.test(code) || udpServer,
    binds: /\.bind\s*\(/.test(code) || udpServer,
    recvfrom: /\.recvfrom(?:_into)?\s*\(/.test(code) || udpServer,
    sendto: /\.sendto\s*\(/.test(code),
    recv: /\.(?:recv|recv_into|read|readline)\s*\(|\bmakefile\s*\(|\brfile\b/.test(code),
    moduleOnly: moduleOnly(lines),
    imports: importsOf(lines),
  };
  if (!sockets) return traits;
  traits.listens = first(code, [[/\.listen\s*\(/, 'listen()'], [/\.accept\s*\(/, 'accept()'], [ASYNC_SERVER, 'start_server()'], [SOCKETSERVER_TCP, 'socketserver']]);
  traits.connects = first(code, [[CONNECT, 'connect()'], [/\bcreate_connection\s*\(/, 'create_connection()'], [ASYNC_CLIENT, 'open_connection()']]);
  traits.stream = first(code, [[/\bSOCK_STREAM\b/, 'SOCK_STREAM'], [SOCKETSERVER_TCP, 'socketserver'], [/\bcreate_connection\s*\(/, 'create_connection()'], [/\b(?:start_server|open_connection)\s*\(/, 'asyncio streams'], [/\bsocket\s*\(/, 'socket() (TCP)']]);
  traits.relay = relayOf(lines);
  traits.reader = first(code, [[/\bThread\s*\(|\bstart_new_thread\s*\(/, 'Thread'], [/\bselect\s*\(|\bselectors\b|\.poll\s*\(/, 'select()'], [/\bcreate_task\s*\(|\bgather\s*\(|\bconnect_read_pipe\b/, 'asyncio tasks']]);
  traits.keyboard = first(code, [[/\binput\s*\(/, 'input()'], [/\braw_input\s*\(/, 'raw_input()'], [/\bstdin\b/, 'sys.stdin'], [/\b[Tt]kinter\b/, 'tkinter']]);
  return traits;
}

function first(code: string, tests: [RegExp, string][]): string | undefined {
  return tests.find(([re]) => re.test(code))?.[1];
}

/** What the program is: server, client or both, over TCP or UDP, chat or not; undefined without sockets or a role. */
export function kindOf(t: Traits): Kind | undefined {
  if (!t.sockets) return undefined;
  if (t.datagram) {
    // Both socket types in one file (a TCP/UDP menu) give no single protocol.
    if (t.stream === 'SOCK_STREAM') return undefined;
    if (t.binds && (t.recvfrom || t.recv)) return { role: 'server', protocol: 'udp', chat: false, evidence: `bind() + ${t.recvfrom ? 'recvfrom()' : 'recv()'} + SOCK_DGRAM` };
    if (t.sendto || t.connects) return { role: 'client', protocol: 'udp', chat: false, evidence: `${t.sendto ? 'sendto()' : t.connects} + SOCK_DGRAM` };
    return undefined;
  }
  if (!t.stream) return undefined;
  if (t.listens && t.connects) return { role: 'both', protocol: 'tcp', chat: false, evidence: `${t.listens} + ${t.connects}` };
  if (t.listens) return { role: 'server', protocol: 'tcp', chat: !!t.relay, evidence: join(t.listens, t.stream, t.relay) };
  if (!t.connects) return undefined;
  const chat = !!(t.reader && t.keyboard && t.recv);
  return { role: 'client', protocol: 'tcp', chat, evidence: join(t.connects, t.stream, chat ? `${t.reader} + recv()` : undefined, chat ? t.keyboard : undefined) };
}

function join(...parts: (string | undefined)[]): string {
  return [...new Set(parts.filter(Boolean))].join(' + ');
}

// Top-level statements a helper module may hold; anything else (a call, a loop, a try) is a program's work.
const MODULE_STATEMENT = [/^(?:import|from)\s/, /^(?:async\s+)?def\s/, /^class\s/, /^@/, /^[rbuf]*("""|'''|"|')\s*\1$/i, /^pass$/];
const ASSIGNMENT = /^[\w.]+(?:\s*,\s*[\w.]+)*\s*(?::[^=]+)?=(?!=)(.*)$/;
// An assignment that talks to the world (a prompt, a connection) runs the program when it is imported.
const ACTION = /\b(?:input|raw_input|print|exec|main)\s*\(|\.(?:connect|connect_ex|listen|accept|recv\w*|send\w*|start|run|serve_forever|mainloop)\s*\(|\b(?:create_connection|open_connection|start_server)\s*\(/;
const MAIN_GUARD = /^if\s+__name__\s*==\s*(['"])\s*\1\s*:(.*)$/;
const CALL = /[\w)\]]\s*\(/;

function moduleOnly(lines: CodeLine[]): boolean {
  return lines.every((line, i) => {
    if (line.indent > 0) return true;
    const guard = MAIN_GUARD.exec(line.text);
    // A main block that calls something makes the file runnable as a program too.
    if (guard) return !CALL.test(guard[2]!) && !blockOf(lines, i).some((l) => CALL.test(l.text));
    return line.text
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)
      .every((s) => MODULE_STATEMENT.some((re) => re.test(s)) || (ASSIGNMENT.test(s) && !ACTION.test(s)));
  });
}

function importsOf(lines: CodeLine[]): string[] {
  const found = new Set<string>();
  const names = (list: string) => list.replace(/[()]/g, '').split(',').map((p) => p.trim().split(/\s+as\s+/)[0]!.trim().toLowerCase()).filter((n) => n && n !== '*');
  for (const stmt of lines.flatMap((l) => l.text.split(';').map((s) => s.trim()))) {
    const plain = /^import\s+(.+)$/.exec(stmt);
    if (plain) for (const name of names(plain[1]!)) found.add(name);
    const from = /^from\s+\.*([\w.]*)\s+import\s+(.+)$/.exec(stmt);
    if (!from) continue;
    const base = from[1]!.toLowerCase();
    if (base) found.add(base);
    // `from pkg import cliente` may import the module pkg/cliente.py.
    for (const name of names(from[2]!)) found.add(base ? `${base}.${name}` : name);
  }
  return [...found];
}

// A name assigned an empty collection: where a server keeps its clients.
const EMPTY_COLLECTION = /^(?:self\.)?(\w+)\s*(?::[^=]+)?=\s*(?:\[\s*\]|\{\s*\}|(?:set|dict|list|OrderedDict|defaultdict)\s*\([^)]*\))$/;
const SEND = '\\s*\\.\\s*(sendall|send|write)\\s*\\(';

/** The loop that sends to each client kept in a collection, as evidence (`for c in clientes: c.sendall()`). */
function relayOf(lines: CodeLine[]): string | undefined {
  const kept = new Set(lines.flatMap((l) => EMPTY_COLLECTION.exec(l.text)?.[1] ?? []));
  if (kept.size === 0) return undefined;
  const mentioned = (expr: string) => (expr.match(/\w+/g) ?? []).find((w) => kept.has(w));
  // Copies of the collection (`destinos = [c for c in clientes if c is not origem]`) are looped over too.
  for (const l of lines) {
    const copy = /^(?:self\.)?(\w+)\s*=\s*(.+)$/.exec(l.text);
    if (copy && mentioned(copy[2]!)) kept.add(copy[1]!);
  }
  for (let i = 0; i < lines.length; i++) {
    const loop = /^(?:async\s+)?for\s+(.+?)\s+in\s+(.+?)\s*:(.*)$/.exec(lines[i]!.text);
    if (!loop) continue;
    const body = [loop[3]!, ...blockOf(lines, i).map((l) => l.text)].join('\n');
    const over = mentioned(loop[2]!);
    for (const v of over ? loop[1]!.split(/[\s,()]+/).filter((w) => /^\w+$/.test(w)) : []) {
      const sent = new RegExp(`\\b${v}${SEND}`).exec(body);
      if (sent) return `for ${v} in ${over}: ${v}.${sent[1]}()`;
    }
    for (const k of kept) {
      const sent = new RegExp(`\\b${k}\\s*\\[[^\\]]*\\]${SEND}`).exec(body);
      if (sent) return `for … in …: ${k}[…].${sent[1]}()`;
    }
  }
  const comprehension = lines.map((l) => new RegExp(`\\[\\s*(\\w+)${SEND}[^\\]]*\\bfor\\s+\\1\\s+in\\s+(\\w+)`).exec(l.text)).find((m) => m && kept.has(m[3]!));
  return comprehension ? `[${comprehension[1]}.${comprehension[2]}() for ${comprehension[1]} in ${comprehension[3]}]` : undefined;
}
