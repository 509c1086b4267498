#!/usr/bin/env node
// Checks agora-token-core's zlib encoder against Node's own zlib.
//
//   node scripts/deflate-node-check.mjs [--count N] [--seed S] [--file F] [--keep]
//
// Without --file (or when F does not exist yet), runs
//   cargo run --release -p agora-token-core --example deflate_corpus -- <seed> <count> <file>
// which writes N records: u8 kind (0 token-shaped, 1 arbitrary), u32 LE input length,
// input, u32 LE compressed length, the compressed input (compressed as the token builder
// does). Every record is inflated with zlib.inflateSync and compared with its input. For token-shaped inputs the script also
// reports the size of our output against zlib.deflateSync(input) (Node's level 6); the
// mean of that ratio must be at most 1.02. Exits non-zero on any failure.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const count = Number(opt('--count', '1000000'));
const seed = opt('--seed', '20261122');
const keep = args.includes('--keep');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let file = opt('--file', null);
const generated = !file || !fs.existsSync(file);
if (!file) file = path.join(os.tmpdir(), `deflate-corpus-${seed}-${count}.bin`);

if (generated) {
  const t = Date.now();
  const r = spawnSync(
    'cargo',
    ['run', '--release', '-q', '-p', 'agora-token-core', '--example', 'deflate_corpus', '--', seed, String(count), file],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) {
    console.error('generating the corpus failed');
    process.exit(2);
  }
  console.log(`generated ${count} records (seed ${seed}) into ${file} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const t0 = Date.now();
const fd = fs.openSync(file, 'r');
const CHUNK = 64 << 20;
let buf = Buffer.alloc(CHUNK);
let have = 0; // bytes of buf holding unread data
let eof = false;
const fill = () => {
  while (!eof && have < buf.length) {
    const n = fs.readSync(fd, buf, have, buf.length - have, null);
    if (n === 0) eof = true;
    have += n;
  }
};

let records = 0;
let failures = 0;
const tokens = { n: 0, ratioSum: 0, ours: 0, node: 0, worst: 0, longer: 0 };
const kinds = [0, 0];
let pos = 0;
// Makes `n` bytes from `pos` on available (moving them to the front of `buf`, which
// grows if needed); false at the end of the file.
const ensure = (n) => {
  if (pos + n <= have) return true;
  if (eof) return false;
  buf.copy(buf, 0, pos, have);
  have -= pos;
  pos = 0;
  if (n > buf.length) {
    const bigger = Buffer.alloc(2 * n);
    buf.copy(bigger, 0, 0, have);
    buf = bigger;
  }
  fill();
  return n <= have;
};
fill();
while (ensure(5)) {
  const kind = buf[pos];
  const inLen = buf.readUInt32LE(pos + 1);
  if (!ensure(5 + inLen + 4)) break;
  const zLen = buf.readUInt32LE(pos + 5 + inLen);
  if (!ensure(9 + inLen + zLen)) break;
  const input = buf.subarray(pos + 5, pos + 5 + inLen);
  const z = buf.subarray(pos + 9 + inLen, pos + 9 + inLen + zLen);
  let ok = false;
  try {
    ok = zlib.inflateSync(z).equals(input);
  } catch (e) {
    if (failures < 10) console.error(`record ${records}: inflateSync threw: ${e.message}`);
  }
  if (!ok) {
    failures++;
    if (failures < 10) console.error(`record ${records} (kind ${kind}, ${inLen} bytes) does not round-trip`);
  }
  kinds[kind & 1]++;
  if (kind === 0) {
    const nodeLen = zlib.deflateSync(input).length;
    const r = zLen / nodeLen;
    tokens.n++;
    tokens.ratioSum += r;
    tokens.ours += zLen;
    tokens.node += nodeLen;
    tokens.worst = Math.max(tokens.worst, r);
    if (zLen > nodeLen) tokens.longer++;
  }
  records++;
  pos += 9 + inLen + zLen;
}
fs.closeSync(fd);
if (pos !== have || !eof) {
  console.error(`trailing or truncated data at record ${records}`);
  failures++;
}
if (generated && !keep) fs.unlinkSync(file);

const mean = tokens.n ? tokens.ratioSum / tokens.n : NaN;
console.log(
  `${records} records (${kinds[0]} token-shaped, ${kinds[1]} arbitrary) checked with zlib.inflateSync ` +
    `(zlib ${process.versions.zlib}) in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${failures} failures`,
);
console.log(
  `token-shaped size vs zlib.deflateSync (level 6): mean ratio ${mean.toFixed(5)}, ` +
    `total ${tokens.ours} vs ${tokens.node} bytes (${(tokens.ours / tokens.node).toFixed(5)}), ` +
    `longer in ${tokens.longer}, worst ${tokens.worst.toFixed(4)}`,
);
if (records !== count && generated) {
  console.error(`expected ${count} records, read ${records}`);
  failures++;
}
if (failures > 0 || !(mean <= 1.02)) process.exit(1);
