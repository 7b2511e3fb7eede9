import * as assert from 'node:assert/strict';
import { parseProxyUrl, proxyFromEnvironment } from '../../../src/core/probe/proxy';
import { parseTarget } from '../../../src/core/probe/target';

suite('probe: targets and proxies', () => {
  test('parses names, IPv4, IPv6 with and without brackets, and ports', () => {
    assert.deepEqual(parseTarget('example.org'), { host: 'example.org', port: 443 });
    assert.deepEqual(parseTarget('example.org:8443'), { host: 'example.org', port: 8443 });
    assert.deepEqual(parseTarget('https://example.org/path'), { host: 'example.org', port: 443 });
    assert.deepEqual(parseTarget('192.0.2.7:993'), { host: '192.0.2.7', port: 993 });
    assert.deepEqual(parseTarget('[2001:db8::1]:8443'), { host: '2001:db8::1', port: 8443 });
    assert.deepEqual(parseTarget('2001:db8::1'), { host: '2001:db8::1', port: 443 });
  });

  test('rejects what is not a host and port, with a readable message', () => {
    for (const bad of ['', 'host:0', 'host:70000', 'host:x', '[nonsense]:1', 'bad host', 'a'.repeat(300), 'exa\u0000mple']) {
      assert.throws(() => parseTarget(bad), /port|host|target|IPv6/, bad);
    }
  });

  test('proxy URLs: credentials become a Basic header and are never displayed', () => {
    const proxy = parseProxyUrl('http://alice:s%40cret@proxy.corp:3128');
    assert.equal(proxy.display, 'http://proxy.corp:3128');
    assert.equal(proxy.authorization, `Basic ${Buffer.from('alice:s@cret').toString('base64')}`);
    assert.equal(parseProxyUrl('proxy.corp').port, 80);
    assert.throws(() => parseProxyUrl('socks5://proxy:1080'), /only http/);
  });

  test('the environment proxy honours NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost,.internal.corp,10.0.0.1:8443' };
    assert.equal(proxyFromEnvironment(env, 'example.org', 443), 'http://proxy:3128');
    assert.equal(proxyFromEnvironment(env, 'db.internal.corp', 443), undefined);
    assert.equal(proxyFromEnvironment(env, 'localhost', 443), undefined);
    assert.equal(proxyFromEnvironment(env, '10.0.0.1', 8443), undefined);
    assert.equal(proxyFromEnvironment(env, '10.0.0.1', 443), 'http://proxy:3128');
    assert.equal(proxyFromEnvironment({}, 'example.org', 443), undefined);
  });
});
