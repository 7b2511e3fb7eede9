// Re-lint after a one-character edit in a 10,000-line file, as the editor does it: apply the edit to the
// kept tree (tree.edit + incremental re-parse), then lint the new tree. Prints p50/p95 over 200 edits.
// The file is real code from the corpus (test/bench/fetch-corpus.sh) when present, else the rule fixtures.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { ParsedDocument } = require(path.join(root, 'out/src/core/analysis/parser.js'));
const { lintTree, LintCache } = require(path.join(root, 'out/src/core/analysis/lint.js'));
const { defaultLintOptions } = require(path.join(root, 'out/src/core/analysis/options.js'));

const corpusFiles = ['curl/curl-7.88.1/lib/vtls/openssl.c', 'openssl/openssl-3.0.20/ssl/ssl_lib.c', 'openssl/openssl-3.0.20/apps/s_client.c']
  .map((f) => path.join(root, '.cache', 'corpus', f)).filter((f) => fs.existsSync(f));
const fixtureDir = path.join(root, 'test', 'fixtures', 'rules');
const sources = corpusFiles.length > 0 ? corpusFiles : fs.readdirSync(fixtureDir, { recursive: true }).filter((f) => String(f).endsWith('.c')).map((f) => path.join(fixtureDir, String(f)));
let text = '';
for (let i = 0; text.split('\n').length < 10_000; i++) text += `${fs.readFileSync(sources[i % sources.length], 'utf8')}\n`;
text = text.split('\n').slice(0, 10_000).join('\n');
console.log(`file: ${text.split('\n').length} lines, ${(text.length / 1024).toFixed(0)} KiB, from ${corpusFiles.length > 0 ? 'the corpus' : 'the rule fixtures'}`);

const document = await ParsedDocument.create(text, 'c');
const cache = new LintCache();
let t0 = performance.now();
const first = lintTree(document.tree, document.text, 'c', defaultLintOptions, undefined, cache);
console.log(`full lint: ${(performance.now() - t0).toFixed(0)} ms, ${first.findings.length} findings`);

// Deterministic positions: every 997th character inside the file, typing a space and deleting it again.
// Wall time per edit, and the CPU time the process spent on it (the machine may be shared with other work).
const times = [];
const cpuTimes = [];
let lastOffset = 0;
for (let i = 0; i < 200; i++) {
  const at = (i * 99991) % (document.text.length - 1);
  const insert = i % 2 === 0;
  const offset = insert ? at : lastOffset;
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  if (insert) document.update([{ startOffset: at, oldEndOffset: at, newText: ' ' }]);
  else document.update([{ startOffset: offset, oldEndOffset: offset + 1, newText: '' }]);
  lintTree(document.tree, document.text, 'c', defaultLintOptions, undefined, cache);
  times.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  lastOffset = at;
}
document.dispose();
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
console.log(`one-character edit, re-parse + re-lint (CPU): p50 ${percentile(cpuTimes, 50).toFixed(1)} ms, p95 ${percentile(cpuTimes, 95).toFixed(1)} ms, max ${Math.max(...cpuTimes).toFixed(1)} ms (200 edits)`);
console.log(`same, wall time: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
