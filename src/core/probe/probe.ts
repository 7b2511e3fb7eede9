// The probe of one endpoint: runs the steps (proxy or DNS, TCP, banner listen, raw first flight, Node handshake
// with the close check, differential probes, certificates, direct comparison), streams progress events, and
// classifies what it saw. One total deadline, at most 8 connections (3 at once), only the target and the proxy.
import { X509Certificate } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { ProbeBudget, maxConnections } from './budget';
import { analyzeChain, certificatesFromPem, describeCertificate } from './certificates';
import { classify } from './classify';
import type { HelloVariant } from './clientHello';
import { resolveTarget } from './dns';
import { contextWithExtraCa, runHandshake, type HandshakeObservation } from './handshake';
import type { DirectComparison, ProbeObservations, ProxyObservation, TcpAttempt } from './observations';
import { openTunnel, parseProxyUrl, type ProxyEndpoint } from './proxy';
import { classifyBanner, rawExchange, type RawExchange } from './rawExchange';
import { probeReportVersion, type ProbeEvent, type ProbeOptions, type ProbeReport, type StepName, type StepRecord } from './report';
import { connectTcp, type ConnectFailure } from './tcp';
import { TargetError, isHostName, parseTarget } from './target';
import { versionName } from './tlsWire';

export const defaultProbeTimeoutMs = 10_000;
export const maxProbeTimeoutMs = 600_000;
export const defaultBannerWaitMs = 250;
const acceptCloseGraceMs = 50;

type Dialed = { ok: true; socket: Socket } | { ok: false; failure: ConnectFailure; reason: string };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

class StepLog {
  readonly records: StepRecord[] = [];
  constructor(private readonly listener: ((event: ProbeEvent) => void) | undefined) {}

  private emit(event: ProbeEvent): void {
    try {
      this.listener?.(event);
    } catch {
      // A failing listener (a closed panel) must not break the probe.
    }
  }

  started(step: StepName, detail: string): number {
    this.emit({ kind: 'step-started', step, detail });
    return Date.now();
  }

  /** Records a finished step; `ms` overrides the time since `since` when the step's own clock is more exact. */
  finished(step: StepName, since: number, outcome: string, detail: string, ms = Date.now() - since): void {
    const record: StepRecord = { name: step, ms, outcome, detail };
    this.records.push(record);
    this.emit({ kind: 'step-finished', step: record });
  }
}

function ambiguousFirstAnswer(first: RawExchange | undefined, handshake: HandshakeObservation | undefined): 'ambiguous' | 'version' | 'none' {
  const reply = first?.reply;
  if (!reply || first.unsolicited) return 'none';
  const alert = reply.flight?.alert?.description ?? (handshake?.outcome === 'failed' ? handshake.error?.alert : undefined);
  if (alert === 70) return 'version';
  if (reply.kind === 'fin' || reply.kind === 'reset' || reply.kind === 'silence') return 'ambiguous';
  if (alert === 40 || alert === 47 || alert === 112) return 'ambiguous';
  if (handshake?.outcome === 'failed' && (handshake.wire.end === 'fin' || handshake.wire.end === 'reset') && handshake.error?.alert === undefined) return 'ambiguous';
  return 'none';
}

/**
 * Probes `host[:port]` and returns the report. Never throws for anything the network does; throws TargetError for
 * invalid input (target, server name, CA text) and a plain Error for a malformed proxy URL.
 */
export async function probeEndpoint(input: string, options: ProbeOptions = {}): Promise<ProbeReport> {
  const started = Date.now();
  const { host, port } = parseTarget(input);
  const proxy: ProxyEndpoint | undefined = options.proxy ? parseProxyUrl(options.proxy) : undefined;
  const requested = options.timeoutMs ?? defaultProbeTimeoutMs;
  const timeoutMs = Number.isFinite(requested) ? Math.min(Math.max(requested, 100), maxProbeTimeoutMs) : defaultProbeTimeoutMs;
  if (options.servername !== undefined && !isHostName(options.servername)) {
    throw new TargetError(`server name "${options.servername}" is not a DNS name (SNI carries names, not addresses)`);
  }
  const extraCa = options.ca ? certificatesFromPem(options.ca) : [];
  if (options.ca !== undefined && extraCa.length === 0) throw new TargetError('the extra CA file contains no readable PEM certificate');
  const budget = new ProbeBudget(timeoutMs, options.signal);
  const signal = budget.signal;
  const log = new StepLog(options.onEvent);
  const servername = options.servername ?? (isIP(host) === 0 ? host : undefined);
  const secureContext = extraCa.length > 0 ? contextWithExtraCa(extraCa.map((c) => c.toString()).join('\n')) : undefined;
  const onBytes = (count: number): void => budget.addBytes(count);
  const obs: Mutable<ProbeObservations> = { host, port, servername, tcp: [], variants: {}, now: options.now ?? new Date(), cancelled: false };
  let address: string | undefined;

  /** Opens one more connection to the target (through the proxy when there is one), within the budget. */
  const dial = async (): Promise<Dialed> => {
    if (proxy) {
      const tunnel = await openTunnel(proxy, host, port, budget.slice(0.4, 50), signal, onBytes);
      return tunnel.ok ? { ok: true, socket: tunnel.socket } : { ok: false, failure: tunnel.stage === 'connect' ? tunnel.failure : 'error', reason: tunnel.stage === 'connect' ? tunnel.message : tunnel.statusLine };
    }
    if (!address) return { ok: false, failure: 'error', reason: 'no address' };
    const connected = await connectTcp(address, port, budget.slice(0.4, 50), signal);
    return connected.ok ? { ok: true, socket: connected.socket } : { ok: false, failure: connected.failure, reason: connected.message };
  };

  /** Runs `work` on a fresh connection holding one of the three concurrent slots. */
  const withConnection = async <T>(work: (socket: Socket) => Promise<T>, onDialFailure?: (failure: ConnectFailure, reason: string) => void): Promise<T | undefined> => {
    if (!budget.canOpen()) return undefined;
    let release: (() => void) | undefined;
    try {
      release = await budget.acquire();
      const dialed = await dial();
      if (!dialed.ok) {
        onDialFailure?.(dialed.failure, dialed.reason);
        return undefined;
      }
      return await work(dialed.socket);
    } catch {
      return undefined;
    } finally {
      release?.();
    }
  };

  try {
    let firstSocket: Socket | undefined;
    let firstRelease: (() => void) | undefined;
    if (proxy) {
      const since = log.started('proxy', `CONNECT ${host}:${port} through ${proxy.display}`);
      firstRelease = await budget.acquire();
      const tunnel = await openTunnel(proxy, host, port, budget.slice(0.4, 50), signal, onBytes);
      const observed: ProxyObservation = tunnel.ok
        ? { url: proxy.display, ok: true, statusLine: tunnel.statusLine, ms: tunnel.ms }
        : tunnel.stage === 'connect'
          ? { url: proxy.display, ok: false, stage: 'connect', failure: tunnel.failure, message: tunnel.message, ms: tunnel.ms }
          : { url: proxy.display, ok: false, stage: 'answer', status: tunnel.status, statusLine: tunnel.statusLine, authenticate: tunnel.authenticate, bytes: tunnel.bytes, ms: tunnel.ms };
      obs.proxy = observed;
      log.finished('proxy', since, tunnel.ok ? 'tunnel' : tunnel.stage === 'connect' ? tunnel.failure : String(tunnel.status ?? 'no-answer'), tunnel.ok ? tunnel.statusLine : tunnel.stage === 'connect' ? tunnel.message : tunnel.statusLine);
      if (tunnel.ok) firstSocket = tunnel.socket;
      else firstRelease();
    } else {
      let since = log.started('dns', `resolving ${host}`);
      const dns = await resolveTarget(host, { servers: options.dnsServers, timeoutMs: budget.slice(0.25, 50), signal });
      obs.dns = dns;
      log.finished('dns', since, dns.kind, dns.addresses.length > 0 ? `A: ${dns.a.join(', ') || '-'}; AAAA: ${dns.aaaa.join(', ') || '-'}` : `${dns.code ?? dns.kind} from ${dns.source}`);
      // Try the first address of each family: a broken AAAA must not hide behind a working A, or the reverse.
      const candidates = [dns.addresses[0], dns.addresses.find((a) => isIP(a) !== isIP(dns.addresses[0] ?? ''))].filter((a): a is string => a !== undefined);
      if (candidates.length > 0) {
        since = log.started('tcp', `connecting to ${candidates.join(' and ')} port ${port}`);
        const releases = await Promise.all(candidates.map(() => budget.acquire()));
        const results = await Promise.all(candidates.map((a) => connectTcp(a, port, budget.slice(0.35, 50), signal)));
        obs.tcp = results.map((r, i): TcpAttempt => ({ address: candidates[i] ?? '', ok: r.ok, failure: r.ok ? undefined : r.failure, code: r.ok ? undefined : r.code, message: r.ok ? undefined : r.message, ms: r.ms }));
        const winner = results.findIndex((r) => r.ok);
        results.forEach((r, i) => {
          if (i !== winner) {
            if (r.ok) r.socket.destroy();
            releases[i]?.();
          }
        });
        if (winner >= 0) {
          const result = results[winner];
          if (result?.ok) firstSocket = result.socket;
          firstRelease = releases[winner];
          address = candidates[winner];
        }
        log.finished('tcp', since, winner >= 0 ? 'connected' : obs.tcp[0]?.failure ?? 'failed', obs.tcp.map((t) => `${t.address}: ${t.ok ? 'connected' : t.failure ?? 'failed'} in ${t.ms} ms`).join('; '));
      }
    }

    if (firstSocket) {
      const socket = firstSocket;
      const bannerWaitMs = options.bannerWaitMs ?? defaultBannerWaitMs;
      // A server that answers a ClientHello in TLS on another connection does not speak first: stop listening.
      const tlsSeen = new AbortController();
      let firstSince = log.started('banner', `listening ${bannerWaitMs} ms for a server that speaks first`);
      const firstFlight = rawExchange(socket, {
        variant: 'default', servername, alpn: ['h2', 'http/1.1'], bannerWaitMs, stopListening: tlsSeen.signal, replyWaitMs: budget.slice(0.45, 50), signal, onBytes,
        onListenDone: (_ms, unsolicited) => {
          log.finished('banner', firstSince, unsolicited ? unsolicited.kind : 'quiet', unsolicited ? `the server spoke first: ${unsolicited.text ?? `${unsolicited.bytes} bytes`}` : 'the server waits for the client, as TLS servers do');
          if (!unsolicited) firstSince = log.started('first-flight', `sending our ClientHello${servername ? ` with SNI ${servername}` : ' without SNI'}`);
        },
      }).finally(() => firstRelease?.());
      const handshakeSince = log.started('handshake', 'full handshake with Node\'s TLS over a byte-tapped socket');
      const hs = await withConnection((s) => runHandshake(s, {
        servername, host: servername ?? host, port, secureContext, handshakeTimeoutMs: budget.slice(0.45, 50), closeBudgetMs: () => budget.slice(0.5), signal, onBytes,
      }), (failure, reason) => { obs.secondConnection = { failure, reason }; });
      obs.handshake = hs;
      if (hs) {
        if (hs.outcome === 'connected' || hs.wire.records > 0 || classifyBanner(hs.wire.head) === 'http') tlsSeen.abort();
        // The listening connection was opened first: a server that closes at accept has closed it by now too.
        else if (hs.wire.bytes === 0 && (hs.wire.end === 'fin' || hs.wire.end === 'reset')) setTimeout(() => tlsSeen.abort(), acceptCloseGraceMs).unref();
        log.finished('handshake', handshakeSince, hs.outcome, hs.outcome === 'connected' ? `${hs.protocol ?? '?'} ${hs.cipher ?? '?'}${hs.alpn ? ` ALPN ${hs.alpn}` : ''}` : hs.error ? `${hs.error.code ?? ''} ${hs.error.message}` : `no answer within the deadline (${hs.wire.bytes} bytes)`, hs.ms);
        if (hs.outcome === 'connected') {
          log.finished('close', handshakeSince, hs.close, hs.request === 'none' ? 'no request sent (not an HTTP-like service)' : `after a minimal ${hs.request} request${hs.response ? `: "${hs.response}"` : ''}`, hs.closeMs ?? 0);
        }
      } else {
        log.finished('handshake', handshakeSince, 'skipped', 'no connection could be opened for it');
      }

      /** Raw hellos in parallel (three at a time): differential probes, or the version and cipher sweep. */
      const runVariants = async (wanted: readonly (HelloVariant | 'no-sni')[]): Promise<void> => {
        const reserve = proxy && hs?.outcome === 'connected' ? 1 : 0;
        const variants = wanted.slice(0, Math.max(0, maxConnections - budget.connectionsOpened - reserve));
        if (variants.length === 0 || signal.aborted) return;
        const since = log.started('differential', `retrying: ${variants.join(', ')}`);
        const results = await Promise.all(variants.map((variant) => withConnection((s) => rawExchange(s, {
          variant: variant === 'no-sni' ? 'default' : variant, servername: variant === 'no-sni' ? undefined : servername,
          alpn: ['h2', 'http/1.1'], bannerWaitMs: 0, replyWaitMs: budget.slice(0.85, 50), signal, onBytes,
        }))));
        obs.variants = Object.fromEntries(variants.flatMap((variant, i) => (results[i] ? [[variant, results[i]]] : [])));
        log.finished('differential', since, variants.map((v) => `${v}:${obs.variants[v]?.reply?.kind ?? 'not-run'}`).join(' '), variants.map((v) => `${v} → ${obs.variants[v]?.reply?.kind ?? 'not run'}`).join('; '));
      };
      // On a working endpoint the sweep does not depend on the first flight, so it runs while that finishes.
      const sweep = hs?.outcome === 'connected'
        ? runVariants([...(servername ? ['no-sni' as const] : []), ...(hs.protocol === 'TLSv1.3' ? ['tls12-only' as const] : []), 'tls11-only', 'tls10-only', 'legacy-suites'])
        : undefined;
      const directComparison = proxy && hs?.outcome === 'connected' ? compareDirect(host, port, servername, secureContext, budget, onBytes, log) : undefined;
      const first = await firstFlight;
      obs.first = first;
      if (first.reply) log.finished('first-flight', firstSince, first.reply.kind, `${first.reply.bytes} bytes, stream ${first.reply.end}`);
      if (sweep) await sweep;
      else {
        const mode = ambiguousFirstAnswer(first, hs);
        if (mode === 'ambiguous') await runVariants([...(servername ? ['no-sni' as const] : []), 'tls12-only', 'tls13-only', 'legacy-suites']);
        else if (mode === 'version') await runVariants(['tls11-only', 'tls10-only']);
      }
      if (directComparison) obs.direct = await directComparison;

      if (hs?.outcome === 'connected' && hs.chain.length > 0) {
        const since = log.started('certificates', 'building the path to a trusted root');
        // The chain as sent is only visible in a TLS 1.2 flight; prefer it when its leaf is the same certificate.
        const sent = [first, ...Object.values(obs.variants)]
          .map((e) => e?.reply?.flight?.certificates ?? [])
          .find((certs) => certs.length > 0 && certs[0]?.equals(hs.chain[0] ?? Buffer.alloc(0)));
        const chain = analyzeChain(sent ?? hs.chain, sent !== undefined, servername ?? host, extraCa, obs.now, hs.authorizationError);
        obs.chain = chain;
        log.finished('certificates', since, chain?.report.trust ?? 'unparsable', chain ? `${chain.report.certificates.length} certificate(s), ${chain.report.trust}${chain.report.hostnameMatches ? '' : ', name mismatch'}` : 'the leaf certificate does not parse');
      }
    }
  } finally {
    budget.dispose();
  }

  obs.cancelled = budget.cancelledByUser();
  const classification = classify(obs);
  const hs = obs.handshake;
  return {
    version: probeReportVersion,
    target: { input, host, port, servername, addresses: obs.dns?.addresses ?? [], address: proxy ? undefined : address, proxy: proxy?.display },
    verdict: classification.verdict,
    diagnosis: classification.diagnosis,
    findings: classification.findings,
    steps: log.records,
    chain: obs.chain?.report,
    negotiated: hs?.outcome === 'connected'
      ? { version: hs.protocol, cipher: hs.cipher, alpn: hs.alpn, keyExchange: hs.keyExchange }
      : { version: obs.first?.reply?.flight?.serverHello ? versionName(obs.first.reply.flight.serverHello.version) : undefined },
    versions: classification.versions,
    close: hs?.close ?? 'not-checked',
    connections: budget.connectionsOpened,
    bytesRead: budget.bytesRead,
    cancelled: obs.cancelled,
    ms: Date.now() - started,
  };
}

/** The same handshake without the proxy, to see whether the proxy substitutes the certificate. */
async function compareDirect(host: string, port: number, servername: string | undefined, secureContext: tls.SecureContext | undefined, budget: ProbeBudget, onBytes: (n: number) => void, log: StepLog): Promise<DirectComparison> {
  const since = log.started('direct-comparison', `connecting to ${host}:${port} without the proxy`);
  const finish = (result: DirectComparison): DirectComparison => {
    log.finished('direct-comparison', since, result.ok ? 'compared' : 'failed', result.ok ? `issuer directly: ${result.leafIssuer ?? '?'}` : result.failure ?? 'failed');
    return result;
  };
  if (!budget.canOpen()) return finish({ ok: false, failure: 'connection budget used up' });
  const dns = await resolveTarget(host, { timeoutMs: budget.slice(0.3, 50), signal: budget.signal });
  const address = dns.addresses[0];
  if (!address) return finish({ ok: false, failure: `DNS: ${dns.code ?? dns.kind}` });
  let release: (() => void) | undefined;
  try {
    release = await budget.acquire();
    const connected = await connectTcp(address, port, budget.slice(0.4, 50), budget.signal);
    if (!connected.ok) return finish({ ok: false, failure: connected.message });
    const hs = await runHandshake(connected.socket, { servername, host: servername ?? host, port, secureContext, handshakeTimeoutMs: budget.slice(0.5, 50), closeBudgetMs: () => 0, signal: budget.signal, onBytes });
    const leaf = hs.chain[0];
    if (hs.outcome !== 'connected' || !leaf) return finish({ ok: false, failure: hs.error?.message ?? hs.outcome });
    const info = describeCertificate(new X509Certificate(leaf), leaf);
    return finish({ ok: true, leafIssuer: info.issuer, leafFingerprint: info.fingerprintSha256 });
  } catch (error) {
    return finish({ ok: false, failure: error instanceof Error ? error.message : String(error) });
  } finally {
    release?.();
  }
}
