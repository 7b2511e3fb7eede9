// Explain: table load, hover latency on one line, and throughput on pasted logs (good, huge, binary).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const knowledge = path.join(root, 'out/src/core/knowledge');

// Cold: a fresh process loads the tables and explains one code.
const coldRuns = [];
for (let i = 0; i < 5; i++) {
  const output = execFileSync(process.execPath, ['-e', `
    const t0 = process.hrtime.bigint();
    const { explainText } = require(${JSON.stringify(path.join(knowledge, 'explainText.js'))});
    explainText('0A000126');
    console.log(Number(process.hrtime.bigint() - t0) / 1e6);`], { encoding: 'utf8' });
  coldRuns.push(Number(output));
}
coldRuns.sort((a, b) => a - b);
console.log(`first explanation in a fresh process (load + index tables): median ${coldRuns[2].toFixed(1)} ms`);

const { explainText } = require(path.join(knowledge, 'explainText.js'));
const { findingsInLine } = require(path.join(knowledge, 'lineFindings.js'));
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
explainText('0A000126');
global.gc?.();
console.log(`heap held by the table indexes (built on first use): ${((process.memoryUsage().heapUsed - heapBefore) / 1048576).toFixed(1)} MiB`);

const lines = fs.readFileSync(path.join(root, 'test/fixtures/demo-workspace/openssl-errors.log'), 'utf8').split('\n').filter(Boolean);
const hover = [];
for (let round = 0; round < 200; round++) {
  for (const [i, line] of lines.entries()) {
    // A different prefix each time, as timestamps do, so per-line work is measured, not a cache hit on the whole line.
    const t0 = process.hrtime.bigint();
    findingsInLine(`${round}:${i} ${line}`);
    hover.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
}
hover.sort((a, b) => a - b);
console.log(`one log line (hover): median ${hover[hover.length >> 1].toFixed(0)} µs, p99 ${hover[Math.floor(hover.length * 0.99)].toFixed(0)} µs`);

function timed(name, text) {
  const t0 = process.hrtime.bigint();
  const result = explainText(text);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${name}: ${(text.length / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms, ${result.items.length} distinct items${result.truncated ? ' (truncated to the first 4 MB)' : ''}`);
}
const log = lines.map((l, i) => `${i} ${l}`).join('\n');
timed('1 MB of OpenSSL/curl/nginx log lines', log.repeat(Math.ceil(1e6 / log.length)));
timed('10 MB paste of log lines', log.repeat(Math.ceil(1e7 / log.length)));
let state = 7;
const binary = Array.from({ length: 2e6 }, () => String.fromCharCode((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) >>> 24)).join('');
timed('2 MB of binary noise', binary);
timed('10 MB single line', 'error:0A000126:'.repeat(7e5));
