// The interop matrix's sentences, shared by the terminal and the HTML page so both say the same.
import type { Msg } from '../events.js';
import type { PairCounts, PairStanding } from './pairs-model.js';

type Ui = (key: string, params?: Msg['params']) => string;

/** "tcp-hello pairs: 812/900 work, 3 only through a relay; 14 disagreement cells". */
export function pairsSummaryLine(exercise: string, c: PairCounts, ui: Ui): string {
  // Out of the pairs that ran: a sampled class must not read as mostly broken.
  const head = [ui('pairs.summary.head', { exercise, works: c.works, total: c.total - c.notRun })];
  if (c.relay) head.push(ui('pairs.summary.relay', { count: c.relay }));
  if (c.notRun) head.push(ui(c.notRun === 1 ? 'pairs.summary.notRun.one' : 'pairs.summary.notRun.many', { count: c.notRun }));
  const flagged = ui(c.disagreements === 1 ? 'pairs.summary.disagreements.one' : 'pairs.summary.disagreements.many', { count: c.disagreements });
  return `${head.join(', ')}; ${flagged}`;
}

/** "As a client: 12/15 servers; as a server: 14/15 clients", with the relay count when there is one. */
export function standingLine(s: PairStanding, ui: Ui): string {
  const relay = s.asClient.relay + s.asServer.relay;
  const line = ui('pairs.student.line', {
    clientPassed: s.asClient.passed,
    clientTotal: s.asClient.total,
    serverPassed: s.asServer.passed,
    serverTotal: s.asServer.total,
  });
  return relay ? `${line}; ${ui('pairs.summary.relay', { count: relay })}` : line;
}
