// Telling bytes that are not text apart: a TLS handshake, a pickle, or other binary data.

/** What kind of non-text bytes a program sent, with their first 16 bytes in hex. */
export interface BinaryKind {
  kind: 'tls' | 'pickle' | 'binary';
  /** The first 16 bytes, lowercase, space-separated: `16 03 01 02 00 01 …`. */
  hex: string;
}

/** Classifies bytes a student program sent; undefined when they are text (UTF-8 with accents and emoji included). */
export function binaryKind(bytes: Buffer): BinaryKind | undefined {
  if (bytes.length === 0) return undefined;
  const hex = [...bytes.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  // A TLS record: content type 22 (handshake), version 3.x: a client that wrapped its socket in ssl.
  if (bytes.length >= 3 && bytes[0] === 0x16 && bytes[1] === 0x03 && bytes[2] <= 0x04) return { kind: 'tls', hex };
  // pickle.dumps() since protocol 2 opens with PROTO (0x80) and the protocol number.
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) return { kind: 'pickle', hex };
  return looksBinary(bytes) ? { kind: 'binary', hex } : undefined;
}

// Text may carry a stray escape or a Latin-1 "ç"; binary is a NUL (struct.pack lengths, UTF-16)
// or a share of control or invalid UTF-8 bytes no text reaches.
function looksBinary(bytes: Buffer): boolean {
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return true;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) control++;
  }
  const invalid = invalidUtf8Bytes(bytes);
  return control / bytes.length > 0.3 || invalid / bytes.length > 0.3 || (control + invalid) / bytes.length > 0.3;
}

/** Bytes outside well-formed UTF-8 sequences; a sequence cut at the end of the buffer is not counted. */
export function invalidUtf8Bytes(bytes: Buffer): number {
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) {
      invalid++;
      i++;
      continue;
    }
    let ok = 0;
    while (ok < need && i + 1 + ok < bytes.length && (bytes[i + 1 + ok] & 0xc0) === 0x80) ok++;
    if (ok === need || i + 1 + ok === bytes.length) {
      i += 1 + ok;
    } else {
      invalid++;
      i++;
    }
  }
  return invalid;
}
