// Settings as a teacher wrote them, in one line: for `grade exercises` and the report's run settings.

/** The chat protocol as the class file writes it: `nick: "{nick}" · send: "{text}" · after-connect: [...]`. */
export function protocolText(p: Record<string, unknown>): string {
  const nick = p.nick === null ? 'nick: null' : `nick: "${String(p.nick ?? '')}"`;
  const after = Array.isArray(p.afterConnect) ? p.afterConnect.map(String) : [];
  return [nick, `send: "${String(p.send ?? '')}"`, ...(after.length > 0 ? [`after-connect: [${after.map((a) => `"${a}"`).join(', ')}]`] : [])].join(' · ');
}
