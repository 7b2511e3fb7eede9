// Lint throughput on a real-world corpus (Debian sources of OpenSSL users, fetched by
// test/bench/fetch-corpus.sh into .cache/corpus/): MB/s, files/s, per-file p50/p95, peak memory, findings
// per rule. The findings go to .cache/bench/corpus-findings.json for triage. clang-tidy and cppcheck run on
// the same files for a side-by-side ratio when they are installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { lintText } = require(path.join(root, 'out/src/core/analysis/lint.js'));
const { FileContext } = require(path.join(root, 'out/src/core/analysis/fileContext.js'));
const { defaultLintOptions } = require(path.join(root, 'out/src/core/analysis/options.js'));
const corpus = path.join(root, '.cache', 'corpus');
const extensions = new Set(['.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh']);

if (!fs.existsSync(corpus)) {
  console.log('corpus missing: run test/bench/fetch-corpus.sh (as root) first; skipping');
  process.exit(0);
}

function walk(dir, files) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue; // quilt's .pc backups duplicate the sources
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files);
    else if (entry.isFile() && extensions.has(path.extname(entry.name))) files.push(full);
  }
  return files;
}

const files = walk(corpus, []);
const times = [];
const perRule = {};
const findingsOut = [];
let bytes = 0;
let peakRss = 0;
let skipped = 0;
// Warm up the parser and the JIT on one file so the first file does not carry start-up cost.
await lintText(fs.readFileSync(files[0], 'utf8'), files[0]);
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const result = await lintText(text, file);
  const cpu = process.cpuUsage(cpu0);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  times.push({ ms, cpuMs: (cpu.user + cpu.system) / 1000, file, bytes: Buffer.byteLength(text), analysed: FileContext.worthParsing(text, defaultLintOptions) });
  bytes += Buffer.byteLength(text);
  if (result.notices.some((n) => n.startsWith('skipped'))) skipped++;
  for (const f of result.findings) {
    const key = `${f.ruleId} ${f.severity}`;
    perRule[key] = (perRule[key] ?? 0) + 1;
    const line = text.slice(0, f.start).split('\n').length;
    findingsOut.push({ file: path.relative(corpus, file), line, ruleId: f.ruleId, severity: f.severity, message: f.message });
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
times.sort((a, b) => a.ms - b.ms);
const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]?.ms ?? 0;
console.log(`files: ${files.length} (${(bytes / 1e6).toFixed(1)} MB; ${skipped} over the size limit)`);
// CPU time is what one core spent (the machine may be shared); wall time is also shown.
console.log(`CPU: ${(cpuMs / 1000).toFixed(1)} s on one core = ${(bytes / 1e6 / (cpuMs / 1000)).toFixed(2)} MB/s, ${(files.length / (cpuMs / 1000)).toFixed(0)} files/s (wall ${(totalMs / 1000).toFixed(1)} s = ${(bytes / 1e6 / (totalMs / 1000)).toFixed(2)} MB/s)`);
const parsed = times.filter((t) => t.analysed);
const parsedMb = parsed.reduce((sum, t) => sum + t.bytes, 0) / 1e6;
const parsedCpu = parsed.reduce((sum, t) => sum + t.cpuMs, 0) / 1000;
console.log(`files parsed and analysed (the others contain no name any rule starts from and are skipped by a text pre-check): ${parsed.length}, ${parsedMb.toFixed(1)} MB in ${parsedCpu.toFixed(1)} s CPU = ${(parsedMb / parsedCpu).toFixed(2)} MB/s`);
const cpuSorted = [...times].sort((a, b) => a.cpuMs - b.cpuMs);
const cpuPct = (p) => cpuSorted[Math.min(cpuSorted.length - 1, Math.floor((p / 100) * cpuSorted.length))]?.cpuMs ?? 0;
console.log(`per file (CPU): p50 ${cpuPct(50).toFixed(2)} ms, p95 ${cpuPct(95).toFixed(2)} ms, p99 ${cpuPct(99).toFixed(1)} ms, max ${cpuSorted.at(-1)?.cpuMs.toFixed(0)} ms`);
console.log(`per file (wall): p50 ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms, p99 ${pct(99).toFixed(1)} ms, max ${times.at(-1)?.ms.toFixed(0)} ms (${path.relative(corpus, times.at(-1)?.file ?? '')}, ${((times.at(-1)?.bytes ?? 0) / 1024).toFixed(0)} KiB)`);
console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
console.log('findings per rule:', Object.entries(perRule).sort().map(([k, v]) => `${k}=${v}`).join(', '));
fs.mkdirSync(path.join(root, '.cache', 'bench'), { recursive: true });
fs.writeFileSync(path.join(root, '.cache', 'bench', 'corpus-findings.json'), JSON.stringify(findingsOut, null, 1));

// Side by side: the same OpenSSL-using files through clang-tidy and cppcheck, when installed.
// The first 40 analysed files (by path), each tool run on each file alone: wall time, same machine.
const openSslFiles = times.filter((t) => t.analysed).map((t) => t.file).sort().slice(0, 40);
const ourMs = times.filter((t) => openSslFiles.includes(t.file)).reduce((sum, t) => sum + t.ms, 0);
for (const [tool, args] of [['clang-tidy', (f) => [f, '--quiet', '--checks=-*,bugprone-unused-return-value', '--', '-w']], ['cppcheck', (f) => ['--quiet', f]]]) {
  if (spawnSync('which', [tool]).status !== 0) {
    console.log(`${tool}: not installed, no side-by-side figure`);
    continue;
  }
  const t0 = process.hrtime.bigint();
  for (const file of openSslFiles) spawnSync(tool, args(file), { stdio: 'ignore', timeout: 60_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${tool}: ${openSslFiles.length} analysed files in ${(ms / 1000).toFixed(1)} s wall vs ${(ourMs / 1000).toFixed(2)} s for openssl-doctor (${(ms / ourMs).toFixed(0)}x slower; it checks other things, none of these rules)`);
}
