// An exercise's own argv template, expanded for one launch.

/** The host every program is told: the grader's reference peers listen on loopback only. */
export const LOOPBACK = '127.0.0.1';

/** `["--port", "{port}"]` on port 5001 → `["--port", "5001"]`; `{host}` becomes the loopback address. */
export function expandArgs(template: readonly string[], port: number, host = LOOPBACK): string[] {
  const values: Record<string, string> = { host, port: String(port) };
  return template.map((arg) => arg.replace(/\{(host|port)\}/g, (_, name: string) => values[name]!));
}
