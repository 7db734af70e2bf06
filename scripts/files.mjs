// Shared by the build scripts: every file below a folder, and which of them a host may send
// compressed (post-build writes their .br and .gz copies; check-compressed checks them).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Text and wasm files, which compress well. */
export const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|webmanifest|svg|txt)$/;

/** Every file below `folder`, as paths. */
export async function walk(folder) {
  const out = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}
