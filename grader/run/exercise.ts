// Grading one exercise of one submission: each program's checks in order, then the diagnosis.
import type { CheckDef, ExerciseDef, ProgramDef } from '../check/api.js';
import { CheckRun, exitText, type SharedResult } from '../check/context.js';
import { CheckFailure, msg } from '../check/failure.js';
import type { LaunchFlags } from '../check/program-view.js';
import type { CheckResult, Diagnostic, ExerciseResult, Msg, ProgramReport } from '../events.js';
import type { MatchedFile } from '../intake/types.js';
import { scoreChecks } from '../score.js';
import { diagnoseProgram } from './diagnose.js';
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
    if (!file) {
      for (const check of defs) checks.push(emit(sink, skipped(check, msg('check.missing-file', { files: program.files.join(', ') }))));
      diagnostics.push(missingFile(program));
      programs.push({ role: program.role, launches: 0, stdoutTail: '', stderrTail: '' });
      continue;
    }
    const session = new ProgramSession(program, file, workDir, env);
    const flags = new Map<Launch, LaunchFlags>();
    try {
      await runChecks(def, program, defs, session, flags, env.timeoutScale, checks, sink);
    } finally {
      await session.stopAll();
    }
    diagnostics.push(...diagnoseProgram(program.role, file.relPath, session.launches.map((l) => launchFacts(l, flags))));
    programs.push(programReport(program, file, session));
  }
  const { score, points, maxPoints } = scoreChecks(checks);
  return { id: def.id, status: 'graded', score, points, maxPoints, checks, diagnostics, programs };
}

async function runChecks(
  def: ExerciseDef,
  program: ProgramDef,
  defs: CheckDef[],
  session: ProgramSession,
  flags: Map<Launch, LaunchFlags>,
  timeoutScale: number,
  results: CheckResult[],
  sink: ExerciseSink,
): Promise<void> {
  const memo = new Map<string, SharedResult>();
  for (const check of defs) {
    const unmet = (check.needs ?? []).filter((id) => results.find((r) => r.id === id)?.status !== 'pass');
    if (unmet.length > 0) {
      results.push(emit(sink, skipped(check, msg('check.needs', { checks: unmet.join(', ') }))));
      continue;
    }
    const run = new CheckRun(session, timeoutScale, flags, memo);
    const before = snapshot(session.launches);
    const started = Date.now();
    const result = await runOne(def, check, run, timeoutScale, sink);
    result.durationMs = Date.now() - started;
    // Student programs die before our sockets reset, so they never see a reset we caused.
    const keepServer = program.instance === 'shared' && program.role === 'server';
    const ended = keepServer ? session.launches.filter((l) => l !== session.current) : session.launches;
    addCrashNotes(result, session.launches, before);
    // The transcript ends with the check, before the grader's own clean-up kills and resets.
    result.transcript = [...run.transcript.entries];
    await Promise.all(ended.map((l) => l.program.kill()));
    run.closePeers();
    run.detach();
    result.notes.push(...run.notes);
    results.push(emit(sink, result));
  }
}

async function runOne(def: ExerciseDef, check: CheckDef, run: CheckRun, scale: number, sink: ExerciseSink): Promise<CheckResult> {
  const base: CheckResult = { id: check.id, program: check.program, status: 'pass', weight: check.weight, durationMs: 0, notes: [], transcript: [] };
  const hint = msg(check.hint ?? `${def.id}.${check.id}.hint`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailure(msg('check.timeout', { seconds: Math.round((check.timeoutMs * scale) / 100) / 10 }))), check.timeoutMs * scale);
  });
  try {
    await Promise.race([check.run(run), deadline]);
    return base;
  } catch (error) {
    if (error instanceof CheckFailure) return { ...base, status: 'fail', message: error.msg, hint: error.hint ?? hint };
    sink.graderFault(error);
    return { ...base, status: 'error', message: msg('check.grader-error', { error: String((error as Error)?.message ?? error) }) };
  } finally {
    clearTimeout(timer);
  }
}

// A program that crashed, or printed a traceback, during a failing check: the crash and its
// traceback explain the failure, so they go into the check's own result.
function addCrashNotes(result: CheckResult, launches: Launch[], before: Map<Launch, LaunchSnapshot>): void {
  if (result.status !== 'fail') return;
  for (const launch of launches) {
    const then = before.get(launch) ?? { stderrLength: 0, exited: false };
    const exit = launch.program.exit;
    const fresh = launch.program.stderr.text.slice(then.stderrLength);
    if (!then.exited && exit && !exit.killed && (exit.code !== 0 || exit.signal !== null)) {
      result.notes.push(msg('check.program-exited', { status: exitText(launch), traceback: tailLines(fresh, 12) }));
      return;
    }
    if (/Traceback \(most recent call last\)|Exception in thread/.test(fresh)) {
      result.notes.push(msg('check.program-traceback', { traceback: tailLines(fresh, 12) }));
      return;
    }
  }
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

function launchFacts(launch: Launch, flags: Map<Launch, LaunchFlags>) {
  const p = launch.program;
  return {
    stderr: p.stderr.text,
    exitCode: p.exit?.code,
    signal: p.exit?.signal,
    killedByGrader: p.exit?.killed ?? false,
    cpuLimit: p.exit?.limit === 'cpu',
    overdue: flags.get(launch)?.overdue ?? false,
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
