// Is the worker's network namespace as clean as a fresh one? Then the next submission may use it.
import { readSocketTables } from '../sandbox/ports.js';
import { pollUntil } from '../sandbox/wait.js';

/** How long closing sockets get to disappear before the namespace counts as dirty. */
const SETTLE_MS = 300;

/** Sockets still in the namespace after a job (`tcp:5000 LISTEN`…); empty when clean. */
export async function leftoverSockets(): Promise<string[]> {
  const describe = () =>
    (['tcp', 'udp'] as const).flatMap((protocol) => readSocketTables('self', protocol).map((r) => `${protocol}:${r.localPort} state ${r.state}`));
  const clean = await pollUntil(() => (describe().length === 0 ? true : undefined), SETTLE_MS);
  return clean ? [] : describe();
}
