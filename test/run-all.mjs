// `npm test`: type-check, lint, build, then the unit, grammar and integration suites. Every stage runs even
// when an earlier one fails, so one run shows everything that is broken; the last line totals the tests.
import { spawn } from 'node:child_process';

const stages = [
  { name: 'check-types', script: 'check-types' },
  { name: 'lint', script: 'lint' },
  { name: 'build', script: 'build' },
  { name: 'compile-tests', script: 'compile-tests' },
  { name: 'unit', script: 'test:unit', counts: 'mocha' },
  { name: 'grammar', script: 'test:grammar', counts: 'grammar' },
  { name: 'integration', script: 'test:integration', counts: 'mocha' },
  { name: 'browser', script: 'test:browser', counts: 'mocha' },
];
const needsBuild = new Set(['unit', 'grammar', 'integration', 'browser']);

function runScript(script) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => { output += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { output += d; process.stderr.write(d); });
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

function count(kind, output) {
  if (kind === 'mocha') {
    const n = (re) => [...output.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
    return { passed: n(/^\s*(\d+) passing/gm), failed: n(/^\s*(\d+) failing/gm) };
  }
  if (kind === 'grammar') {
    return { passed: (output.match(/^✓ /gm) ?? []).length, failed: (output.match(/^✖ /gm) ?? []).length };
  }
  return { passed: 0, failed: 0 };
}

const started = Date.now();
const summary = [];
let passed = 0;
let failed = 0;
let broken = false;
let buildFailed = false;
for (const stage of stages) {
  if (buildFailed && needsBuild.has(stage.name)) {
    summary.push(`${stage.name}: skipped (the build failed)`);
    broken = true;
    continue;
  }
  console.log(`\n=== ${stage.name} ===`);
  const t0 = Date.now();
  const { code, output } = await runScript(stage.script);
  const c = count(stage.counts, output);
  passed += c.passed;
  failed += c.failed;
  if (code !== 0) {
    broken = true;
    if (stage.name === 'build' || stage.name === 'compile-tests') buildFailed = true;
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  summary.push(`${stage.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`}${stage.counts ? `, ${c.passed} passed, ${c.failed} failed` : ''} in ${seconds} s`);
}
console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)} s) ===`);
for (const line of summary) console.log(line);
// A stage that failed without a failing test (crash, lint error) still counts as one failure.
if (broken && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = broken ? 1 : 0;
