// Certificate/hostname/SNI/protocol rules (C1–C10, D1–D3) over the real-world corpus of test/bench/fetch-corpus.sh:
// per-rule finding counts and where they are, for the true/false-positive triage (the verdicts are in
// test/bench/certrules-triage.md). Prints a note and succeeds when the corpus has not been fetched.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const corpus = path.join(root, '.cache', 'corpus');
const { lintText } = require(path.join(root, 'out/src/core/analysis/lint.js'));
const { defaultLintOptions } = require(path.join(root, 'out/src/core/analysis/options.js'));

if (!fs.existsSync(corpus)) {
  console.log('corpus not fetched (sudo bash test/bench/fetch-corpus.sh): skipped');
  process.exit(0);
}
const sources = /\.(?:c|cc|cpp|cxx|h|hh|hpp)$/;
const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) walk(full);
    else if (entry.isFile() && sources.test(entry.name)) files.push(full);
  }
};
walk(corpus);

const ours = /^(?:C\d+|D\d)$/;
const byRule = new Map();
let bytes = 0;
let linted = 0;
const started = performance.now();
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  if (!/\bSSL_|\bX509_|\bEVP_(?:Digest)?Verify|\bOCSP_basic_verify/.test(text)) continue;
  linted++;
  bytes += text.length;
  const { findings } = await lintText(text, file, defaultLintOptions);
  for (const f of findings) {
    if (!ours.test(f.ruleId)) continue;
    const line = text.slice(0, f.start).split('\n').length;
    const list = byRule.get(f.ruleId) ?? [];
    list.push(`${path.relative(corpus, file)}:${line} ${f.severity}`);
    byRule.set(f.ruleId, list);
  }
}
const ms = performance.now() - started;
console.log(`${linted} files mentioning OpenSSL (${(bytes / 1e6).toFixed(1)} MB) of ${files.length} in ${(ms / 1000).toFixed(1)} s, ${(bytes / 1e6 / (ms / 1000)).toFixed(2)} MB/s (all rules)`);
for (const id of [...byRule.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
  const list = byRule.get(id);
  const severities = ['error', 'warning', 'info'].map((s) => [s, list.filter((w) => w.endsWith(` ${s}`)).length]).filter(([, n]) => n > 0);
  console.log(`${id}: ${list.length} (${severities.map(([s, n]) => `${n} ${s}`).join(', ')})`);
  for (const where of list.slice(0, 60)) console.log(`  ${where}`);
  if (list.length > 60) console.log(`  … ${list.length - 60} more`);
}
