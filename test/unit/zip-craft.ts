// A tiny raw zip writer for hostile archives that yazl refuses to make: `..` and absolute names,
// links and devices, raw CP437/CP850 names, the encryption bit, lying CRCs.
import zlib from 'node:zlib';

/** One entry as it will be written, byte for byte. */
export interface CraftEntry {
  /** A string is written as UTF-8 with bit 11 set; a Buffer is written raw with bit 11 off. */
  name: string | Buffer;
  data?: Buffer | string;
  /** 0 stored (the default), 8 deflated. */
  method?: 0 | 8;
  /** Unix mode (type and permissions) for the external attributes, e.g. 0o120777 for a link. */
  unixMode?: number;
  /** Sets bit 0 (traditional encryption) and prefixes 12 header bytes, as a real encrypted entry has. */
  encrypted?: boolean;
  /** Writes this CRC instead of the real one. */
  crc?: number;
  /** Writes these bytes as the (compressed) data instead of the real ones. */
  rawData?: Buffer;
}

/** Builds a zip archive from the entries, in order. */
export function craftZip(entries: CraftEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const plain = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8');
    const method = e.method ?? 0;
    let packed = e.rawData ?? (method === 8 ? zlib.deflateRawSync(plain) : plain);
    if (e.encrypted) packed = Buffer.concat([Buffer.alloc(12, 0x5a), packed]);
    const flags = (typeof e.name === 'string' ? 0x800 : 0) | (e.encrypted ? 1 : 0);
    const crc = e.crc ?? zlib.crc32(plain);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(plain.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(plain.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.unixMode ?? 0) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
