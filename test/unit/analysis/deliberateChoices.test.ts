import * as assert from 'node:assert/strict';
import { lintText } from '../../../src/core/analysis/lint';
import { parseLintOptions } from '../../../src/core/analysis/options';

const client = `#include <openssl/ssl.h>
int test_client(SSL_CTX *ctx, int fd)
{
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "localhost");
    int rc = SSL_connect(ssl);
    return rc == 1 ? 0 : SSL_get_error(ssl, rc);
}
`;

async function rules(text: string, config: unknown): Promise<string[]> {
  const { findings } = await lintText(text, 'client.c', parseLintOptions(config));
  return findings.map((f) => f.ruleId);
}

suite('settings for deliberate certificate choices (editor settings and the CLI --config share them)', () => {
  test('a client with SSL_VERIFY_NONE is reported by default', async () => {
    assert.deepEqual(await rules(client, {}), ['C1']);
  });

  test('allowVerifyNone makes the listed function deliberate, and only that one', async () => {
    assert.deepEqual(await rules(client, { allowVerifyNone: ['test_client'] }), []);
    assert.deepEqual(await rules(client, { allowVerifyNone: ['other_client'] }), ['C1']);
  });

  test('the in-code directive needs a reason', async () => {
    const withReason = client.replace('int test_client', '/* openssl-doctor: insecure-by-design talks to a throw-away local server */\nint test_client');
    const withoutReason = client.replace('int test_client', '// openssl-doctor: insecure-by-design\nint test_client');
    assert.deepEqual(await rules(withReason, {}), []);
    assert.deepEqual(await rules(withoutReason, {}), ['C1']);
  });

  test('malformed values are errors, not silent defaults', () => {
    assert.throws(() => parseLintOptions({ privateCa: 'yes' }), /privateCa/);
    assert.throws(() => parseLintOptions({ allowVerifyNone: ['tests/*.c'] }), /allowVerifyNone/);
    assert.equal(parseLintOptions({ privateCa: true }).privateCa, true);
  });
});
