// Folds the event stream into the one RunSummary every reporter reads; the hub folds it once per run.
import type { GradeEvent, PairResult, RunBeginEvent, RunEndEvent, RunSummary, StudentIdentity, SubmissionSummary } from '../events.js';
import { REFERENCE_ID } from '../pairs/types.js';
import { mergeBegins, mergeEnds } from './merge.js';

/** An accumulator of typed events; `summary` is the same object throughout, updated in place. */
export class RunFold {
  readonly summary: RunSummary = { submissions: [], exercises: [], errors: [], pairs: [] };
  private readonly pairIndex = new Map<string, number>();
  private readonly begins: RunBeginEvent[] = [];
  private readonly ends: RunEndEvent[] = [];
  private readonly byId = new Map<string, SubmissionSummary>();

  /** Folds one event in. */
  add(event: GradeEvent): void {
    const s = this.summary;
    switch (event.type) {
      case 'run:begin':
        this.begins.push(event);
        // Several run:begin are shards in one stream: they merge exactly as `grade merge` merges logs.
        s.begin = this.begins.length === 1 ? event : mergeBegins(this.begins);
        this.replan(s.begin);
        this.settleEnd();
        break;
      case 'submission:begin':
        this.plan(event.submissionId, event.path, event.student);
        break;
      case 'submission:end':
        // A submission graded twice keeps its last result.
        this.plan(event.submissionId, event.path, event.student).result = event;
        if (event.exercises.some((x) => !s.exercises.includes(x.id))) this.listExercises();
        break;
      case 'error':
        s.errors.push(event);
        break;
      case 'run:end':
        this.ends.push(event);
        this.settleEnd();
        break;
      case 'check:end':
        // Nothing to fold: submission:end repeats every check.
        break;
      case 'pair:end':
        this.addPair(event.pair);
        break;
    }
  }

  /** A pair graded twice (a re-run shard) keeps its last result, in its first place. */
  private addPair(pair: PairResult): void {
    const key = pairKey(pair);
    const at = this.pairIndex.get(key);
    // A copy: the flag below must not change the event other reporters are handed.
    const own = { ...pair };
    if (at === undefined) {
      this.pairIndex.set(key, this.summary.pairs.length);
      this.summary.pairs.push(own);
    } else this.summary.pairs[at] = own;
    const affected = pair.client === REFERENCE_ID || pair.server === REFERENCE_ID ? this.summary.pairs.filter((p) => touches(p, pair)) : [own];
    for (const p of affected) this.flagDisagreement(p);
  }

  /**
   * A failing pair is a disagreement when both programs pass against the reference. Shards each
   * know only their own reference pairs, so the flag is decided here, where they all meet; while
   * one of the two is unknown, the flag the pair came with stands.
   */
  private flagDisagreement(p: PairResult): void {
    if (p.client === REFERENCE_ID || p.server === REFERENCE_ID) return;
    const asClient = this.pairAt({ exercise: p.exercise, client: p.client, server: REFERENCE_ID });
    const asServer = this.pairAt({ exercise: p.exercise, client: REFERENCE_ID, server: p.server });
    if (!asClient || !asServer) return;
    // A reference cell that worked only on a hardcoded port (amber) still worked.
    const works = (r: PairResult) => r.verdict === 'pass' || r.verdict === 'relay';
    const disagreement = p.verdict === 'fail' && works(asClient) && works(asServer);
    if (disagreement) p.disagreement = true;
    else delete p.disagreement;
  }

  private pairAt(key: Pick<PairResult, 'exercise' | 'client' | 'server'>): PairResult | undefined {
    const at = this.pairIndex.get(pairKey(key));
    return at === undefined ? undefined : this.summary.pairs[at];
  }

  private plan(id: string, path: string, student?: StudentIdentity): SubmissionSummary {
    const known = this.byId.get(id);
    if (known) {
      if (!known.path) known.path = path;
      if (student && !known.student) known.student = student;
      return known;
    }
    const fresh: SubmissionSummary = { id, path, ...(student ? { student } : {}) };
    this.byId.set(id, fresh);
    this.summary.submissions.push(fresh);
    return fresh;
  }

  /** Puts the planned submissions first, in plan order, and the unplanned ones after, as they came. */
  private replan(begin: RunBeginEvent): void {
    const planned = new Set(begin.submissions.map((p) => this.plan(p.id, p.path, p.student)));
    const order = [...planned, ...this.summary.submissions.filter((s) => !planned.has(s))];
    // In place: the summary is one shared object.
    this.summary.submissions.length = 0;
    for (const s of order) this.summary.submissions.push(s);
    this.listExercises();
  }

  /** Planned exercises first, then any others seen in results, in submission order. */
  private listExercises(): void {
    const ids = [...(this.summary.begin?.settings.exercises ?? [])];
    for (const s of this.summary.submissions) {
      for (const x of s.result?.exercises ?? []) if (!ids.includes(x.id)) ids.push(x.id);
    }
    this.summary.exercises = ids;
  }

  /** One run:end for one run as it came; for shards, ended only when every shard ended. */
  private settleEnd(): void {
    if (this.ends.length === 0) return;
    const single = this.ends.length === 1 && this.begins.length <= 1;
    const missing = Math.max(0, this.begins.length - this.ends.length);
    this.summary.end = single ? this.ends[0] : mergeEnds([...this.ends, ...new Array<undefined>(missing).fill(undefined)]);
  }
}

function pairKey(p: Pick<PairResult, 'exercise' | 'client' | 'server'>): string {
  return `${p.exercise}\u0000${p.client}\u0000${p.server}`;
}

/** Whether student pair `p` involves the student whose reference pair `ref` is. */
function touches(p: PairResult, ref: PairResult): boolean {
  if (p.exercise !== ref.exercise) return false;
  return ref.server === REFERENCE_ID ? p.client === ref.client : p.server === ref.server;
}

/** Folds a whole recorded log at once. */
export function summarize(events: Iterable<GradeEvent>): RunSummary {
  const fold = new RunFold();
  for (const e of events) fold.add(e);
  return fold.summary;
}
