// GitHub Actions workflow commands (`::error …::…`), escaped as actions/toolkit does.

/** Escapes a command's message: %, CR and LF, so student text cannot start a new command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: as data, plus the `:` and `,` that delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Properties of an annotation; empty ones are left out. */
export interface AnnotationProps {
  file?: string;
  line?: number;
  title?: string;
}

/** One `::error` line (without the trailing newline). */
export function errorCommand(props: AnnotationProps, message: string): string {
  const parts: string[] = [];
  if (props.file) parts.push(`file=${escapeProperty(props.file)}`);
  if (props.line !== undefined) parts.push(`line=${props.line}`);
  if (props.title) parts.push(`title=${escapeProperty(props.title)}`);
  return `::error${parts.length ? ' ' + parts.join(',') : ''}::${escapeData(message)}`;
}
