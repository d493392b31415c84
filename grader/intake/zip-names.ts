// Zip entry names as the student's computer wrote them: UTF-8, or a DOS code page (CP437, CP850).
import zlib from 'node:zlib';
import type { ExtraField } from 'yauzl';

// The upper halves of the two DOS code pages; the lower halves are ASCII.
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const CP850_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN_LETTER = /(?=\p{L})\p{Script=Latin}/gu;

const decodeWith = (raw: Buffer, high: string) => Array.from(raw, (b) => (b < 0x80 ? String.fromCharCode(b) : high[b - 0x80]!)).join('');

/**
 * Decodes an entry name. UTF-8 when bit 11 says so, when Info-ZIP's Unicode path field (0x7075)
 * matches the name, or when the bytes are valid multi-byte UTF-8 (macOS writes UTF-8 without the
 * flag; DOS code-page names almost never form valid UTF-8). Otherwise CP850 when it yields more
 * Latin letters than CP437 (CP437's box-drawing and Greek glyphs at those bytes are never meant in a
 * Brazilian file name: 0xC6 is ╞ in CP437 and ã in CP850); a tie keeps CP437, the zip default.
 */
export function decodeEntryName(raw: Buffer, flags: number, extraFields: ExtraField[] = []): string {
  const unicodePath = extraFields.find((f) => f.id === 0x7075 && f.data.length >= 6 && f.data[0] === 1 && f.data.readUInt32LE(1) === zlib.crc32(raw));
  if (unicodePath) return unicodePath.data.subarray(5).toString('utf8');
  if (flags & 0x800 || !raw.some((b) => b >= 0x80)) return raw.toString('utf8');
  try {
    return STRICT_UTF8.decode(raw);
  } catch {
    const cp437 = decodeWith(raw, CP437_HIGH);
    const cp850 = decodeWith(raw, CP850_HIGH);
    const letters = (s: string) => s.match(LATIN_LETTER)?.length ?? 0;
    return letters(cp850) > letters(cp437) ? cp850 : cp437;
  }
}
