import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/command';
import { createProbeCommand } from '../../../src/cli/probeCommand';
import { diagnosisIds } from '../../../src/core/probe/report';
import { createZooPki, type ZooPki } from '../../zoo/pki';
import { closedPort, proxyServer, tlsServer } from '../../zoo/servers';

interface Captured { io: CliIO; stdout: () => string; stderr: () => string }

function captured(): Captured {
  let out = '';
  let err = '';
  return { io: { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: () => Promise.resolve('') }, stdout: () => out, stderr: () => err };
}

suite('cli: openssl-doctor probe', function () {
  this.timeout(10_000);
  let pki: ZooPki;
  let caFile: string;
  suiteSetup(() => {
    pki = createZooPki();
    caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probe-cli-')), 'root.pem');
    fs.writeFileSync(caFile, pki.root.pem);
  });

  test('--json prints the DESIGN.md contract and exits 0 for a healthy endpoint', async () => {
    const server = await tlsServer({ key: pki.good.keyPem, cert: pki.good.pem + pki.intermediate.pem, ALPNProtocols: ['http/1.1'] });
    try {
      const run = captured();
      const code = await createProbeCommand({}).run(['--json', '--servername', 'localhost', '--ca', caFile, '--timeout', '4000', `127.0.0.1:${server.port}`], run.io);
      const report = JSON.parse(run.stdout()) as Record<string, unknown> & { diagnosis: Record<string, unknown>; steps: Record<string, unknown>[]; findings: unknown[] };
      assert.equal(code, 0, run.stdout());
      assert.equal(report.version, 1);
      assert.equal(report.verdict, 'ok');
      for (const key of ['target', 'verdict', 'diagnosis', 'findings', 'steps', 'ms']) assert.ok(key in report, key);
      for (const key of ['id', 'title', 'summary', 'evidence', 'fixes']) assert.ok(key in report.diagnosis, key);
      assert.ok(diagnosisIds.includes(report.diagnosis.id as never));
      for (const step of report.steps) assert.deepEqual(['name', 'ms', 'outcome'].filter((k) => !(k in step)), []);
    } finally {
      await server.close();
    }
  });

  test('the text report leads with the verdict and the root cause; failures exit 1', async () => {
    const port = await closedPort();
    const run = captured();
    const code = await createProbeCommand({}).run([`127.0.0.1:${port.port}`], run.io);
    assert.equal(code, 1);
    assert.match(run.stdout(), /^openssl-doctor probe 127\.0\.0\.1:\d+ \(no SNI\)\n\nFAIL {2}tcp-refused: /);
    assert.match(run.stdout(), /ECONNREFUSED \(111\)/);
  });

  test('a certificate failure names the fix for both ends and the OpenSSL verify result', async () => {
    const server = await tlsServer({ key: pki.expired.keyPem, cert: pki.expired.pem + pki.intermediate.pem, ALPNProtocols: ['http/1.1'] });
    try {
      const run = captured();
      const code = await createProbeCommand({}).run(['--servername', 'localhost', '--ca', caFile, `127.0.0.1:${server.port}`], run.io);
      const text = run.stdout();
      assert.equal(code, 1);
      assert.match(text, /^FAIL {2}cert-expired: The certificate has expired$/m);
      assert.match(text, /^ {2}- server operator: Renew the certificate/m);
      assert.match(text, /^ {2}- client: Check the client clock/m);
      assert.match(text, /SSL_get_verify_result\(\) = 10 X509_V_ERR_CERT_HAS_EXPIRED/);
      assert.match(text, /^Certificate chain/m);
    } finally {
      await server.close();
    }
  });

  test('the standard proxy variables are honoured', async () => {
    const proxy = await proxyServer(407);
    try {
      const run = captured();
      const code = await createProbeCommand({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` }).run(['--json', '127.0.0.1:443'], run.io);
      assert.equal(code, 1);
      const report = JSON.parse(run.stdout()) as { diagnosis: { id: string }; target: { proxy: string } };
      assert.equal(report.diagnosis.id, 'proxy-auth-required');
      assert.equal(report.target.proxy, `http://127.0.0.1:${proxy.port}`);
    } finally {
      await proxy.close();
    }
  });

  test('usage errors exit 2 with a message on stderr', async () => {
    const garbageCa = path.join(path.dirname(caFile), 'garbage.pem');
    fs.writeFileSync(garbageCa, '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n');
    const cases: [string[], RegExp][] = [
      [[], /no target/],
      [['a', 'b'], /only one target/],
      [['--timeout', 'soon', 'x'], /--timeout/],
      [['--ca', '/nonexistent/ca.pem', 'x'], /cannot read --ca/],
      [['--proxy', 'socks5://p:1', '127.0.0.1:1'], /only http/],
      [['--frobnicate', 'x'], /unknown option/],
      [['host:123456'], /port/],
      [['--servername', '10.0.0.1', '127.0.0.1:1'], /not a DNS name/],
      [['--ca', garbageCa, '127.0.0.1:1'], /no readable PEM certificate/],
    ];
    for (const [args, message] of cases) {
      const run = captured();
      assert.equal(await createProbeCommand({}).run(args, run.io), 2, args.join(' '));
      assert.match(run.stderr(), message, args.join(' '));
      assert.equal(run.stdout(), '');
    }
  });
});
