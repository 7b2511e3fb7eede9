import * as assert from 'node:assert/strict';
import { parseTargetInput } from '../../../src/core/diagnosis/targetInput';

function target(input: string): string {
  const parsed = parseTargetInput(input);
  assert.ok(parsed.ok, `${input}: ${parsed.ok ? '' : parsed.message}`);
  return parsed.target;
}

function rejection(input: string): string {
  const parsed = parseTargetInput(input);
  assert.ok(!parsed.ok, `${input} was accepted as ${parsed.ok ? parsed.target : ''}`);
  return parsed.message;
}

suite('diagnosis: target input', () => {
  test('host, host:port, IPv4 and bracketed IPv6 become canonical host:port', () => {
    assert.equal(target('example.org'), 'example.org:443');
    assert.equal(target('  example.org:8443 '), 'example.org:8443');
    assert.equal(target('192.0.2.1:993'), '192.0.2.1:993');
    assert.equal(target('[2001:db8::1]:8443'), '[2001:db8::1]:8443');
    assert.equal(target('2001:db8::1'), '[2001:db8::1]:443');
    assert.equal(target('example.org.'), 'example.org:443');
  });

  test('TLS URLs are reduced to host and port, with the scheme\'s default port', () => {
    assert.equal(target('https://example.org/path?q=1#x'), 'example.org:443');
    assert.equal(target('https://user:secret@example.org:8443/'), 'example.org:8443');
    assert.equal(target('https://[2001:db8::2]/'), '[2001:db8::2]:443');
    assert.equal(target('ldaps://dir.example.org'), 'dir.example.org:636');
    assert.equal(target('HTTPS://Example.org'), 'example.org:443');
  });

  test('plain-text schemes and junk are rejected with a sentence that says why', () => {
    assert.match(rejection('http://example.org'), /not TLS/);
    assert.match(rejection('gopher://example.org'), /not a TLS URL scheme/);
    assert.match(rejection(''), /Type a host/);
    assert.match(rejection('example.org:0'), /port/);
    assert.match(rejection('example.org:99999'), /port/);
    assert.match(rejection('[::1'), /host|IPv6/);
    assert.match(rejection('[nonsense]:443'), /IPv6/);
    assert.match(rejection('bad host name'), /host/);
    assert.match(rejection('exa\u0000mple.org'), /control characters/);
    assert.match(rejection('a'.repeat(5000)), /too long/);
    assert.match(rejection('<script>alert(1)</script>'), /host/);
  });
});
