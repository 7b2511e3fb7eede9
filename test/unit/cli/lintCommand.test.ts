import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/command';
import { lintCommand as createLintCommand } from '../../../src/cli/lintCommand';

const lintCommand = createLintCommand('0.0.0-test');

function capture(): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: () => Promise.resolve('') }, out, err };
}

const bad = `#include <openssl/ssl.h>
int f(SSL *ssl, char *buf, int len)
{
    int n = SSL_read(ssl, buf, len);
    if (n <= 0) {
        return -1;
    }
    return n;
}
`;

interface JsonReport { version: number; findings: { file: string; line: number; column: number; endLine: number; endColumn: number; ruleId: string; severity: string; message: string; fixable: boolean }[]; stats: { files: number; ms: number } }

suite('openssl-doctor lint', () => {
  let dir: string;
  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openssl-doctor-lint-'));
    fs.mkdirSync(path.join(dir, 'src', 'sub'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.hidden'));
    fs.writeFileSync(path.join(dir, 'src', 'bad.c'), bad);
    fs.writeFileSync(path.join(dir, 'src', 'sub', 'good.cpp'), 'int main() { return 0; }\n');
    fs.writeFileSync(path.join(dir, 'src', 'notes.txt'), bad);
    fs.writeFileSync(path.join(dir, '.hidden', 'copy.c'), bad);
  });
  teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('json: the documented shape, 1-based positions, exit 1 on findings, directory walk', async () => {
    const { io, out } = capture();
    assert.equal(await lintCommand.run(['--format', 'json', dir], io), 1);
    const report = JSON.parse(out.join('')) as JsonReport;
    assert.equal(report.version, 1);
    assert.equal(report.stats.files, 2, 'bad.c and good.cpp, not notes.txt or .hidden/');
    assert.deepEqual(report.findings.map((f) => [path.basename(f.file), f.line, f.column, f.endLine, f.endColumn, f.ruleId, f.severity, f.fixable]), [
      ['bad.c', 4, 13, 4, 36, 'A0', 'error', true],
    ]);
    assert.match(report.findings[0]?.message ?? '', /SSL_get_error/);
  });

  test('text: gcc-style lines with notes; --rule turns a rule off and the exit code follows', async () => {
    const text = capture();
    assert.equal(await lintCommand.run([path.join(dir, 'src', 'bad.c')], text.io), 1);
    assert.match(text.out.join(''), /bad\.c:4:13: error: SSL_read\(\) can fail .* \[A0\]\n.*bad\.c:5:9: note: the failure of SSL_read\(\) is tested here/);
    const off = capture();
    assert.equal(await lintCommand.run(['--rule', 'A0=off', dir], off.io), 0);
    assert.equal(off.out.join(''), '');
    const info = capture();
    assert.equal(await lintCommand.run(['--rule=ssl-get-error-missing=info', dir], info.io), 0, 'info findings alone exit 0');
  });

  test('sarif: 2.1.0 with rule metadata, results and fixes', async () => {
    const { io, out } = capture();
    await lintCommand.run(['--format', 'sarif', dir], io);
    const sarif = JSON.parse(out.join('')) as { version: string; runs: { tool: { driver: { rules: { id: string; name: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[]; fixes: unknown[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.ok(run);
    assert.equal(run.tool.driver.rules.length, 35);
    assert.deepEqual(run.tool.driver.rules[0], { ...run.tool.driver.rules[0], id: 'A0', name: 'ssl-get-error-missing' });
    assert.deepEqual(run.tool.driver.rules[22], { ...run.tool.driver.rules[22], id: 'C1', name: 'tls-client-verify-none' });
    assert.deepEqual(run.tool.driver.rules[34], { ...run.tool.driver.rules[34], id: 'D3', name: 'ssl-ctx-modified-after-use' });
    assert.equal(run.results[0]?.ruleId, 'A0');
    assert.equal(run.results[0]?.level, 'error');
    assert.equal(run.results[0]?.locations[0]?.physicalLocation.region.startLine, 4);
    assert.equal(run.results[0]?.fixes.length, 1);
  });

  test('--config reads severities and modes; errors in it are usage errors', async () => {
    const config = path.join(dir, 'od.json');
    fs.writeFileSync(config, JSON.stringify({ severity: { A0: 'off' } }));
    assert.equal(await lintCommand.run(['--config', config, dir], capture().io), 0);
    fs.writeFileSync(config, '{ not json');
    const broken = capture();
    assert.equal(await lintCommand.run(['--config', config, dir], broken.io), 2);
    assert.match(broken.err.join(''), /cannot read config/);
    fs.writeFileSync(config, JSON.stringify({ severity: { A0: 'loud' } }));
    assert.equal(await lintCommand.run(['--config', config, dir], capture().io), 2);
  });

  test('usage and I/O errors exit 2 with a message on stderr', async () => {
    for (const args of [[], ['--format', 'xml', dir], ['--rule', 'Z9=off', dir], ['--rule', 'A0', dir], ['--bogus', dir], [path.join(dir, 'missing.c')]]) {
      const { io, err } = capture();
      assert.equal(await lintCommand.run(args, io), 2, args.join(' '));
      assert.ok(err.join('').length > 0);
    }
  });

  test('a file over the size limit is skipped with a notice', async () => {
    const config = path.join(dir, 'od.json');
    fs.writeFileSync(config, JSON.stringify({ maxFileSizeKB: 0.1 }));
    const { io, err } = capture();
    assert.equal(await lintCommand.run(['--config', config, dir], io), 0);
    assert.match(err.join(''), /bad\.c: skipped: \d+ bytes is over/);
  });
});
