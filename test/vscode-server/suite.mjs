// What both integration runners share: the compiled test files, mocha's options, and a scratch copy of the
// fixture workspace (tests may edit and save files in it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './host.mjs';

export function integrationOptions() {
  const dir = path.join(root, 'out', 'test', 'integration');
  if (!fs.existsSync(dir)) throw new Error('out/test/integration is missing: run `npm run compile-tests` first.');
  const files = fs.readdirSync(dir, { recursive: true })
    .filter((f) => String(f).endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, String(f)));
  return {
    mochaOpts: { ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec', ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP } : {}) },
    files,
    preload: [path.join(dir, 'hostInfo.js')],
    colorDefault: false,
  };
}

export function prepareWorkspace() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'openssl-doctor-it-ws-'));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'integration-workspace'), workspace, { recursive: true });
  return workspace;
}
