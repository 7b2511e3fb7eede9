import * as assert from 'node:assert/strict';
import { probeRunSettings, redactProxy, type NetworkSettings } from '../../../src/core/diagnosis/networkSettings';

const base: NetworkSettings = { proxy: '', noProxy: [], proxySupport: 'override', proxyStrictSSL: true, timeoutMs: 10_000, env: {} };

suite('diagnosis: editor network settings', () => {
  test('http.proxy is used, minus http.noProxy and NO_PROXY; credentials never reach the notes', () => {
    const settings = { ...base, proxy: 'http://alice:secret@proxy.corp:3128', noProxy: ['.internal.corp'], env: { NO_PROXY: 'localhost' } };
    const run = probeRunSettings(settings, 'example.org', 443);
    assert.equal(run.proxy, 'http://alice:secret@proxy.corp:3128');
    assert.ok(run.notes.some((n) => n.includes('http://…@proxy.corp:3128')));
    assert.ok(!run.notes.join('\n').includes('secret'));
    assert.equal(probeRunSettings(settings, 'db.internal.corp', 443).proxy, undefined);
    assert.equal(probeRunSettings(settings, 'localhost', 443).proxy, undefined);
    assert.match(probeRunSettings(settings, 'localhost', 443).notes.join('\n'), /matches http\.noProxy/);
  });

  test('without http.proxy the environment decides; http.proxySupport off disables both', () => {
    const env = { HTTPS_PROXY: 'http://envproxy:8080' };
    assert.equal(probeRunSettings({ ...base, env }, 'example.org', 443).proxy, 'http://envproxy:8080');
    assert.equal(probeRunSettings({ ...base, env, proxySupport: 'off' }, 'example.org', 443).proxy, undefined);
    assert.equal(probeRunSettings({ ...base, proxy: 'http://p:1', proxySupport: 'off' }, 'example.org', 443).proxy, undefined);
    assert.equal(probeRunSettings(base, 'example.org', 443).proxy, undefined);
  });

  test('http.proxyStrictSSL off is explained; the deadline is clamped; the CA file is named', () => {
    const run = probeRunSettings({ ...base, proxy: 'http://p:1', proxyStrictSSL: false, timeoutMs: 5, caFile: { path: '/etc/corp-root.pem', certificates: 2 } }, 'example.org', 443);
    assert.equal(run.timeoutMs, 1000);
    assert.match(run.notes.join('\n'), /proxyStrictSSL is off/);
    assert.match(run.notes.join('\n'), /\/etc\/corp-root\.pem \(2 certificate/);
    assert.equal(probeRunSettings({ ...base, timeoutMs: 10_000_000 }, 'example.org', 443).timeoutMs, 120_000);
    assert.equal(probeRunSettings({ ...base, timeoutMs: Number.NaN }, 'example.org', 443).timeoutMs, 10_000);
    assert.equal(redactProxy('http://proxy:3128'), 'http://proxy:3128');
  });
});
