// Builds the extension, the CLI and the webview bundle into dist/; with --tests, transpiles src/ and test/
// into out/ for mocha. Type-checking is `npm run check-types` (esbuild strips types without checking them).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

const root = __dirname;
const dist = path.join(root, 'dist');

// Files the bundles load at run time, copied next to them (tree-sitter grammars, webview styles…).
const assets = [
  ['node_modules/web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
  ['node_modules/tree-sitter-c/tree-sitter-c.wasm', 'tree-sitter-c.wasm'],
  ['node_modules/tree-sitter-cpp/tree-sitter-cpp.wasm', 'tree-sitter-cpp.wasm'],
];

/** Prints build start/end in the format of the `$esbuild-watch` problem matcher. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

function copyAssets() {
  fs.mkdirSync(dist, { recursive: true });
  for (const [from, to] of assets) fs.copyFileSync(path.join(root, from), path.join(dist, to));
}

function bundles() {
  const common = { bundle: true, minify: production, sourcemap: !production, sourcesContent: false, logLevel: 'silent', plugins: watch ? [problemMatcher] : [] };
  const list = [
    { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
    { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  ];
  if (fs.existsSync(path.join(root, 'src/webview/main.ts'))) {
    list.push({ ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' });
  }
  return list;
}

function listTs(dir) {
  return fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith(path.join('test', 'fixtures')));
}

async function main() {
  if (tests) {
    // One file in, one file out, so mocha and the extension host load tests from out/ with source maps.
    await esbuild.build({
      entryPoints: [...listTs('src'), ...listTs('test')], outdir: 'out', outbase: '.', bundle: false,
      platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'warning',
    });
    // Unbundled output still imports data files (src/core/knowledge/data/*.json) by relative path.
    for (const file of fs.readdirSync(path.join(root, 'src'), { recursive: true }).filter((f) => f.endsWith('.json'))) {
      fs.mkdirSync(path.dirname(path.join(root, 'out/src', file)), { recursive: true });
      fs.copyFileSync(path.join(root, 'src', file), path.join(root, 'out/src', file));
    }
    return;
  }
  copyAssets();
  const contexts = await Promise.all(bundles().map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  // Outside watch mode errors surface as the rejected rebuild; print them like the watcher does.
  await Promise.all(contexts.map((ctx) => ctx.rebuild())).catch((error) => {
    for (const { text, location } of error.errors ?? []) {
      console.error(`✘ [ERROR] ${text}${location ? ` (${location.file}:${location.line}:${location.column})` : ''}`);
    }
    throw new Error('build failed');
  });
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
