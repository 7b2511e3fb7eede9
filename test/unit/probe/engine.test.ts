import * as assert from 'node:assert/strict';
import { ProbeBudget, maxConcurrentConnections, maxConnections } from '../../../src/core/probe/budget';
import { classify } from '../../../src/core/probe/classify';
import { resolveTarget } from '../../../src/core/probe/dns';
import type { ProbeObservations } from '../../../src/core/probe/observations';
import { probeEndpoint } from '../../../src/core/probe/probe';
import type { ProbeEvent, ProbeReport } from '../../../src/core/probe/report';
import { renderProbeText } from '../../../src/core/probe/textReport';
import { createZooPki, type ZooPki } from '../../zoo/pki';
import { rawServer, tlsServer } from '../../zoo/servers';

function observations(extra: Partial<ProbeObservations>): ProbeObservations {
  return { host: 'example.org', port: 443, servername: 'example.org', tcp: [], variants: {}, now: new Date(), cancelled: false, ...extra };
}

suite('probe: engine', function () {
  this.timeout(10_000);
  let pki: ZooPki;
  suiteSetup(() => {
    pki = createZooPki();
  });

  test('classifies TCP timeouts and unreachable hosts (no loopback server can cause them)', () => {
    const dns = { kind: 'resolved' as const, a: ['192.0.2.1'], aaaa: [], addresses: ['192.0.2.1'], ms: 1, source: 'test' };
    const timeout = classify(observations({ dns, tcp: [{ address: '192.0.2.1', ok: false, failure: 'timeout', code: 'ETIMEDOUT', message: 'no answer', ms: 3000 }] }));
    assert.equal(timeout.diagnosis.id, 'tcp-timeout');
    assert.equal(timeout.diagnosis.openssl.errno, 'ETIMEDOUT (110), after the kernel\'s SYN retries (about 2 minutes) unless the client sets its own timeout');
    const unreachable = classify(observations({ dns, tcp: [{ address: '192.0.2.1', ok: false, failure: 'unreachable', code: 'EHOSTUNREACH', message: 'connect EHOSTUNREACH', ms: 5 }] }));
    assert.equal(unreachable.diagnosis.id, 'tcp-unreachable');
    assert.equal(unreachable.verdict, 'fail');
  });

  test('a silent server with no SNI sent lists sni-required among the alternatives', () => {
    const result = classify(observations({
      servername: undefined, host: '192.0.2.1',
      tcp: [{ address: '192.0.2.1', ok: true, ms: 1 }],
      first: { variant: 'default', reply: { kind: 'silence', bytes: 0, chunks: 0, end: 'open', ms: 2000 } },
    }));
    assert.equal(result.diagnosis.id, 'no-response');
    assert.ok(result.diagnosis.alternatives.some((a) => a.id === 'sni-required'));
  });

  test('a working endpoint that still accepts a legacy suite gets a weak-cipher finding', () => {
    const reply = (version: number, cipherSuite: number) => ({
      kind: 'tls-handshake' as const, bytes: 60, chunks: 1, end: 'open' as const, ms: 2,
      flight: { serverHello: { version, cipherSuite, helloRetryRequest: false }, certificates: [], certificateRequest: false, acceptedClientCas: [], serverHelloDone: true, malformed: false, changeCipherSpec: false },
    });
    const handshake = { outcome: 'connected' as const, ms: 5, wire: { bytes: 3000, end: 'fin' as const, trailingBytes: 0, records: 9, head: Buffer.alloc(0) }, protocol: 'TLSv1.2', chain: [], close: 'close_notify' as const, request: 'http/1.1' as const };
    const result = classify(observations({
      tcp: [{ address: '192.0.2.1', ok: true, ms: 1 }],
      first: { variant: 'default', reply: reply(0x0303, 0xc02f) },
      handshake,
      variants: { 'legacy-suites': { variant: 'legacy-suites', reply: reply(0x0303, 0x000a) } },
    }));
    assert.equal(result.diagnosis.id, 'healthy');
    assert.equal(result.verdict, 'warn');
    assert.match(result.findings.find((f) => f.id === 'weak-cipher')?.title ?? '', /TLS_RSA_WITH_3DES_EDE_CBC_SHA/);
  });

  test('a server that takes one connection but refuses the next is not called healthy', () => {
    const result = classify(observations({
      tcp: [{ address: '192.0.2.1', ok: true, ms: 1 }],
      first: { variant: 'default', reply: { kind: 'tls-handshake', bytes: 90, chunks: 1, end: 'open', ms: 2, flight: { serverHello: { version: 0x0304, cipherSuite: 0x1301, helloRetryRequest: false }, certificates: [], certificateRequest: false, acceptedClientCas: [], serverHelloDone: false, malformed: false, changeCipherSpec: false } } },
      secondConnection: { failure: 'refused', reason: 'connect ECONNREFUSED 192.0.2.1:443' },
    }));
    assert.equal(result.diagnosis.id, 'tcp-refused');
    assert.match(result.diagnosis.summary, /first connection but not the next/);
  });

  test('a failing address family next to a working one is a finding, not the diagnosis', () => {
    const server = classify(observations({
      tcp: [{ address: '2001:db8::1', ok: false, failure: 'unreachable', code: 'ENETUNREACH', message: 'connect ENETUNREACH', ms: 1 }, { address: '192.0.2.1', ok: true, ms: 1 }],
      first: { variant: 'default', reply: { kind: 'http', bytes: 20, chunks: 1, end: 'fin', ms: 1, banner: 'http', text: 'HTTP/1.1 400 Bad Request' } },
    }));
    assert.equal(server.diagnosis.id, 'not-tls-http');
    assert.ok(server.findings.some((f) => f.id === 'address-failed' && f.title.includes('2001:db8::1')));
  });

  test('the system resolver answers for localhost without any network', async () => {
    const controller = new AbortController();
    const answer = await resolveTarget('localhost', { timeoutMs: 2000, signal: controller.signal });
    assert.equal(answer.kind, 'resolved');
    assert.ok(answer.addresses.some((a) => a === '127.0.0.1' || a === '::1'), answer.addresses.join(', '));
  });

  test('the budget never allows more than 8 connections or 3 at once', async () => {
    const budget = new ProbeBudget(5000);
    let active = 0;
    let peak = 0;
    const work = async (): Promise<void> => {
      const release = await budget.acquire();
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
      release();
    };
    const results = await Promise.allSettled(Array.from({ length: maxConnections + 2 }, work));
    budget.dispose();
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, maxConnections);
    assert.equal(peak, maxConcurrentConnections);
  });

  test('cancellation through the AbortSignal ends a probe of a silent server at once', async () => {
    const server = await rawServer(() => undefined);
    try {
      const controller = new AbortController();
      const probe = probeEndpoint(`127.0.0.1:${server.port}`, { timeoutMs: 60_000, signal: controller.signal, onEvent: (event) => {
        if (event.kind === 'step-finished' && event.step.name === 'banner') controller.abort();
      } });
      const report = await probe;
      assert.equal(report.cancelled, true);
      assert.ok(report.ms < 30_000, `took ${report.ms} ms`);
      assert.match(report.diagnosis.summary, /cancelled/);
    } finally {
      await server.close();
    }
  });

  test('progress events pair every started step with a finished one, in order', async () => {
    const server = await tlsServer({ key: pki.good.keyPem, cert: pki.good.pem + pki.intermediate.pem, ALPNProtocols: ['http/1.1'] });
    try {
      const events: ProbeEvent[] = [];
      const report = await probeEndpoint(`127.0.0.1:${server.port}`, { servername: 'localhost', ca: pki.root.pem, onEvent: (e) => events.push(e) });
      const started = events.filter((e) => e.kind === 'step-started').map((e) => e.step);
      const finished = events.flatMap((e) => (e.kind === 'step-finished' ? [e.step.name] : []));
      assert.deepEqual(started.filter((s) => !finished.includes(s)), []);
      assert.deepEqual(finished, report.steps.map((s) => s.name));
      assert.ok(started.includes('dns') && started.includes('handshake') && started.includes('certificates'));
    } finally {
      await server.close();
    }
  });

  test('a throwing listener does not break the probe', async () => {
    const server = await rawServer((s) => s.end());
    try {
      const report = await probeEndpoint(`127.0.0.1:${server.port}`, { onEvent: () => { throw new Error('panel closed'); } });
      assert.equal(report.diagnosis.id, 'closed-before-handshake');
    } finally {
      await server.close();
    }
  });

  test('the text report neutralises control characters from the network', async () => {
    const server = await rawServer((s) => s.write('SSH-2.0-evil\u001b[2J\u0007banner\r\n'));
    try {
      const report: ProbeReport = await probeEndpoint(`127.0.0.1:${server.port}`);
      assert.equal(report.diagnosis.id, 'not-tls-ssh');
      const text = renderProbeText(report);
      assert.ok([...text].every((c) => c === '\n' || c.charCodeAt(0) >= 0x20), 'no control characters but newlines');
      assert.match(text, /SSH-2\.0-evil\.\[2J\.banner/);
    } finally {
      await server.close();
    }
  });
});
