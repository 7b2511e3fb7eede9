// Bundle sizes and the CLI's cold start: what every user pays before any feature runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--production'], { cwd: root, stdio: 'ignore' });
for (const file of fs.readdirSync(path.join(root, 'dist')).filter((f) => /\.(js|wasm)$/.test(f)).sort()) {
  console.log(`dist/${file}: ${(fs.statSync(path.join(root, 'dist', file)).size / 1024).toFixed(0)} KiB`);
}
const runs = [];
for (let i = 0; i < 10; i++) {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), '--version']);
  runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
runs.sort((a, b) => a - b);
console.log(`cli --version cold start: median ${runs[5]?.toFixed(0)} ms over ${runs.length} runs`);
