// Grading one exercise of one submission: each program's checks in order, then the diagnosis:
// side findings from every launch, and the one cause that explains each failed check.
import type { CheckDef, ExerciseDef, ProgramDef } from '../check/api.js';
import { CheckRun, type SharedResult } from '../check/context.js';
import { CheckFailure, msg } from '../check/failure.js';
import { cutShortNotes, Lessons } from '../check/lessons.js';
import { settledNotes } from '../check/settle.js';
import { CheckAborted } from '../check/scope.js';
import { findCause, studentPaths, type ProgramFacts } from '../causes/find-cause.js';
import { linkCauses, type FailedCheck } from '../causes/link.js';
import { programFacts } from '../causes/program-facts.js';
import type { PathMapper } from '../causes/threads-view.js';
import type { CheckResult, Diagnostic, ExerciseResult, Msg, ProgramReport } from '../events.js';
import type { MatchedFile } from '../intake/types.js';
import type { PlannedProgram } from '../plan/types.js';
import { scoreChecks } from '../score.js';
import { diagnoseProgram } from './diagnose.js';
import { gatherEvidence } from './evidence.js';
import { ProgramSession, type Launch, type SessionEnv } from './session.js';

/** Where results go as they are produced. */
export interface ExerciseSink {
  checkEnd(check: CheckResult): void;
  graderFault(error: unknown): void;
}

/** Grades all programs of an exercise present in the submission's work folder. */
export async function gradeExercise(
  def: ExerciseDef,
  matched: Map<string, MatchedFile>,
  workDir: string,
  env: SessionEnv,
  sink: ExerciseSink,
): Promise<ExerciseResult> {
  const checks: CheckResult[] = [];
  const diagnostics: Diagnostic[] = [];
  const programs: ProgramReport[] = [];
  for (const program of def.programs) {
    const file = matched.get(program.role);
    const defs = def.checks.filter((c) => c.program === program.role);
    const own: CheckResult[] = [];
    if (!file) {
      for (const check of defs) own.push(skipped(check, msg('check.missing-file', { files: program.files.join(', ') })));
      diagnostics.push(...linkCauses(program.role, own, [], [missingFile(program)], { socketFound: false }));
      programs.push({ role: program.role, launches: 0, stdoutTail: '', stderrTail: '' });
    } else {
      const session = new ProgramSession(program, file, workDir, env);
      const facts = programFacts(program, file.relPath, workDir, env.localModules);
      const failed: FailedCheck[] = [];
      try {
        await runChecks(def, defs, session, env.timeoutScale, own, failed, facts, sink);
      } finally {
        await session.stopAll();
      }
      diagnostics.push(...explain(facts, session, own, failed), ...ranOnPython2(program.role, file));
      programs.push(programReport(program, file, session));
    }
    // The checks are told once their causes are known, so the live stream and the result agree.
    for (const check of own) emit(sink, check);
    checks.push(...own);
  }
  const { score, points, maxPoints } = scoreChecks(checks);
  return { id: def.id, status: 'graded', score, points, maxPoints, checks, diagnostics, programs };
}

// Side findings from every launch, then the cause of each failed check, linked.
function explain(facts: ProgramFacts, session: ProgramSession, own: CheckResult[], failed: FailedCheck[]): Diagnostic[] {
  facts.side = diagnoseProgram(facts.def.role, facts.relFile, session.launches.map(launchFacts), facts.traceback);
  for (const f of failed) if (f.evidence) f.cause = findCause(f.evidence, facts);
  const socketFound = session.launches.some((l) => l.listening.length > 0);
  return linkCauses(facts.def.role, own, failed, facts.side, { socketFound });
}

// A file run on Python 2 as the class asks: the python2-syntax finding, neutral, explaining no check.
function ranOnPython2(role: string, file: MatchedFile & { python3Stop?: PlannedProgram['python3Stop'] }): Diagnostic[] {
  const stop = file.python3Stop;
  if (!stop) return [];
  const params = { file: file.relPath, line: stop.line, code: stop.code, reason: stop.reason, version: stop.version };
  const message = msg('diag.python2-syntax.ran', params);
  return [{ code: 'python2-syntax', program: role, file: file.relPath, line: stop.line, message, hint: msg('diag.python2-syntax.ran.hint', params), checks: [] }];
}

async function runChecks(
  def: ExerciseDef,
  defs: CheckDef[],
  session: ProgramSession,
  timeoutScale: number,
  results: CheckResult[],
  failed: FailedCheck[],
  facts: ProgramFacts,
  sink: ExerciseSink,
): Promise<void> {
  const memo = new Map<string, SharedResult>();
  const lessons = new Lessons();
  for (const check of defs) {
    const unmet = (check.needs ?? []).filter((id) => results.find((r) => r.id === id)?.status !== 'pass');
    if (unmet.length > 0) {
      results.push(skipped(check, msg('check.needs', { checks: unmet.join(', ') })));
      continue;
    }
    const run = new CheckRun(session, timeoutScale, memo, lessons, check.id);
    const before = snapshot(session.launches);
    const result = await runOne(def, check, run, timeoutScale, sink);
    result.durationMs = Date.now() - run.startedAt;
    // Where the living programs are, before anything is killed: only when the check failed.
    if (result.status === 'fail') {
      const stderrAtStart = new Map([...before].map(([l, snap]) => [l, snap.stderrLength]));
      failed.push({ result, def: check, evidence: await gatherEvidence(run, session, facts.workDir, stderrAtStart) });
    }
    // Student programs die before our sockets reset, so they never see a reset we caused.
    const keepServer = session.def.instance === 'shared' && session.def.role === 'server';
    const ended = keepServer ? session.launches.filter((l) => l !== session.current) : session.launches;
    addTracebackNote(result, session.launches, before, facts.toRel);
    // The transcript ends with the check, before the grader's own clean-up kills and resets.
    result.transcript = [...run.transcript.entries];
    await Promise.all(ended.map((l) => l.program.kill()));
    run.closePeers();
    run.detach();
    // A failure after a shortened wait says so first, and names the check that showed the cause.
    if (result.status === 'fail') explainShortWaits(result, run);
    result.notes.push(...run.notes);
    results.push(result);
  }
}

async function runOne(def: ExerciseDef, check: CheckDef, run: CheckRun, scale: number, sink: ExerciseSink): Promise<CheckResult> {
  const base: CheckResult = { id: check.id, program: check.program, status: 'pass', weight: check.weight, durationMs: 0, notes: [], transcript: [] };
  const hint = msg(check.hint ?? `${def.id}.${check.id}.hint`);
  const limitMs = check.timeoutMs * scale;
  const timedOut = msg('check.timeout', { seconds: Math.round(limitMs / 100) / 10 });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The scope ends with the deadline: the body's waits stop and it can act no more.
      run.scope.end();
      reject(new CheckFailure(timedOut));
    }, limitMs);
  });
  try {
    await Promise.race([check.run(run), deadline]);
    return base;
  } catch (error) {
    if (error instanceof CheckFailure) return { ...base, status: 'fail', message: error.msg, hint: error.hint ?? hint };
    if (error instanceof CheckAborted) return { ...base, status: 'fail', message: timedOut, hint };
    sink.graderFault(error);
    return { ...base, status: 'error', message: msg('check.grader-error', { error: String((error as Error)?.message ?? error) }) };
  } finally {
    clearTimeout(timer);
    run.scope.end();
  }
}

// A program that printed a traceback during a failing check while it kept running (a thread
// died): the traceback goes into the check's own result. An exit leads the message instead.
function addTracebackNote(result: CheckResult, launches: Launch[], before: Map<Launch, LaunchSnapshot>, toRel: PathMapper): void {
  if (result.status !== 'fail') return;
  for (const launch of launches) {
    const then = before.get(launch) ?? { stderrLength: 0, exited: false };
    const fresh = launch.program.stderr.text.slice(then.stderrLength);
    if (/Traceback \(most recent call last\)|Exception in thread/.test(fresh) && !(launch.exitedAt && !launch.program.exit?.killed && !then.exited)) {
      result.notes.push(msg('check.program-traceback', { traceback: tailLines(studentPaths(fresh, toRel), 12) }));
      return;
    }
  }
}

// A failure after a wait that ended early says how long it really waited, and why: the program
// settled (then the message's deadline becomes the time waited), or an earlier check showed it.
function explainShortWaits(result: CheckResult, run: CheckRun): void {
  const stop = run.settledStops[0];
  if (!stop) {
    result.notes.push(...cutShortNotes(run.cutShort));
    return;
  }
  const params = result.message?.params;
  const secs = (ms: number) => Math.round(ms / 100) / 10;
  if (params && Number(params.seconds) === secs(stop.fullMs)) params.seconds = secs(stop.waitedMs);
  result.notes.push(...settledNotes(run.settledStops));
}

/** What a launch looked like when a check began. */
interface LaunchSnapshot {
  stderrLength: number;
  exited: boolean;
}

function snapshot(launches: Launch[]): Map<Launch, LaunchSnapshot> {
  return new Map(launches.map((l) => [l, { stderrLength: l.program.stderr.text.length, exited: l.program.exit !== undefined }]));
}

function tailLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

function emit(sink: ExerciseSink, result: CheckResult): CheckResult {
  sink.checkEnd(result);
  return result;
}

function skipped(check: CheckDef, message: Msg): CheckResult {
  return { id: check.id, program: check.program, status: 'skip', weight: check.weight, durationMs: 0, message, notes: [], transcript: [] };
}

function missingFile(program: ProgramDef): Diagnostic {
  return {
    code: 'missing-file',
    program: program.role,
    message: msg('diag.missing-file', { role: program.role, files: program.files.join(', ') }),
    hint: msg('diag.missing-file.hint', { files: program.files.join(', ') }),
  };
}

function launchFacts(launch: Launch) {
  const p = launch.program;
  return {
    stderr: p.stderr.text,
    exitCode: p.exit?.code,
    signal: p.exit?.signal,
    killedByGrader: p.exit?.killed ?? false,
    cpuLimit: p.exit?.limit === 'cpu',
    overdue: launch.overdue,
    stdoutOverflowed: p.stdout.overflowed,
    stderrOverflowed: p.stderr.overflowed,
    givenPort: launch.givenPort,
    usedPort: launch.usedPort,
  };
}

function programReport(program: ProgramDef, file: MatchedFile, session: ProgramSession): ProgramReport {
  return {
    role: program.role,
    file: file.relPath,
    choice: file.alternatives.length > 0 ? msg('report.file-choice', { chosen: file.relPath, others: file.alternatives.join(', ') }) : undefined,
    why: file.why,
    launches: session.launches.length,
    stdoutTail: joinTails(session.launches.map((l) => l.program.stdout.tail(2000))),
    stderrTail: joinTails(session.launches.map((l) => l.program.stderr.tail(2000))),
    source: session.source.slice(0, 64 * 1024),
  };
}

// Each launch's tail, newest last, so a traceback from an early launch is not lost; capped overall.
function joinTails(tails: string[]): string {
  const joined = tails.filter((t) => t.length > 0).join('\n');
  return joined.length > 6000 ? joined.slice(-6000) : joined;
}
