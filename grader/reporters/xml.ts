// XML 1.0 text and attribute escaping for the JUnit report.

// Everything outside XML 1.0's Char production, including lone surrogates (the `u` flag sees them).
const ILLEGAL = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters that no XML 1.0 document may contain, even escaped. */
export function stripIllegalXml(text: string): string {
  return text.replace(ILLEGAL, '');
}

/** Escapes element text. */
export function xmlText(text: string): string {
  return stripIllegalXml(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value; newlines become references so parsers keep them. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** `<name a="…" …>` with escaped attributes; undefined attributes are left out. */
export function openTag(name: string, attrs: Record<string, string | number | undefined>, selfClose = false): string {
  const parts = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`);
  return `<${name}${parts.join('')}${selfClose ? '/>' : '>'}`;
}
