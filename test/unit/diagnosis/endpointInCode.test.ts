import * as assert from 'node:assert/strict';
import { endpointLiteralAt } from '../../../src/core/diagnosis/endpointInCode';

/** The endpoint at the position of `|` in `source` (the marker is removed). */
function at(source: string): string | undefined {
  const offset = source.indexOf('|');
  assert.ok(offset >= 0, 'the test source needs a | cursor marker');
  return endpointLiteralAt(source.slice(0, offset) + source.slice(offset + 1), offset)?.target;
}

suite('diagnosis: endpoints named in C/C++ code', () => {
  test('any literal passed to a host-name call, with or without a port or service', () => {
    assert.equal(at('SSL_set_tlsext_host_name(ssl, "in|ternal");'), 'internal:443');
    assert.equal(at('BIO_set_conn_hostname(bio, "api.example.com:84|43");'), 'api.example.com:8443');
    assert.equal(at('BIO_set_conn_hostname(bio, "|mail.example.com:imaps");'), 'mail.example.com:993');
    assert.equal(at('if (!SSL_set1_host(ssl, "db.example.org|")) goto err;'), 'db.example.org:443');
    assert.equal(at('BIO *b = BIO_new_connect("[2001:db8::1]:8|443");'), '[2001:db8::1]:8443');
  });

  test('a literal elsewhere only when it looks like an endpoint', () => {
    assert.equal(at('const char *url = "https://ex|ample.org/v1";'), 'example.org:443');
    assert.equal(at('#define HOST "api.exa|mple.com"\n'), 'api.example.com:443');
    assert.equal(at('connect_to("localhost:4|433");'), 'localhost:4433');
    assert.equal(at('const char *cert = "server|.pem";'), undefined);
    assert.equal(at('printf("%s.%d|\\n", a, b);'), undefined);
    assert.equal(at('const char *v = "1.2|.3";'), undefined);
    assert.equal(at('const char *name = "local|host";'), undefined);
    assert.equal(at('const char *u = "http://exa|mple.org";'), undefined);
  });

  test('the cursor must be on the literal, and comments, chars and #include lines are skipped', () => {
    assert.equal(at('SSL_set_tlsext_host_name|(ssl, "example.org");'), undefined);
    assert.equal(at('#include "openssl|.h"\nint x;'), undefined);
    assert.equal(at('/* "example.org" */ int x = 1;| "api.example.com";'), undefined);
    assert.equal(at('// SSL_set1_host(ssl, "a.example.org")\nchar c = \'"\'; f("b.exa|mple.org");'), 'b.example.org:443');
    assert.equal(at('SSL_set1_host(ssl, cond ? "a.example.org" : "b.ex|ample.org");'), 'b.example.org:443');
  });

  test('calls are tracked per parenthesis and reset at statement ends', () => {
    assert.equal(at('SSL_set_tlsext_host_name(ssl, name); log("inter|nal");'), undefined);
    assert.equal(at('SSL_set_tlsext_host_name(ssl, pick("inter|nal"));'), undefined);
    assert.equal(at('SSL_set_tlsext_host_name(ssl, (const char *)"inter|nal");'), 'internal:443');
  });

  test('raw strings, escapes, unterminated and hostile literals end in an answer, never an exception', () => {
    assert.equal(at('auto u = R"(https://exam|ple.org)";'), 'example.org:443');
    assert.equal(at('f("exa\\x6d|ple.org");'), undefined);
    assert.equal(at('f("example.org|\nmore'), undefined);
    assert.equal(at('f("<script>alert(1)</scr|ipt>.example.org");'), undefined);
    assert.equal(endpointLiteralAt('"'.repeat(100_000), 50_000), undefined);
    assert.equal(endpointLiteralAt('f("example.org")', 1_000_000), undefined);
  });
});
