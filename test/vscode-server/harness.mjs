// Runs under Node 24 (run-tests.mjs starts it): starts the VS Code server, opens the workbench in headless
// Chromium with the extension under development and @vscode/test-cli's mocha runner as the extension tests,
// streams the extension host's output, and exits with the test run's code.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { chromiumPath, startServer, workbenchUrl } from './host.mjs';
import { integrationOptions, prepareWorkspace } from './suite.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const overallTimeoutMs = Number(process.env.INTEGRATION_TIMEOUT_MS ?? 15 * 60_000);
const hostReportTimeoutMs = 180_000;
// Workbench chatter that says nothing about our tests (offline gallery lookups, AI features).
const noise = /AgentHost|ChatModelSelection|AccountPolicyGate|open-vsx|marketplace|ENOTFOUND|ExtensionGallery|\[copilot/i;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openssl-doctor-it-'));
const workspace = prepareWorkspace();
const runner = path.join(path.dirname(require.resolve('@vscode/test-cli')), 'runner.cjs');
let server;
let browser;

async function finish(code, message) {
  if (message) console.error(message);
  await browser?.close().catch(() => {});
  server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(workspace, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void finish(130, 'interrupted'));
process.on('SIGTERM', () => void finish(143, 'terminated'));
setTimeout(() => void finish(124, `integration tests: no result after ${overallTimeoutMs / 1000} s, giving up`), overallTimeoutMs).unref();

let serverLog = '';
server = await startServer({
  dataDir,
  env: { VSCODE_TEST_OPTIONS: JSON.stringify(integrationOptions()) },
  onOutput: (text) => { serverLog = (serverLog + text).slice(-20_000); },
});
browser = await chromium.launch({
  executablePath: chromiumPath(), headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await browser.newPage();
let hostReported = false;
let workbenchLog = '';
let resolveExit;
const exitCode = new Promise((resolve) => { resolveExit = resolve; });
await page.exposeFunction('codeAutomationLog', (_type, args) => {
  const text = format(...args);
  if (text.startsWith('Extension host: ')) hostReported = true;
  // Before the host reports, the workbench's own start-up chatter is kept for a failure message only.
  if (!hostReported) workbenchLog = (workbenchLog + text + '\n').slice(-20_000);
  else if (!noise.test(text)) console.log(text);
});
await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
setTimeout(() => {
  if (!hostReported) void finish(1, `integration tests: the extension host never reported within ${hostReportTimeoutMs / 1000} s.\nServer log:\n${serverLog}\nWorkbench log:\n${workbenchLog}`);
}, hostReportTimeoutMs).unref();
await page.goto(workbenchUrl(server.url, workspace, { extensionTestsPath: runner }));
const code = await exitCode;
await finish(hostReported ? code : 1, hostReported ? undefined : `integration tests: the extension host exited without reporting.\nWorkbench log:\n${workbenchLog}`);
