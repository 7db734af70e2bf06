#!/usr/bin/env node
// Checks the pre-compressed copies written by scripts/post-build.mjs: every text and wasm file of
// the build has a `.br` and a `.gz` beside it, and each decompresses to the very bytes of its file.
//   node scripts/check-compressed.mjs [dir]   (default: dist)
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { COMPRESSIBLE, walk } from './files.mjs';

const dir = process.argv[2] ?? 'dist';


const files = (await walk(dir)).map((p) => relative(dir, p).split(sep).join('/'));
const present = new Set(files);
const problems = [];
let checked = 0;
for (const f of files.filter((f) => COMPRESSIBLE.test(f))) {
  const bytes = await readFile(join(dir, f));
  for (const [ext, unpack] of [['br', brotliDecompressSync], ['gz', gunzipSync]]) {
    if (!present.has(`${f}.${ext}`)) {
      problems.push(`${f}.${ext} missing`);
      continue;
    }
    const back = unpack(await readFile(join(dir, `${f}.${ext}`)));
    if (!back.equals(bytes)) problems.push(`${f}.${ext} does not decompress to ${f}`);
    checked++;
  }
}
if (checked === 0) problems.push(`no compressible file in ${dir}`);
if (problems.length) {
  console.error(`pre-compressed files: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`pre-compressed files: ${checked} copies checked, each decompresses to its file`);
