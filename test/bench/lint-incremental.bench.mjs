// Re-lint after a one-character edit in a 10,000-line file, as the editor does it: apply the edit to the
// kept tree (tree.edit + incremental re-parse), then lint it with the document's cache, which carries over what
// the edit did not touch. Prints p50/p95/max over 500 edits, for two files and two kinds of keystroke.
// - Real code: curl's and OpenSSL's TLS sources from the corpus (test/bench/fetch-corpus.sh), when present; and
//   OpenSSL's TLS test suite (test/sslapitest.c), where almost every function sets up TLS.
// - A stress file: the C rule fixtures joined until 10,000 lines, almost every function a TLS setup function and
//   each defined several times, so an edit in one re-runs C1–D3 on hundreds of others.
// Keystrokes: a space typed and deleted (often between tokens), and a letter typed and deleted (always a token).
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
const fixtureFiles = fs.readdirSync(fixtureDir, { recursive: true }).filter((f) => String(f).endsWith('.c')).map((f) => path.join(fixtureDir, String(f)));

/** The first 10,000 lines of the sources joined (repeated when shorter). */
function tenThousandLines(sources) {
  let text = '';
  for (let i = 0; text.split('\n').length < 10_000; i++) text += `${fs.readFileSync(sources[i % sources.length], 'utf8')}\n`;
  return text.split('\n').slice(0, 10_000).join('\n');
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const figures = (values) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;

async function measure(label, text, typed) {
  const document = await ParsedDocument.create(text, 'c');
  const cache = new LintCache();
  let t0 = performance.now();
  const first = lintDocument(document, defaultLintOptions, undefined, cache);
  console.log(`${label}: ${text.split('\n').length} lines, ${(text.length / 1024).toFixed(0)} KiB; full lint ${(performance.now() - t0).toFixed(0)} ms, ${first.findings.length} findings`);
  // Deterministic positions: every 99,991st character (wrapping around the file), typing a character and deleting
  // it again. The first 50 edits warm up the JIT and are not counted (an editor has been running for a while); then
  // process CPU time (the machine may be shared with other work) and wall time, with and without the re-parse.
  const edits = 500;
  const warmUp = 50;
  const total = { cpu: [], wall: [] };
  const lint = { cpu: [], wall: [] };
  const parse = [];
  let lastOffset = 0;
  for (let i = 0; i < warmUp + edits; i++) {
    const at = (i * 99991 + (i < warmUp ? 7919 : 0)) % (document.text.length - 1);
    const insert = i % 2 === 0;
    const offset = insert ? at : lastOffset;
    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    if (insert) document.update([{ startOffset: at, oldEndOffset: at, newText: typed }]);
    else document.update([{ startOffset: offset, oldEndOffset: offset + 1, newText: '' }]);
    const parsed = performance.now();
    const lintCpu0 = process.cpuUsage();
    lintDocument(document, defaultLintOptions, undefined, cache);
    const done = performance.now();
    const lintCpu = process.cpuUsage(lintCpu0);
    const cpu = process.cpuUsage(cpu0);
    lastOffset = at;
    if (i < warmUp) continue;
    total.cpu.push((cpu.user + cpu.system) / 1000);
    total.wall.push(done - t0);
    lint.cpu.push((lintCpu.user + lintCpu.system) / 1000);
    lint.wall.push(done - parsed);
    parse.push(parsed - t0);
  }
  document.dispose();
  const what = typed === ' ' ? 'a space' : `"${typed}"`;
  console.log(`  ${what} typed and deleted (${edits} edits after ${warmUp} warm-up edits)`);
  console.log(`    re-lint (CPU):            ${figures(lint.cpu)}   wall ${figures(lint.wall)}`);
  console.log(`    re-parse (wall):          ${figures(parse)}`);
  console.log(`    re-parse + re-lint (CPU): ${figures(total.cpu)}   wall ${figures(total.wall)}`);
}

const testSuite = path.join(root, '.cache', 'corpus', 'openssl/openssl-3.0.20/test/sslapitest.c');
if (corpusFiles.length > 0) {
  const text = tenThousandLines(corpusFiles);
  await measure('real code (curl vtls/openssl.c, OpenSSL ssl_lib.c, apps/s_client.c)', text, ' ');
  await measure('real code', text, 'x');
}
if (fs.existsSync(testSuite)) {
  const text = tenThousandLines([testSuite]);
  await measure('real test suite (OpenSSL test/sslapitest.c)', text, ' ');
  await measure('real test suite', text, 'x');
}
if (corpusFiles.length === 0) {
  console.log('real code: the corpus is not fetched (bash test/bench/fetch-corpus.sh); only the stress file is measured');
}
const stress = tenThousandLines(fixtureFiles);
await measure('stress file (the C rule fixtures, repeated)', stress, ' ');
await measure('stress file', stress, 'x');
