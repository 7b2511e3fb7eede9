// `npm run test:integration`: runs test/integration inside a real VS Code extension host.
// With VSCODE_EXECUTABLE_PATH (a desktop VS Code) it uses @vscode/test-electron; otherwise the bundled VS Code
// server driven by headless Chromium (harness.mjs, which needs Node 24 and so runs in a child process).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromiumPath, ensureHost, root } from './host.mjs';
import { integrationOptions, prepareWorkspace } from './suite.mjs';

const require = createRequire(import.meta.url);

async function runInDesktopVsCode(executable) {
  const { runTests } = require('@vscode/test-electron');
  const workspace = prepareWorkspace();
  return runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(path.dirname(require.resolve('@vscode/test-cli')), 'runner.cjs'),
    extensionTestsEnv: { VSCODE_TEST_OPTIONS: JSON.stringify(integrationOptions()) },
    launchArgs: [workspace, '--disable-extensions'],
  }).then(() => 0, () => 1);
}

function runInVsCodeServer() {
  chromiumPath(); // fail early with the install hint
  const { node } = ensureHost();
  return new Promise((resolve) => {
    const child = spawn(node, [path.join(import.meta.dirname, 'harness.mjs')], { stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

try {
  const executable = process.env.VSCODE_EXECUTABLE_PATH;
  process.exitCode = executable ? await runInDesktopVsCode(executable) : await runInVsCodeServer();
} catch (error) {
  console.error(`integration tests could not start: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
