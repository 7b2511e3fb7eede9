import * as assert from 'node:assert/strict';
import type { CliIO } from '../../../src/cli/command';
import { explainCommand } from '../../../src/cli/explainCommand';

function capture(stdin = ''): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: () => Promise.resolve(stdin) }, out, err };
}

interface JsonOutput { version: number; truncated: boolean; items: { kind: string; input: string; name: string; summary: string; causes: string[]; fixes: string[]; details: Record<string, unknown> }[] }

suite('openssl-doctor explain', () => {
  test('--json prints the DESIGN.md shape, one item per code a tool message carries', async () => {
    const { io, out } = capture();
    assert.equal(await explainCommand.run(['--json', 'curl: (56) OpenSSL SSL_read: SSL_ERROR_SYSCALL, errno 104'], io), 0);
    const parsed = JSON.parse(out.join('')) as JsonOutput;
    assert.equal(parsed.version, 1);
    assert.deepEqual(parsed.items.map((i) => [i.kind, i.name]), [
      ['tool-message', 'curl 56 (CURLE_RECV_ERROR)'],
      ['ssl-error', 'SSL_ERROR_SYSCALL'],
      ['errno', 'ECONNRESET'],
    ]);
    for (const item of parsed.items) assert.deepEqual(Object.keys(item), ['kind', 'input', 'name', 'summary', 'causes', 'fixes', 'details']);
  });

  test('several arguments are one batch, in order', async () => {
    const { io, out } = capture();
    assert.equal(await explainCommand.run(['--json', '0A000126', 'X509_V_ERR_CERT_HAS_EXPIRED', 'ECONNRESET', 'ERR_R_UNSUPPORTED'], io), 0);
    const parsed = JSON.parse(out.join('')) as JsonOutput;
    assert.deepEqual(parsed.items.map((i) => i.name), ['SSL_R_UNEXPECTED_EOF_WHILE_READING', 'X509_V_ERR_CERT_HAS_EXPIRED', 'ECONNRESET', 'ERR_R_UNSUPPORTED']);
    assert.equal(parsed.items[0]?.details.code, '0A000126');
    assert.equal(parsed.items[0]?.details.layout, '3.x');
  });

  test('- reads a log from standard input', async () => {
    const { io, out } = capture('x\nerror:1408F10B:SSL routines:ssl3_get_record:wrong version number\nread:errno=0\n');
    assert.equal(await explainCommand.run(['-'], io), 0);
    const text = out.join('');
    assert.match(text, /^SSL_R_WRONG_VERSION_NUMBER \(openssl-error\)/);
    assert.match(text, /s_client read:errno/);
    assert.match(text, /errno 0 \(errno\)/);
  });

  test('- with one code or name per line gives one batch', async () => {
    const { io, out } = capture('0A000126\n1408F10B\nECONNRESET\nWRONG_VERSION_NUMBER\nCERT_HAS_EXPIRED\n');
    assert.equal(await explainCommand.run(['--json', '-'], io), 0);
    const parsed = JSON.parse(out.join('')) as JsonOutput;
    assert.deepEqual(parsed.items.map((i) => i.name), ['SSL_R_UNEXPECTED_EOF_WHILE_READING', 'SSL_R_WRONG_VERSION_NUMBER', 'ECONNRESET', 'CERT_HAS_EXPIRED']);
    assert.deepEqual(parsed.items[1]?.details.occurrences, 2);
  });

  test('nothing recognised exits 1 with a message; usage errors exit 2', async () => {
    const none = capture();
    assert.equal(await explainCommand.run(['hello world'], none.io), 1);
    assert.match(none.err.join(''), /no OpenSSL error/);
    const usage = capture();
    assert.equal(await explainCommand.run([], usage.io), 2);
    assert.equal(await explainCommand.run(['--yaml', 'x'], usage.io), 2);
  });
});
