// Reading a student's Python source around a line: the code there, the locks held, the loop it is in.

/** The text of line `n` (1-based), trimmed; '' when out of range. */
export function lineAt(source: string, n: number): string {
  return (source.split('\n')[n - 1] ?? '').trim();
}

/** The lock expression a line takes (`with lock:`, `with self.lock:`, `lock.acquire()`), if any. */
export function lockTaken(code: string): string | undefined {
  // `with clients_lock:`, `with self.mutex:`, `with trava:`; not `with open(f) as a:` (a call).
  const withLock = /^(?:async\s+)?with\s+([\w.]+)\s*:/.exec(code);
  if (withLock) return bareLock(withLock[1]);
  const acquire = /([\w.]+)\.acquire\(/.exec(code);
  return acquire ? bareLock(acquire[1]) : undefined;
}

// `self.clients_lock` and `clients_lock` name the same lock in a reader's eyes.
function bareLock(expr: string): string {
  return expr.replace(/\(\)$/, '').split('.').pop()!;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The locks held at line `n`: `with L:` blocks that enclose it (by indentation, within its
 * function), and `L.acquire()` calls above it in the function with no `L.release()` between.
 */
export function locksHeldAt(source: string, n: number): { lock: string; line: number; code: string }[] {
  const lines = source.split('\n');
  const held: { lock: string; line: number; code: string }[] = [];
  let indent = indentOf(lines[n - 1] ?? '');
  const released = new Set<string>();
  for (let i = n - 2; i >= 0; i--) {
    const raw = lines[i];
    const code = raw.trim();
    if (code === '' || code.startsWith('#')) continue;
    const ind = indentOf(raw);
    const release = /([\w.]+)\.release\(/.exec(code);
    if (release) released.add(bareLock(release[1]));
    if (ind < indent) {
      indent = ind;
      if (/^(?:async\s+)?def\s/.test(code)) break;
      const lock = lockTaken(code);
      if (lock && code.startsWith('with')) held.push({ lock, line: i + 1, code });
    }
    const acquired = /([\w.]+)\.acquire\(/.exec(code);
    if (acquired && ind <= indent && !released.has(bareLock(acquired[1]))) held.push({ lock: bareLock(acquired[1]), line: i + 1, code });
  }
  return held;
}

/** The line of an `accept()` call in a loop that encloses line `n`, if there is one. */
export function acceptLoopAround(source: string, n: number): number | undefined {
  const lines = source.split('\n');
  let indent = indentOf(lines[n - 1] ?? '');
  for (let i = n - 2; i >= 0; i--) {
    const code = lines[i].trim();
    if (code === '' || code.startsWith('#')) continue;
    const ind = indentOf(lines[i]);
    if (ind >= indent) continue;
    indent = ind;
    if (/^(?:async\s+)?def\s/.test(code)) return undefined;
    // An inner loop (the client's recv loop) may sit inside the accept loop: look outward.
    const accept = /^(while|for)\b/.test(code) ? acceptInBlock(lines, i) : undefined;
    if (accept !== undefined) return accept;
  }
  return undefined;
}

// The first `.accept(` in the loop's body (the lines indented deeper than the loop header).
function acceptInBlock(lines: string[], header: number): number | undefined {
  const indent = indentOf(lines[header]);
  for (let i = header + 1; i < lines.length; i++) {
    const code = lines[i].trim();
    if (code === '' || code.startsWith('#')) continue;
    if (indentOf(lines[i]) <= indent) return undefined;
    if (/\.accept\(\s*\)/.test(code)) return i + 1;
  }
  return undefined;
}

/** What a line of student code blocks in, judged from the code itself. */
export function callOfCode(code: string): string | undefined {
  if (lockTaken(code)) return 'lock';
  if (/\b(raw_)?input\s*\(|sys\.stdin\.(read|readline)\(|for\s+\w+\s+in\s+sys\.stdin/.test(code)) return 'input';
  if (/\.accept\(\s*\)/.test(code)) return 'accept';
  if (/\.(recv|recvfrom|recv_into|recvfrom_into|makefile|readline)\(/.test(code)) return 'recv';
  if (/\bselect\.(select|poll|epoll)|\.select\(|\.poll\(/.test(code)) return 'select';
  if (/\bsleep\(/.test(code)) return 'sleep';
  if (/\.join\(\s*[\d.]*\s*\)/.test(code) && !/['"]\s*\.join/.test(code)) return 'join';
  if (/\.connect\(/.test(code)) return 'connect';
  if (/\.(send|sendall|sendto)\(/.test(code)) return 'send';
  return undefined;
}

/** Whether a name imported by an import line is used anywhere else in the file. */
export function importedNameUsed(source: string, importLine: number, name: string): boolean {
  const lines = source.split('\n');
  const pattern = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  return lines.some((l, i) => i !== importLine - 1 && !/^\s*#/.test(l) && pattern.test(l.replace(/#.*$/, '')));
}
