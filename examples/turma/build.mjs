#!/usr/bin/env node
// Builds the zips of the example class, byte for byte the same on every run and machine:
//
//   1. each folder src-zip/<student folder>/<name>/ becomes moodle/<student folder>/<name>.zip,
//      holding that folder's files at its root (a student who uploaded a zip instead of .py files);
//   2. the whole moodle/ tree becomes turma-moodle.zip, with entries
//      "<Full Name>_<participant id>_assignsubmission_file/<file>" as Moodle's
//      "Download all submissions" writes them.
//
// Determinism: every entry has the same mtime (2026-11-20T12:00:00Z, written in UTC), mode 0644
// and deflate level, entries are sorted by name (UTF-16 code units), and names are UTF-8 with the
// UTF-8 flag (yazl sets bit 11 on every entry). Dotfiles are left out.
//
//   node examples/turma/build.mjs          (from anywhere; paths are relative to this file)
process.env.TZ = 'UTC'; // yazl writes the DOS date in local time: pin it before any Date is made

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SRC_ZIP = path.join(HERE, 'src-zip');
const MOODLE = path.join(HERE, 'moodle');
const CLASS_ZIP = path.join(HERE, 'turma-moodle.zip');
const MTIME = new Date('2026-11-20T12:00:00Z');
const MODE = 0o100644;

/** Relative POSIX paths of the files under `dir`, sorted, without dotfiles. */
function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.name.normalize('NFC') !== entry.name) throw new Error(`not NFC: ${path.join(dir, entry.name)}`);
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Writes a zip of `entries` ([name in zip, path on disk]) to `outFile`; resolves to its SHA-256. */
function writeZip(entries, outFile) {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, file] of entries) zip.addBuffer(fs.readFileSync(file), name, { mtime: MTIME, mode: MODE, compressionLevel: 9 });
    zip.end();
    const chunks = [];
    zip.outputStream.on('data', (c) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => {
      const bytes = Buffer.concat(chunks);
      fs.writeFileSync(outFile, bytes);
      resolve(crypto.createHash('sha256').update(bytes).digest('hex'));
    });
  });
}

function report(file, sha) {
  console.log(`${path.relative(HERE, file)}  ${fs.statSync(file).size} bytes  sha256 ${sha.slice(0, 16)}`);
}

// 1. Inner zips, written into the moodle/ tree (they are part of it).
if (fs.existsSync(SRC_ZIP)) {
  for (const student of listDirs(SRC_ZIP)) {
    for (const name of listDirs(path.join(SRC_ZIP, student))) {
      const dir = path.join(SRC_ZIP, student, name);
      const outDir = path.join(MOODLE, student);
      fs.mkdirSync(outDir, { recursive: true });
      const out = path.join(outDir, `${name}.zip`);
      report(out, await writeZip(listFiles(dir).map((rel) => [rel, path.join(dir, rel)]), out));
    }
  }
}

// 2. The class download.
const entries = listFiles(MOODLE).map((rel) => [rel, path.join(MOODLE, rel)]);
report(CLASS_ZIP, await writeZip(entries, CLASS_ZIP));

function listDirs(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
