// `npm run bench`: runs every test/bench/*.bench.mjs in turn; each prints its own figures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const only = process.argv[2];
const benches = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.mjs') && (!only || f.startsWith(only))).sort();
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench.replace('.bench.mjs', '')} ===`);
  const { status } = spawnSync(process.execPath, ['--expose-gc', path.join(dir, bench)], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
