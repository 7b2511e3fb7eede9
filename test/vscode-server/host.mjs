// The VS Code used by the integration tests and `npm start`: the VS Code server bundled in the npm package
// code-server, run with Node 24 from the npm package node@24, both installed on first use into a cache folder
// outside the clone so that later runs on this machine reuse them.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const codeServerVersion = '4.139.1';
export const nodeVersion = '24.21.0';
export const root = path.resolve(import.meta.dirname, '../..');

const cacheRoot = process.env.OPENSSL_DOCTOR_CACHE ?? path.join(os.homedir(), '.cache', 'openssl-doctor');
const hostDir = path.join(cacheRoot, `vscode-server-${codeServerVersion}-node-${nodeVersion}`);
const completeMarker = path.join(hostDir, '.complete');

/** Debian's Chromium (or CHROMIUM_PATH); the tests cannot run without a browser to host the workbench. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error('Chromium is missing. The integration tests drive VS Code in headless Chromium: on Debian run `apt-get install chromium` (or set CHROMIUM_PATH).');
  }
  return found;
}

function npmInstall(args, env) {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...args], { cwd: hostDir, stdio: ['ignore', 'inherit', 'inherit'], env });
}

/** Installs code-server and Node 24 into the cache unless a previous run completed; returns their paths. */
export function ensureHost() {
  const node = path.join(hostDir, 'node_modules', 'node', 'bin', 'node');
  const entry = path.join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(completeMarker)) {
    console.log(`Installing VS Code server (code-server ${codeServerVersion}) and Node ${nodeVersion} into ${hostDir} (once; about 2 minutes)…`);
    fs.rmSync(hostDir, { recursive: true, force: true });
    fs.mkdirSync(hostDir, { recursive: true });
    fs.writeFileSync(path.join(hostDir, 'package.json'), JSON.stringify({ name: 'openssl-doctor-vscode-host', private: true }));
    npmInstall([`node@${nodeVersion}`], process.env);
    // code-server's install script requires Node 24, judged from npm's user agent: run npm itself on Node 24,
    // without the npm_* variables an enclosing `npm run` exports (they would carry Node 20's user agent).
    const outsideNpm = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE'));
    npmInstall([`node@${nodeVersion}`, `code-server@${codeServerVersion}`], { ...outsideNpm, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` });
    if (!fs.existsSync(node) || !fs.existsSync(entry)) throw new Error(`the install into ${hostDir} did not produce ${node} and ${entry}`);
    fs.writeFileSync(completeMarker, new Date().toISOString());
  }
  return { node, entry, vscodeDir: path.join(hostDir, 'node_modules', 'code-server', 'lib', 'vscode') };
}

/**
 * Starts the VS Code server on 127.0.0.1 (a free port) in its own process group. Resolves once it listens.
 * `dataDir` holds user data and extensions; `settings` become the user settings; port 0 picks a free one.
 */
export async function startServer({ dataDir, port = 0, settings = {}, env = {}, onOutput = () => {} }) {
  const { node, entry } = ensureHost();
  fs.mkdirSync(path.join(dataDir, 'user', 'User'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'user', 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...settings,
  }, null, 2));
  const server = spawn(node, [entry,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', path.join(dataDir, 'user'), '--extensions-dir', path.join(dataDir, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver',
  ], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...env } });
  const stop = () => {
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      const text = String(chunk);
      onOutput(text);
      seen += text;
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) resolve(match[1]);
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`the VS Code server exited (code ${code}) before listening:\n${seen}`)));
  });
  return { url, stop, process: server };
}

/** The workbench URL that opens `folder` with the extension under development (and, for tests, a test runner). */
export function workbenchUrl(url, folder, { extensionTestsPath } = {}) {
  const host = new URL(url).host;
  const remote = (p) => `vscode-remote://${host}${p}`;
  const payload = [['extensionDevelopmentPath', remote(root)], ['skipWelcome', 'true']];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
