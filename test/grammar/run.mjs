// Grammar tests: vscode-tmgrammar-test unit tests and vscode-tmgrammar-snap snapshots of our grammars injected
// into VS Code's own C, C++ and log grammars, taken from the bundled VS Code (see test/vscode-server/host.mjs).
// Pass -u to update the snapshots.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureHost, root } from '../vscode-server/host.mjs';

const { vscodeDir } = ensureHost();
const own = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).contributes;
// The tool resolves grammar paths against the config file's folder.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openssl-doctor-grammar-'));
const host = (ext, file) => path.relative(dir, path.join(vscodeDir, 'extensions', ext, 'syntaxes', file));
const config = {
  contributes: {
    languages: [
      { id: 'c', extensions: ['.c', '.h'] },
      { id: 'cpp', extensions: ['.cpp', '.cc', '.hpp'] },
      { id: 'log', extensions: ['.log'] },
      ...(own.languages ?? []),
    ],
    grammars: [
      { language: 'c', scopeName: 'source.c', path: host('cpp', 'c.tmLanguage.json') },
      { language: 'cpp', scopeName: 'source.cpp', path: host('cpp', 'cpp.tmLanguage.json') },
      { scopeName: 'source.cpp.embedded.macro', path: host('cpp', 'cpp.embedded.macro.tmLanguage.json') },
      { language: 'log', scopeName: 'text.log', path: host('log', 'log.tmLanguage.json') },
      ...own.grammars.map((g) => ({ ...g, path: path.relative(dir, path.join(root, g.path)) })),
    ],
  },
};
const configFile = path.join(dir, 'package.json');
fs.writeFileSync(configFile, JSON.stringify(config));

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
// VS Code's C grammar includes embedded grammars (assembly, GLSL…) we do not load; the tool warns for each.
const missingEmbedded = /^grammar not found for "[^"]+"\n/gm;
const run = (name, args) => {
  const result = spawnSync(bin(name), args, { cwd: root, encoding: 'utf8' });
  process.stdout.write(result.stdout.replace(missingEmbedded, ''));
  process.stderr.write(result.stderr.replace(missingEmbedded, ''));
  return result.status ?? 1;
};
const update = process.argv.includes('-u');
const unitStatus = run('vscode-tmgrammar-test', ['--config', configFile, 'test/grammar/unit/*.test.*']);
const snapStatus = run('vscode-tmgrammar-snap', ['--config', configFile, ...(update ? ['--updateSnapshot'] : []), 'test/grammar/snap/*.{c,cpp,log,tlslog}']);
fs.rmSync(dir, { recursive: true, force: true });
process.exitCode = unitStatus || snapStatus;
