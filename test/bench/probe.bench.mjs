// Probe engine figures: every zoo scenario (wall time, connections, bytes read), the healthy-endpoint diagnosis
// time, and the same loopback endpoints through openssl s_client, sslscan and testssl.sh when installed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = path.resolve(import.meta.dirname, '../../out');
const { probeEndpoint } = require(path.join(out, 'src/core/probe/probe.js'));
const { createZooPki } = require(path.join(out, 'test/zoo/pki.js'));
const { scenarios } = require(path.join(out, 'test/zoo/scenarios.js'));

const pki = createZooPki();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p90 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.9))];

console.log('Per scenario (median of 3 runs; silent/slow scenarios use a 1500 ms deadline):');
console.log(`${'scenario'.padEnd(54)} ${'diagnosis'.padEnd(26)} ${'wall ms'.padStart(8)} ${'conns'.padStart(5)} ${'bytes'.padStart(7)}`);
for (const scenario of scenarios) {
  const walls = [];
  let last;
  for (let i = 0; i < 3; i++) {
    const setup = await scenario.setup(pki);
    try {
      const t0 = performance.now();
      last = await probeEndpoint(setup.target, setup.options);
      walls.push(performance.now() - t0);
    } finally {
      await setup.close();
    }
  }
  const mark = last.diagnosis.id === scenario.expect ? '' : ` (expected ${scenario.expect})`;
  console.log(`${scenario.name.padEnd(54)} ${(last.diagnosis.id + mark).padEnd(26)} ${median(walls).toFixed(0).padStart(8)} ${String(last.connections).padStart(5)} ${String(last.bytesRead).padStart(7)}`);
}

// Healthy endpoint: the complete diagnosis, many times.
const healthy = scenarios.find((s) => s.name === 'healthy TLS 1.3');
const setup = await healthy.setup(pki);
const runs = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  const report = await probeEndpoint(setup.target, setup.options);
  runs.push(performance.now() - t0);
  if (report.diagnosis.id !== 'healthy') throw new Error(`healthy endpoint diagnosed ${report.diagnosis.id}`);
}
await setup.close();
console.log(`\nHealthy endpoint, complete diagnosis on loopback: median ${median(runs).toFixed(1)} ms, p90 ${p90(runs).toFixed(1)} ms over ${runs.length} runs`);

// The command line end to end: process start, probe, report.
const root = path.resolve(import.meta.dirname, '../..');
let cliMedian;
await new Promise((resolve, reject) => execFile(process.execPath, [path.join(root, 'esbuild.js')], { cwd: root }, (error) => (error ? reject(error) : resolve())));
{
  const cliSetup = await healthy.setup(pki);
  const caPath = path.join(os.tmpdir(), `probe-bench-ca-${process.pid}.pem`);
  fs.writeFileSync(caPath, pki.root.pem);
  const cliRuns = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    await new Promise((resolve) => execFile(process.execPath, [path.join(root, 'dist/cli.js'), 'probe', '--json', '--servername', 'localhost', '--ca', caPath, cliSetup.target], () => resolve()));
    cliRuns.push(performance.now() - t0);
  }
  fs.rmSync(caPath, { force: true });
  await cliSetup.close();
  cliMedian = median(cliRuns);
  console.log(`openssl-doctor probe (CLI, process start to exit) on the healthy endpoint: median ${cliMedian.toFixed(0)} ms over ${cliRuns.length} runs`);
}

// Side by side with the anchor tools.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-bench-'));
const caFile = path.join(dir, 'root.pem');
fs.writeFileSync(caFile, pki.root.pem);

function run(command, args, capMs) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = execFile(command, args, { timeout: capMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_PROXY: '*' } }, (error, stdout, stderr) => {
      resolve({ ms: performance.now() - t0, output: `${stdout}\n${stderr}`, killed: error?.killed === true });
    });
    // s_client keeps the connection open while stdin is; end it at once, as `</dev/null` would.
    child.stdin?.end();
  });
}

function installed(command) {
  return process.env.PATH.split(path.delimiter).some((d) => fs.existsSync(path.join(d, command)));
}

const tools = [
  { name: 'openssl s_client', command: 'openssl', args: (port) => ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-CAfile', caFile, '-verify_return_error', '-brief'], capMs: 5000 },
  { name: 'sslscan', command: 'sslscan', args: (port) => ['--no-colour', '--sni-name=localhost', `127.0.0.1:${port}`], capMs: 120_000 },
  // About a minute per run even with --fast, so only on three endpoints.
  { name: 'testssl.sh --fast', command: 'testssl', args: (port) => ['--quiet', '--color', '0', '--warnings', 'off', '--nodns', 'none', '--fast', `127.0.0.1:${port}`], capMs: 300_000,
    only: ['healthy TLS 1.3', 'port closed', 'expired certificate'] },
];
// What a tool's output must say to count as naming the cause.
const compared = [
  { scenario: 'healthy TLS 1.3', cause: /TLSv1\.3|TLS 1\.3/ },
  { scenario: 'port closed', cause: /refused/i },
  { scenario: 'expired certificate', cause: /expired/i },
  { scenario: 'missing intermediate', cause: /unable to get local issuer|unable to verify the first|incomplete|missing intermediate/i },
  { scenario: 'bare handshake_failure alert', cause: /handshake failure|alert 40/i },
  { scenario: 'FIN after the ClientHello', cause: /closed the connection|closed by (the )?(server|peer)|connection closed/i },
  { scenario: 'client certificate required (TLS 1.2)', cause: /client cert|certificate request|client certificate CA names/i },
];

console.log('\nSide by side on the same loopback endpoints (wall ms, openssl-doctor: median of 5; "names cause" = the output states the cause):');
const ours = {};
for (const { scenario: name, cause } of compared) {
  const scenario = scenarios.find((s) => s.name === name);
  const s = await scenario.setup(pki);
  const walls = [];
  let report;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    report = await probeEndpoint(s.target, s.options);
    walls.push(performance.now() - t0);
  }
  ours[name] = median(walls);
  await s.close();
  console.log(`  ${name}: openssl-doctor ${ours[name].toFixed(0)} ms → ${report.diagnosis.id}`);
  for (const tool of tools) {
    if (tool.only && !tool.only.includes(name)) continue;
    if (!installed(tool.command)) {
      console.log(`    ${tool.name}: not installed (apt-get install -y ${tool.command === 'testssl' ? 'testssl.sh' : tool.command})`);
      continue;
    }
    const server = await scenario.setup(pki);
    const port = Number(server.target.split(':').pop());
    const child = run(tool.command, tool.args(port), tool.capMs);
    const result = await child;
    await server.close();
    const named = cause.test(result.output) ? 'names cause' : 'does not name the cause';
    const speed = result.ms / ours[name];
    const cli = name === healthy.name ? ` (the CLI, process start included: ${(result.ms / cliMedian).toFixed(1)}x)` : '';
    console.log(`    ${tool.name}: ${result.ms.toFixed(0)} ms${result.killed ? ` (killed at the ${tool.capMs} ms cap)` : ''}, ${named}; openssl-doctor is ${speed.toFixed(1)}x faster${cli}`);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
