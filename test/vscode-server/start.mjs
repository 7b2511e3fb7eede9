// `npm start`: serves the bundled VS Code on 127.0.0.1 with the extension loaded from this working tree and the
// demo workspace open, rebuilding the extension on every change (reload the window to pick it up).
// Ctrl-C stops the server and the watcher. PORT picks the port (default: a free one).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root, startServer, workbenchUrl } from './host.mjs';

const demo = path.join(root, 'test', 'fixtures', 'demo-workspace');
const watcher = spawn(process.execPath, [path.join(root, 'esbuild.js'), '--watch'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const server = await startServer({ dataDir: path.join(root, '.cache', 'vscode-start'), port: Number(process.env.PORT ?? 0) });
const stop = () => {
  server.stop();
  watcher.kill();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.on('exit', (code) => {
  console.error(`The VS Code server stopped (exit ${code}).`);
  watcher.kill();
  process.exit(1);
});
console.log(`\nOpenSSL Doctor is running in VS Code on the demo workspace. Open this URL in a browser:\n\n  ${workbenchUrl(server.url, demo)}\n\nPress Ctrl-C to stop.`);
