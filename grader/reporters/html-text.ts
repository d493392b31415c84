// Text shaping for HTML/SVG output: escaping, visible control characters, trimming.
import Handlebars from 'handlebars';

/** Escapes for both element text and quoted attributes (& < > " ' ` =). */
export function escapeHtml(text: unknown): string {
  return Handlebars.Utils.escapeExpression(text === undefined || text === null ? '' : String(text));
}

/** Shows C0 controls and DEL as Unicode control pictures, so an ESC or NUL is seen, not obeyed. */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) =>
    c === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0)),
  );
}

/** One line for a label: newlines as ↵, controls visible, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = visible(text.replace(/\r?\n/g, '↵').replace(/\r/g, '↵').replace(/\t/g, '→'));
  const chars = [...flat];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : flat;
}
