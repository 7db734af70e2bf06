#!/usr/bin/env node
// Trunk post-build hook (see Trunk.toml), also runnable by hand on a built folder:
//   node scripts/post-build.mjs [dir]      (default: $TRUNK_STAGING_DIR)
// 0. The screens loaded on demand: the wasm chunks and their loader that scripts/link-split.sh
//    wrote for the wasm Trunk used, copied in with content-hashed names (a host's cache never
//    mixes two builds); in release builds the wasm's size pass (binaryen) and its integrity hash.
// 1. Content-Security-Policy: hashes every inline <script> of index.html (Trunk's loader, and the
//    autoreload script under `trunk serve`) and writes the policy in a <meta> tag. No other inline
//    script can run; no remote origin is allowed.
// 2. Service worker: lists every file of the build and writes sw.js from scripts/sw.template.js,
//    with a version derived from the files' contents, so any change gives a new worker and cache.
// 1b. The user guide: docs/guide.md (French, for users) rendered to `aide.html` with the app's
//    stylesheet, linked from the app's footer as « Aide » and cached by the worker like the rest.
// 3. Pre-compressed copies: `.br` (brotli, quality 11) and `.gz` (gzip, level 9) next to every text
//    and wasm file, for hosts that serve them as they are (README, "Deploy"); Trunk has no option
//    for it. scripts/check-compressed.mjs checks that they decompress to the same bytes.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { COMPRESSIBLE, walk } from './files.mjs';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: no folder given and TRUNK_STAGING_DIR is not set');
  process.exit(2);
}
const here = fileURLToPath(new URL('.', import.meta.url));


const indexPath = join(dir, 'index.html');
let html = await readFile(indexPath, 'utf8');

// 0. The screens loaded on demand (src/ui/on_demand.rs, scripts/link-split.sh). The main JS
//    imports `./__wasm_split.js`, which fetches `./split_<chunk>.wasm`: all three get names with
//    their content's hash, and the main JS's changed bytes get their integrity hash in index.html.
const optimise = process.env.TRUNK_PROFILE === 'release';
const wasmOptArgs = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];
const hashed = (name, bytes) => name.replace(/(\.[a-z]+)$/, `-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}$1`);
const setIntegrity = (file, bytes) => {
  const integrity = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  const link = new RegExp(`(href="\\./${file.replace(/[.]/g, '\\.')}"[^>]*integrity=")sha384-[^"]+`);
  if (!link.test(html)) throw new Error(`post-build: no integrity for ${file} in index.html`);
  html = html.replace(link, `$1${integrity}`);
};
const mainJs = (await readdir(dir)).find((f) => /^relance-[0-9a-f]+\.js$/.test(f));
let mainJsText = mainJs && (await readFile(join(dir, mainJs), 'utf8'));
if (mainJsText?.includes('from "./__wasm_split.js"')) {
  const target = process.env.CARGO_TARGET_DIR ?? 'target';
  const linked = await readFile(join(target, 'wasm32-unknown-unknown', optimise ? 'release' : 'debug', 'relance.wasm'));
  const splits = join(target, 'wasm-split');
  let from;
  for (const d of await readdir(splits)) {
    const main = await readFile(join(splits, d, 'relance.wasm')).catch(() => null);
    if (main?.equals(linked)) from = join(splits, d);
  }
  if (!from) throw new Error(`post-build: no chunks in ${splits} for the wasm Trunk used`);
  let loader = (await readFile(join(from, '__wasm_split.js'), 'utf8')).replace('"./relance.js"', `"./${mainJs}"`);
  // The shared chunks a screen needs are asked for one task apart (a MessageChannel message
  // between two), still all in flight together: asked for in one task, their fetches (20–30 ms
  // each on a slow phone under Lighthouse) made a task of 400–700 ms, the screens' prefetch's,
  // which a tap waited for and which ended Lighthouse's quiet window (BENCHMARKS.md,
  // twenty-fifth round). Each promise is handled at once: a failure still reaches Promise.all.
  const together = '        const parallelStuff = deps.map(d => d());\n';
  if (!loader.includes(together)) throw new Error('post-build: the chunks\' loader no longer asks for its shared chunks as expected');
  loader = loader.replace(
    together,
    `        const parallelStuff = [];
        for (const d of deps) {
            const loading = d();
            loading.catch(() => {});
            parallelStuff.push(loading);
            await nextTask();
        }
`,
  );
  loader += `
function nextTask() {
    return new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
    });
}
`;
  for (const f of (await readdir(from)).filter((f) => f.endsWith('.wasm') && f !== 'relance.wasm')) {
    const tmp = join(dir, f);
    await writeFile(tmp, await readFile(join(from, f)));
    if (optimise) execFileSync('wasm-opt', ['-Oz', ...wasmOptArgs, tmp, '-o', tmp], { stdio: 'inherit' });
    const bytes = await readFile(tmp);
    const name = hashed(f, bytes);
    await rename(tmp, join(dir, name));
    if (!loader.includes(`"./${f}"`)) throw new Error(`post-build: the loader does not fetch ${f}`);
    loader = loader.replace(`"./${f}"`, `"./${name}"`);
  }
  const loaderName = hashed('__wasm_split.js', loader);
  await writeFile(join(dir, loaderName), loader);
  // The import statements only: the imports object keeps the module name the wasm asks for.
  mainJsText = mainJsText.replaceAll('from "./__wasm_split.js"', `from "./${loaderName}"`);
  await writeFile(join(dir, mainJs), mainJsText);
  setIntegrity(mainJs, Buffer.from(mainJsText));
}

// The wasm's size pass, in release builds: Trunk runs no wasm-opt (index.html,
//    data-wasm-opt="0"); this runs binaryen's -Oz with the flatten and re-loop passes, 3 KB less
//    brotli than -Oz alone (BENCHMARKS.md), then writes the optimised wasm's integrity hash where
//    Trunk wrote the unoptimised one's.
if (optimise) {
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('_bg.wasm'))) {
    const path = join(dir, f);
    execFileSync('wasm-opt', ['-Oz', '--flatten', '--rereloop', '-Oz', '-Oz', ...wasmOptArgs, path, '-o', path], { stdio: 'inherit' });
    setIntegrity(f, await readFile(path));
  }
}

// 1. CSP.
html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  (m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`,
);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
html = html.replace(
  /<meta charset="utf-8" \/>/,
  `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
);
await writeFile(indexPath, html);

// 1b. The user guide, from its one source.
{
  const css = (await readdir(dir)).find((f) => /^main-[0-9a-f]+\.css$/.test(f));
  const body = marked.parse(await readFile(join(here, '..', 'docs', 'guide.md'), 'utf8'));
  const page = `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'" />
    <title>Aide — Relance</title>
    ${css ? `<link rel="stylesheet" href="./${css}" />` : ''}
  </head>
  <body>
    <main class="guide">
      <p><a href="./">← Revenir à Relance</a></p>
${body}    </main>
  </body>
</html>
`;
  await writeFile(join(dir, 'aide.html'), page);
}

// 2. Service worker.
const files = (await walk(dir))
  .map((p) => relative(dir, p).split(sep).join('/'))
  .filter((f) => f !== 'sw.js' && !f.startsWith('.') && !/\.(br|gz)$/.test(f))
  .sort();
const digest = createHash('sha256');
for (const f of files) {
  digest.update(f);
  digest.update(await readFile(join(dir, f)));
}
const version = digest.digest('hex').slice(0, 16);
const template = await readFile(join(here, 'sw.template.js'), 'utf8');
const sw = template
  .replace('__VERSION__', version)
  .replace('__FILES__', JSON.stringify(files.map((f) => `./${f}`), null, 2));
await writeFile(join(dir, 'sw.js'), sw);
// 3. Pre-compressed copies.
let compressed = 0;
for (const f of [...files, 'sw.js'].filter((f) => COMPRESSIBLE.test(f))) {
  const bytes = await readFile(join(dir, f));
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  await writeFile(join(dir, `${f}.br`), br);
  await writeFile(join(dir, `${f}.gz`), gzipSync(bytes, { level: 9 }));
  compressed++;
}
console.log(
  `post-build: CSP with ${hashes.length} script hash(es); sw.js ${version} caching ${files.length} files; ${compressed} files pre-compressed (.br, .gz)`,
);
