// A root cause found from evidence: one diagnostic that explains every check it broke.
import type { EvidenceItem, Msg } from '../events.js';

/** A cause as a classifier finds it, before it is linked to the checks it explains. */
export interface Cause {
  code: string;
  file?: string;
  line?: number;
  message: Msg;
  hint: Msg;
  evidence: EvidenceItem[];
}

/** The identity of a cause: one mistake (code, file, line) is explained once. */
export function causeKey(cause: { code: string; file?: string; line?: number }): string {
  return `${cause.code}|${cause.file ?? ''}|${cause.line ?? ''}`;
}

/** A cause with its message and hint keys derived from its code (`diag.<code>`, `diag.<code>.hint`). */
export function cause(code: string, params: Msg['params'], evidence: EvidenceItem[], at?: { file: string; line: number }, variant?: string): Cause {
  return {
    code,
    file: at?.file,
    line: at?.line,
    message: { key: `diag.${code}${variant ? `.${variant}` : ''}`, params },
    hint: { key: `diag.${code}.hint`, params },
    evidence,
  };
}
