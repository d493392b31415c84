// The run's plan, made once in the main process: who is graded, on which files, with which settings.
// A worker receives one submission's part of it and only executes it.
import type { Layout, Msg, StudentIdentity } from '../events.js';
import type { ExerciseOptions } from '../check/api.js';
import type { MatchedFile } from '../intake/types.js';
import type { IsolationPlan } from '../sandbox/isolation.js';
import type { Limits } from '../sandbox/limits.js';
import type { PythonInfo } from '../sandbox/python.js';

/** One program's file as planned: the choice and the ports its source may use without being told. */
export interface PlannedProgram extends MatchedFile {
  /** Port numbers written in its source (a server may listen there whatever argv says). */
  portLiterals: number[];
  /** The course's argv, a template of `{host}`, `{port}`, `{nick}`; absent: the exercise's own. */
  args?: string[];
  /** The course fixes the port: the program is graded on it, whatever it is told. */
  fixedPort?: number;
  /** `python2`: Python 3 rejects the file and Python 2 compiles it, and the class asks for python2: run. */
  interpreter?: 'python2';
  /** Where Python 3 stopped reading it, when it runs on Python 2: the neutral python2-syntax finding. */
  python3Stop?: { line: number; code: string; reason: string; version: string };
}

/** One exercise of one submission: graded on the chosen files, or missing. */
export interface PlannedExercise {
  id: string;
  status: 'graded' | 'missing';
  /** The programs found, by role; a role absent here is missing (its checks are skipped). */
  programs: PlannedProgram[];
  /** The limits its boxes get (defaults, the exercise's own, then the command line's). */
  limits: Limits;
  /** Check weights the class sets (0: reported, not counted); absent checks keep their own. */
  weights?: Record<string, number>;
  /** Checks the class dropped (a fixed port makes the port-argument checks meaningless). */
  dropped?: string[];
  /** The course's changes to the conversation: greeting, chat protocol. */
  options?: ExerciseOptions;
  /** The folder of a scenario exercise the class file lists by path: the worker loads it from there. */
  dir?: string;
  /** A missing exercise: the file names each program was looked for by, for its report. */
  looked?: { role: string; files: string[] }[];
}

/** One student's submission, ready to grade (or not, with the reason). */
export interface PlannedSubmission {
  id: string;
  /** The folder holding the student's files (the worker copies it). */
  dir: string;
  /** Where the teacher finds them, for the report: the folder, or the archive they came from. */
  path: string;
  student: StudentIdentity;
  /** Why it cannot be graded (a corrupt or encrypted archive): it is reported, never run. */
  error?: Msg;
  /** What intake and the file choice want the teacher to know. */
  notes: Msg[];
  exercises: PlannedExercise[];
  /** Module names of the submission's Python files: an import of one is not a missing package. */
  localModules: string[];
}

/** What every box of the run shares. */
export interface BoxSettings {
  isolation: IsolationPlan;
  python: PythonInfo;
  /** The Python 2 interpreter, when the class asks for python2: run and one is installed. */
  python2?: PythonInfo;
  outputCap: number;
  timeoutScale: number;
}

/** The whole run, decided before anything is started. */
export interface RunPlan {
  layout: Layout;
  /** Exercise ids graded in this run, in report order. */
  exercises: string[];
  submissions: PlannedSubmission[];
  /** In a shard, the whole class: a shard's servers meet every classmate's client (--pairs). */
  classSubmissions?: PlannedSubmission[];
  notes: Msg[];
}
