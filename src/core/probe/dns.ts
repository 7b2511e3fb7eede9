// DNS step: A and AAAA answers, and when resolution fails, which kind of failure the resolver reported
// (NXDOMAIN vs SERVFAIL vs no answer) — they have different fixes.
import * as dns from 'node:dns';
import { isIP } from 'node:net';

export type DnsAnswerKind = 'literal' | 'resolved' | 'not-found' | 'no-address' | 'server-failure' | 'timeout' | 'refused' | 'error';

export interface DnsObservation {
  readonly kind: DnsAnswerKind;
  readonly a: readonly string[];
  readonly aaaa: readonly string[];
  /** Addresses to try, in order. */
  readonly addresses: readonly string[];
  readonly code?: string;
  readonly ms: number;
  /** `system resolver (getaddrinfo)` or the servers asked. */
  readonly source: string;
}

function kindOf(code: string | undefined): DnsAnswerKind {
  switch (code) {
    case 'ENOTFOUND': case 'ENODATA': return code === 'ENOTFOUND' ? 'not-found' : 'no-address';
    case 'ESERVFAIL': case 'EAI_AGAIN': return 'server-failure';
    case 'ETIMEOUT': case 'ETIMEDOUT': return 'timeout';
    case 'EREFUSED': case 'ECONNREFUSED': return 'refused';
    default: return 'error';
  }
}

type Family = { ok: true; addresses: string[] } | { ok: false; code?: string };

async function resolveFamily(resolver: dns.promises.Resolver, host: string, family: 4 | 6): Promise<Family> {
  try {
    return { ok: true, addresses: family === 4 ? await resolver.resolve4(host) : await resolver.resolve6(host) };
  } catch (error) {
    return { ok: false, code: (error as NodeJS.ErrnoException).code };
  }
}

/** Worst failure first: a SERVFAIL or timeout on one family explains more than NODATA on the other. */
function combinedFailure(a: Family, aaaa: Family): string | undefined {
  const codes = [a, aaaa].map((f) => (f.ok ? undefined : f.code));
  for (const code of ['ENOTFOUND', 'ESERVFAIL', 'ETIMEOUT', 'ECONNREFUSED', 'EREFUSED']) {
    if (codes.includes(code)) return code;
  }
  return codes.find((c) => c !== undefined) ?? 'ENODATA';
}

export interface DnsOptions {
  /** Ask these servers (host or host:port) instead of the system resolver. */
  readonly servers?: readonly string[];
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export async function resolveTarget(host: string, options: DnsOptions): Promise<DnsObservation> {
  const started = Date.now();
  const family = isIP(host);
  if (family !== 0) {
    return { kind: 'literal', a: family === 4 ? [host] : [], aaaa: family === 6 ? [host] : [], addresses: [host], ms: 0, source: 'address literal' };
  }
  if (options.servers && options.servers.length > 0) {
    const resolver = new dns.promises.Resolver({ timeout: Math.max(50, Math.floor(options.timeoutMs)), tries: 1 });
    resolver.setServers([...options.servers]);
    const cancel = (): void => resolver.cancel();
    options.signal.addEventListener('abort', cancel, { once: true });
    try {
      const [a, aaaa] = await Promise.all([resolveFamily(resolver, host, 4), resolveFamily(resolver, host, 6)]);
      const v4 = a.ok ? a.addresses : [];
      const v6 = aaaa.ok ? aaaa.addresses : [];
      const ms = Date.now() - started;
      const source = options.servers.join(', ');
      if (v4.length + v6.length > 0) return { kind: 'resolved', a: v4, aaaa: v6, addresses: [...v4, ...v6], ms, source };
      const code = combinedFailure(a, aaaa);
      return { kind: kindOf(code), a: [], aaaa: [], addresses: [], code, ms, source };
    } finally {
      options.signal.removeEventListener('abort', cancel);
    }
  }
  // The system resolver honours /etc/hosts and search domains, as the user's own client would.
  const lookup = dns.promises.lookup(host, { all: true, verbatim: true });
  const timeout = new Promise<'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), Math.max(1, options.timeoutMs));
    options.signal.addEventListener('abort', () => { clearTimeout(timer); resolve('timeout'); }, { once: true });
    void lookup.finally(() => clearTimeout(timer)).catch(() => undefined);
  });
  try {
    const result = await Promise.race([lookup, timeout]);
    const ms = Date.now() - started;
    if (result === 'timeout') return { kind: 'timeout', a: [], aaaa: [], addresses: [], code: 'ETIMEOUT', ms, source: 'system resolver (getaddrinfo)' };
    const a = result.filter((r) => r.family === 4).map((r) => r.address);
    const aaaa = result.filter((r) => r.family === 6).map((r) => r.address);
    return { kind: 'resolved', a, aaaa, addresses: result.map((r) => r.address), ms, source: 'system resolver (getaddrinfo)' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: kindOf(code), a: [], aaaa: [], addresses: [], code, ms: Date.now() - started, source: 'system resolver (getaddrinfo)' };
  }
}
