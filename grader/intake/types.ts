// What intake needs to know about an exercise: its programs and the file names that match them.

/** One program of an exercise (server or client) and the file names that count as it, in priority order. */
export interface ProgramFiles {
  role: string;
  files: string[];
}

/** A program's file as found in a submission. */
export interface MatchedFile {
  role: string;
  /** Path relative to the submission root, with forward slashes. */
  relPath: string;
  depth: number;
  /** Other candidates that lost, relative paths; the report notes the choice. */
  alternatives: string[];
}
