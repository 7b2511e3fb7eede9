// Re-lint after a one-character edit in a 10,000-line file, as the editor does it: apply the edit to the
// kept tree (tree.edit + incremental re-parse), then lint it with the document's cache, which carries over what
// the edit did not touch. Prints p50/p95/max over 500 edits.
// The file is real code from the corpus (test/bench/fetch-corpus.sh) when present, else the rule fixtures.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { ParsedDocument } = require(path.join(root, 'out/src/core/analysis/parser.js'));
const { lintDocument, LintCache } = require(path.join(root, 'out/src/core/analysis/lint.js'));
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
const first = lintDocument(document, defaultLintOptions, undefined, cache);
console.log(`full lint: ${(performance.now() - t0).toFixed(0)} ms, ${first.findings.length} findings`);

// Deterministic positions: every 99,991st character (wrapping around the file), typing a space and deleting it
// again. The first 50 edits warm up the JIT and are not counted (an editor has been running for a while); then
// wall time and process CPU time per edit (the machine may be shared with other work), and the share of re-parse.
const edits = 500;
const warmUp = 50;
const times = [];
const cpuTimes = [];
const parseTimes = [];
const lintTimes = [];
const lintCpuTimes = [];
let lastOffset = 0;
for (let i = 0; i < warmUp + edits; i++) {
  const at = (i * 99991 + (i < warmUp ? 7919 : 0)) % (document.text.length - 1);
  const insert = i % 2 === 0;
  const offset = insert ? at : lastOffset;
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  if (insert) document.update([{ startOffset: at, oldEndOffset: at, newText: ' ' }]);
  else document.update([{ startOffset: offset, oldEndOffset: offset + 1, newText: '' }]);
  const parsed = performance.now();
  const lintCpu0 = process.cpuUsage();
  lintDocument(document, defaultLintOptions, undefined, cache);
  const done = performance.now();
  const lintCpu = process.cpuUsage(lintCpu0);
  const cpu = process.cpuUsage(cpu0);
  lastOffset = at;
  if (i < warmUp) continue;
  times.push(done - t0);
  parseTimes.push(parsed - t0);
  lintTimes.push(done - parsed);
  lintCpuTimes.push((lintCpu.user + lintCpu.system) / 1000);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
}
document.dispose();
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const figures = (values) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
console.log(`one-character edit, re-parse + re-lint (CPU): ${figures(cpuTimes)} (${edits} edits after ${warmUp} warm-up edits)`);
console.log(`same, wall time: ${figures(times)}`);
console.log(`of which the tree-sitter re-parse, wall time: ${figures(parseTimes)}`);
console.log(`the re-lint alone (the edited document already parsed): CPU ${figures(lintCpuTimes)}; wall ${figures(lintTimes)}`);
