// Observations → exactly one diagnosis (with evidence and ranked alternatives) plus findings. The order of the
// checks follows the connection's life: proxy, DNS, TCP, the first bytes, the handshake, the certificates,
// the close. Each check rests on wire facts (bytes, alerts, FIN/RST/silence), not on library error strings.
import { diagnosisCatalog } from './catalog';
import { cipherSuiteName, type HelloVariant } from './clientHello';
import type { ProbeObservations } from './observations';
import type { RawExchange, RawReply } from './rawExchange';
import type { Alternative, CertificateInfo, Diagnosis, DiagnosisId, Finding, OpensslClientView, Verdict, VersionSupport } from './report';
import type { StreamEnd } from './socketRecorder';
import { alertName, opensslAlertError, versionName } from './tlsWire';

export interface Classification {
  readonly diagnosis: Diagnosis;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  readonly versions: Readonly<Record<'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3', VersionSupport>>;
}

interface Draft {
  id: DiagnosisId;
  summary: string;
  evidence: string[];
  alternatives?: { id: DiagnosisId; reason: string }[];
  verdict?: Verdict;
  openssl?: Partial<OpensslClientView>;
}

/** How the stream ended, as a clause to append; nothing when we stopped reading while it was still open. */
function endText(end: StreamEnd): string {
  switch (end) {
    case 'fin': return ', then closed the connection (FIN)';
    case 'reset': return ', then reset the connection (RST)';
    case 'capped': return ', and kept sending until we stopped reading';
    case 'error': return ', then the connection failed';
    case 'open': return '';
  }
}

/** One line describing an answer, e.g. "7 bytes: fatal alert 40 (handshake_failure), then closed (FIN)". */
export function describeReply(reply: RawReply): string {
  switch (reply.kind) {
    case 'fin': return `no bytes; the server closed the connection (FIN) after ${reply.ms} ms`;
    case 'reset': return `no bytes; the server reset the connection (RST) after ${reply.ms} ms`;
    case 'silence': return `nothing at all for ${reply.ms} ms (the connection stayed open)`;
    case 'trickle': return `only ${reply.bytes} bytes in ${reply.chunks} small pieces within ${reply.ms} ms, not even a complete handshake message`;
    case 'tls-alert': {
      const alert = reply.flight?.alert;
      return `${reply.bytes} bytes: a ${alert?.level === 1 ? 'warning' : 'fatal'} TLS alert ${alert?.description ?? '?'} (${alertName(alert?.description ?? -1)})${endText(reply.end)}`;
    }
    case 'tls-handshake': {
      const hello = reply.flight?.serverHello;
      return `${reply.bytes} bytes: a ServerHello choosing ${versionName(hello?.version ?? 0)} with ${cipherSuiteName(hello?.cipherSuite ?? 0)}`;
    }
    case 'tls-malformed': return `${reply.bytes} bytes that start like TLS but do not parse as a handshake (first bytes ${reply.hex ?? ''})${endText(reply.end)}`;
    case 'tls-incomplete': return `${reply.bytes} bytes of an unfinished TLS handshake message${endText(reply.end)}`;
    case 'http': return `${reply.bytes} bytes of plain HTTP: "${reply.text ?? ''}"${endText(reply.end)}`;
    case 'ssh': return `an SSH banner "${reply.text ?? ''}"`;
    case 'banner': return `a text banner "${reply.text ?? ''}" (${reply.banner ?? 'text'})`;
    case 'unknown': return `${reply.bytes} bytes that are neither TLS nor text (first bytes ${reply.hex ?? ''})${endText(reply.end)}`;
  }
}

function variantLabel(variant: HelloVariant | 'no-sni'): string {
  switch (variant) {
    case 'no-sni': return 'without SNI';
    case 'default': return 'default hello';
    case 'tls13-only': return 'TLS 1.3 only';
    case 'tls12-only': return 'TLS 1.2 only';
    case 'tls11-only': return 'TLS 1.1 only';
    case 'tls10-only': return 'TLS 1.0 only';
    case 'legacy-suites': return 'legacy cipher suites only';
  }
}

function serverHelloOf(exchange: RawExchange | undefined): { version: number; cipherSuite: number } | undefined {
  return exchange?.reply?.kind === 'tls-handshake' ? exchange.reply.flight?.serverHello : undefined;
}

function variantEvidence(obs: ProbeObservations): string[] {
  return Object.entries(obs.variants).flatMap(([variant, exchange]) =>
    exchange?.reply ? [`Retry ${variantLabel(variant as HelloVariant | 'no-sni')}: ${describeReply(exchange.reply)}.`] : []);
}

/** The CertificateRequest seen in a plaintext TLS 1.2 flight, with the CA names it accepts. */
function certificateRequestSeen(obs: ProbeObservations): { acceptedClientCas: readonly string[] } | undefined {
  return [obs.first, ...Object.values(obs.variants)].map((e) => e?.reply?.flight).find((f) => f?.certificateRequest === true);
}

/** What the differential probes say about an ambiguous failure (alert 40, FIN, RST, silence). */
function differential(obs: ProbeObservations, base: Draft): Draft {
  const evidence = [...base.evidence, ...variantEvidence(obs)];
  const legacy = serverHelloOf(obs.variants['legacy-suites']);
  const tls12 = serverHelloOf(obs.variants['tls12-only']);
  const tls13 = serverHelloOf(obs.variants['tls13-only']);
  const noSni = serverHelloOf(obs.variants['no-sni']);
  const request = certificateRequestSeen(obs);
  if (request) {
    const cas = request.acceptedClientCas.length > 0 ? ` It accepts certificates issued by: ${request.acceptedClientCas.map((n) => `"${n}"`).join(', ')}.` : '';
    return { ...base, id: 'client-cert-required', alternatives: [], evidence: [...evidence, `The server's TLS 1.2 flight contains a CertificateRequest: it asks for a client certificate, and we had none to give.${cas}`],
      summary: `The server requires a client certificate (mutual TLS). It asked for one in its handshake and aborted because the client sent none.${cas}` };
  }
  if (legacy && legacy.version < 0x0303) {
    return { ...base, id: 'protocol-version-mismatch', alternatives: [], evidence,
      summary: `The server only speaks ${versionName(legacy.version)}: it accepted a hello limited to old versions and suites, and refuses TLS 1.2 and 1.3, which current clients require.` };
  }
  if (legacy && !tls12 && !tls13) {
    return { ...base, id: 'cipher-mismatch', alternatives: [], evidence,
      summary: `No cipher suite in common: the server accepts only legacy suites (it chose ${cipherSuiteName(legacy.cipherSuite)}), which modern clients no longer offer.` };
  }
  // Only when our default hello itself failed: a server that answered it and failed later is not intolerant.
  if (!tls13 && tls12 && obs.first?.reply?.kind !== 'tls-handshake') {
    return { ...base, id: 'protocol-version-mismatch', evidence,
      summary: 'The server fails on a modern ClientHello offering TLS 1.3 but answers a TLS 1.2-only hello: version or extension intolerance in the server or a middlebox.' };
  }
  const alternatives = [...(base.alternatives ?? [])];
  if (noSni && obs.servername) {
    evidence.push(`Without SNI the server answers normally, so the failure depends on the name "${obs.servername}".`);
    alternatives.push({ id: 'handshake-alert', reason: 'The name we send is filtered or routed nowhere: an SNI-based firewall/DPI rule, or a virtual host that does not exist for this name.' });
  }
  if (!obs.servername) {
    alternatives.push({ id: 'sni-required', reason: 'We sent no SNI (the target is an IP address). Servers that route by name refuse such hellos; retry with --servername NAME to confirm.' });
  }
  return { ...base, evidence, alternatives };
}

function alertDraft(description: number, obs: ProbeObservations, evidence: string[], phase: 'handshake' | 'after-handshake'): Draft {
  const openssl = { errorQueue: opensslAlertError(description) };
  const named = `alert ${description} (${alertName(description)})`;
  switch (description) {
    case 70: {
      const accepted = (['tls11-only', 'tls10-only'] as const).map((v) => serverHelloOf(obs.variants[v])).find((h) => h !== undefined);
      return { id: 'protocol-version-mismatch', evidence: [...evidence, ...variantEvidence(obs)], openssl,
        summary: accepted
          ? `No TLS version in common: the server refuses TLS 1.2 and 1.3 (${named}) and only speaks ${versionName(accepted.version)}.`
          : `No TLS version in common: the server refused the versions we offer (TLS 1.2 and 1.3) with ${named}.` };
    }
    case 71: return { id: 'cipher-mismatch', evidence, openssl, summary: `The server finds our cipher suites too weak for its policy (${named}).` };
    case 80: return { id: 'server-internal-error', evidence, openssl,
      summary: `The server's TLS stack failed internally (${named}): typically a missing or unreadable key, an HSM/engine failure, or a failing connection to its own upstream.` };
    case 116: return { id: 'client-cert-required', evidence, openssl: { ...openssl, call: 'SSL_read' },
      summary: phase === 'after-handshake'
        ? 'The handshake seemed to succeed, then the server rejected us with alert 116 (certificate_required): this endpoint requires a client certificate (TLS 1.3 reports it only after the handshake).'
        : 'The server requires a client certificate (alert 116 certificate_required).' };
    case 120: return { id: 'alpn-mismatch', evidence, openssl,
      summary: `The server requires an application protocol (ALPN) we did not offer — we offered h2 and http/1.1 (${named}).` };
    case 112:
      if (!obs.servername) {
        return { id: 'sni-required', evidence, openssl,
          summary: `The server requires SNI: we sent no server name (the target is an IP address) and it answered ${named}.` };
      }
      return { id: 'handshake-alert', evidence, openssl, alternatives: [{ id: 'sni-required', reason: 'Another name may be configured; check the server\'s virtual hosts.' }],
        summary: `The server does not recognise the name "${obs.servername}" (${named}): no virtual host is configured for it.` };
    case 40:
    case 47:
      return differential(obs, { id: 'handshake-alert', evidence, openssl,
        summary: `The server refused the handshake with ${named} without saying why.`,
        alternatives: [
          { id: 'cipher-mismatch', reason: 'No cipher suite in common ends in the same alert.' },
          { id: 'client-cert-required', reason: 'A TLS 1.2 server that requires a client certificate ends in the same alert.' },
          ...(obs.servername ? [] : [{ id: 'sni-required' as const, reason: 'Servers that require SNI often answer a hello without it this way.' }]),
        ] });
    default:
      return { id: 'handshake-alert', evidence, openssl, summary: `The server aborted the handshake with ${named}.` };
  }
}

function bannerDraft(reply: RawReply, spokeFirst: boolean, evidence: string[]): Draft {
  const when = spokeFirst ? 'before we sent anything' : 'in answer to our ClientHello';
  switch (reply.banner) {
    case 'ssh': return { id: 'not-tls-ssh', evidence, summary: `This port runs SSH, not TLS: the server sent the banner "${reply.text ?? ''}" ${when}.` };
    case 'smtp': case 'imap': case 'pop3': case 'ftp':
      return { id: 'starttls-required', evidence,
        summary: `This is a plaintext ${reply.banner.toUpperCase()} service (greeting "${reply.text ?? ''}" ${when}): TLS starts with STARTTLS on this port, or on the protocol's implicit-TLS port.` };
    case 'http': return { id: 'not-tls-http', evidence, summary: `The port speaks plain HTTP, not TLS (we got "${reply.text ?? ''}").` };
    default: return { id: 'not-tls-unknown', evidence, summary: `The port answers with something that is not TLS ${when}: ${describeReply(reply)}.` };
  }
}

function replyDraft(obs: ProbeObservations, reply: RawReply, evidence: string[]): Draft | undefined {
  switch (reply.kind) {
    case 'http': case 'ssh': case 'banner': case 'unknown': return bannerDraft(reply, false, evidence);
    case 'tls-alert': return alertDraft(reply.flight?.alert?.description ?? -1, obs, evidence, 'handshake');
    case 'fin': return differential(obs, { id: 'closed-before-handshake', evidence,
      summary: 'The server read our ClientHello and closed the connection without a TLS alert: often SNI/ALPN routing that found no backend, an upstream that is down, an access rule, or a middlebox.' });
    case 'reset': return differential(obs, { id: 'reset-during-handshake', evidence,
      summary: 'The connection was reset (RST) right after our ClientHello — the classic "SSL_ERROR_SYSCALL, errno 104". Most often a firewall/IPS filtering on the name, or a server process crashing on the hello.' });
    case 'silence': return differential(obs, { id: 'no-response', evidence,
      summary: 'TCP connects, but the server never answers our ClientHello: a hung or overloaded service, a load balancer that expects the PROXY protocol first, or large packets dropped on the path (MTU black hole).' });
    case 'trickle': return { id: 'slow-response', evidence,
      summary: `The server is answering, but extremely slowly (${reply.bytes} bytes in ${reply.ms} ms): overload, a throttling proxy or a lossy path. Per-read timeouts never catch this; clients need a total deadline.` };
    case 'tls-incomplete': return { id: 'closed-before-handshake', evidence,
      summary: 'The server started its handshake and then closed the connection in the middle of a message.' };
    case 'tls-malformed': return { id: 'handshake-alert', evidence, openssl: { errorQueue: 'error:0A00009F:SSL routines::packet length too long (or another decode error)' },
      summary: 'The server\'s handshake data is malformed: a TLS client aborts with a decode_error alert.' };
    case 'tls-handshake': return undefined;
  }
}

function certificateDrafts(obs: ProbeObservations): Draft[] {
  const chain = obs.chain;
  if (!chain) return [];
  const certs = chain.report.certificates;
  const leaf: CertificateInfo | undefined = certs[0];
  const name = obs.servername ?? obs.host;
  const drafts: Draft[] = [];
  const base = [`The server sent ${certs.length} certificate(s); leaf "${leaf?.subject ?? '?'}" issued by "${leaf?.issuer ?? '?'}".`];
  if (chain.report.libraryVerifyError) base.push(`Node's own verification says ${chain.report.libraryVerifyError}.`);
  for (const problem of chain.validity) {
    const which = problem.position === 0 ? 'The server\'s certificate' : `Certificate #${problem.position + 1} in the chain ("${problem.subject}")`;
    drafts.push(problem.kind === 'expired'
      ? { id: 'cert-expired', evidence: [...base, `notAfter ${problem.date} is before now (${obs.now.toISOString()}).`], summary: `${which} expired on ${problem.date.slice(0, 10)}.` }
      : { id: 'cert-not-yet-valid', evidence: [...base, `notBefore ${problem.date} is after now (${obs.now.toISOString()}).`], summary: `${which} is not valid until ${problem.date.slice(0, 10)}: a wrong clock on one side, or a certificate issued for the future.` });
  }
  const direct = obs.direct;
  const interception = obs.proxy?.ok === true && direct?.ok === true && direct.leafFingerprint !== undefined && leaf !== undefined && direct.leafFingerprint !== leaf.fingerprintSha256
    && direct.leafIssuer !== leaf.issuer;
  if (interception) {
    drafts.push({ id: 'tls-interception', verdict: chain.report.trust === 'trusted' ? 'warn' : 'fail',
      evidence: [...base, `Through the proxy the certificate is issued by "${leaf.issuer}"; directly it is issued by "${direct.leafIssuer ?? '?'}".`],
      summary: `The proxy intercepts TLS: it replaces the server's certificate with one issued by "${leaf.issuer}"${chain.report.trust === 'trusted' ? ', which this machine trusts' : ', which is not trusted'}.` });
  }
  switch (chain.report.trust) {
    case 'self-signed':
      drafts.push({ id: 'cert-self-signed', evidence: [...base, 'The leaf is signed by its own key and is not a trusted root.'], summary: `The server presents a self-signed certificate ("${leaf?.subject ?? ''}") that no trust store knows.` });
      break;
    case 'untrusted-root': {
      const alternatives = obs.proxy?.ok === true && !interception
        ? [{ id: 'tls-interception' as const, reason: 'Through a proxy, an unknown root often means TLS inspection; compare with a direct connection.' }]
        : [{ id: 'cert-chain-incomplete' as const, reason: 'If the missing issuer is a public intermediate, the chain is incomplete rather than the root untrusted.' }];
      drafts.push({ id: 'cert-untrusted-root', alternatives,
        evidence: [...base, chain.missingIssuer ? `No trusted root issued "${chain.missingIssuer}".` : 'The chain ends in a self-signed root that is not in the trust store.'],
        summary: `The chain ends at "${chain.missingIssuer ?? certs[certs.length - 1]?.subject ?? '?'}", which is not a trusted root here (typical of a private CA or a TLS-inspecting proxy).` });
      break;
    }
    case 'incomplete':
      drafts.push({ id: 'cert-chain-incomplete', alternatives: [{ id: 'cert-untrusted-root', reason: 'If the issuer is itself a root, it is untrusted rather than missing.' }],
        evidence: [...base, `The issuer "${chain.missingIssuer ?? '?'}" was neither sent by the server nor found among the trusted roots.${chain.leafHasAia ? ' The leaf names a CA Issuers URL (AIA), which browsers use to hide this problem.' : ''}`],
        summary: `Incomplete chain: the server sends only its own certificate; the intermediate "${chain.missingIssuer ?? '?'}" is missing.` });
      break;
    default:
      break;
  }
  if (!chain.report.hostnameMatches) {
    const names = leaf && leaf.names.length > 0 ? leaf.names.join(', ') : '(no names)';
    drafts.push({ id: 'cert-hostname-mismatch', evidence: [...base, `The certificate's names are ${names}; we asked for "${name}".`],
      summary: `The certificate is for ${names} — not for "${name}". Wrong virtual host/SNI routing or the wrong certificate installed.` });
  }
  return drafts;
}

function handshakeDraft(obs: ProbeObservations): Draft | undefined {
  const hs = obs.handshake;
  if (!hs) return undefined;
  const wire = `Node's TLS handshake (byte-tapped): ${hs.wire.bytes} bytes received, stream ${hs.wire.end === 'open' ? 'still open' : `ended by ${hs.wire.end.toUpperCase()}`}${hs.error ? `; library error ${hs.error.code ?? ''} "${hs.error.message}"` : ''}.`;
  const evidence = [wire];
  if (hs.outcome === 'timeout') {
    return hs.wire.bytes > 0
      ? { id: 'slow-response', evidence, summary: `The handshake did not finish in time although the server sent ${hs.wire.bytes} bytes: it is answering, but far too slowly.` }
      : differential(obs, { id: 'no-response', evidence, summary: 'The server never answered the handshake.' });
  }
  if (hs.outcome === 'failed') {
    if (hs.error?.alert !== undefined && hs.wire.bytes > 0) return alertDraft(hs.error.alert, obs, evidence, 'handshake');
    if (hs.wire.malformedAt !== undefined) {
      return { id: 'handshake-alert', evidence: [...evidence, `The stream stops being TLS records at byte ${hs.wire.malformedAt}: the server sent garbage after a valid start.`],
        openssl: { errorQueue: 'error:0A00010B:SSL routines::wrong version number (or another record-layer decode error)' },
        summary: 'The server started a valid handshake and then sent data that is not TLS; the client aborts.' };
    }
    if (/EXCESSIVE_MESSAGE_SIZE/i.test(hs.error?.code ?? '') || /excessive message size/i.test(hs.error?.message ?? '')) {
      return { id: 'handshake-alert', evidence, openssl: { errorQueue: 'error:0A000098:SSL routines::excessive message size' },
        summary: 'The server sends a handshake message (its certificate chain) larger than clients accept (about 100 KB); the client aborts with illegal_parameter.' };
    }
    if (hs.wire.end === 'reset') return differential(obs, { id: 'reset-during-handshake', evidence, summary: 'The connection was reset (RST) during the handshake.' });
    if (hs.wire.end === 'fin') return differential(obs, { id: 'closed-before-handshake', evidence, summary: 'The server closed the connection (FIN) before the handshake finished, without a TLS alert.' });
    return { id: 'handshake-alert', evidence, summary: `Our TLS client aborted the handshake: ${hs.error?.message ?? 'unknown error'}.` };
  }
  evidence[0] = `Handshake completed: ${hs.protocol ?? '?'}, ${hs.cipher ?? '?'}${hs.alpn ? `, ALPN ${hs.alpn}` : ''} in ${hs.ms} ms.`;
  if (hs.error?.alert !== undefined) return alertDraft(hs.error.alert, obs, [...evidence, `After the handshake: ${hs.error.message}`], 'after-handshake');
  const certs = certificateDrafts(obs);
  if (certs[0]) return { ...certs[0], evidence: [...evidence, ...certs[0].evidence] };
  const sent = hs.request === 'none' ? 'After the handshake (no request: the service is not HTTP-like)' : `After our minimal ${hs.request} request${hs.response ? ` (answer "${hs.response}")` : ''}`;
  switch (hs.close) {
    case 'reset':
      return { id: 'reset-after-handshake', evidence: [...evidence, `${sent} the connection was reset (RST) after ${hs.wire.bytes} bytes.`],
        summary: 'The TLS handshake succeeded, then the connection was reset as soon as we sent data: an IPS/WAF, or the application crashing on the request.' };
    case 'truncated-record':
      return { id: 'unexpected-eof', evidence: [...evidence, `${sent} the stream ended (FIN) in the middle of a TLS record: ${hs.wire.trailingBytes} bytes of an incomplete record.`],
        summary: 'The server\'s data stopped in the middle of a TLS record and the connection closed: the response was truncated (a crash or a middlebox). OpenSSL 3 reports "unexpected eof while reading"; Node reports nothing.' };
    case 'eof-without-close_notify':
      return { id: 'unexpected-eof', verdict: 'warn', evidence: [...evidence, `${sent} the server closed TCP (FIN) without sending close_notify first.`],
        summary: 'The endpoint works, but the server closes the connection without the TLS close_notify alert. OpenSSL 3 clients report this as an error ("unexpected eof while reading"); truncation attacks go unnoticed.' };
    default:
      return undefined;
  }
}

function findingsOf(obs: ProbeObservations, versions: Classification['versions']): Finding[] {
  const findings: Finding[] = [];
  const chain = obs.chain;
  if (chain?.validity.length === 0) {
    // Intermediates expire too, and renewing only the leaf does not help then.
    chain.report.certificates.forEach((cert, position) => {
      const days = Math.floor((new Date(cert.notAfter).getTime() - obs.now.getTime()) / 86_400_000);
      if (days >= 30 || (position > 0 && cert.selfSigned)) return;
      const which = position === 0 ? 'Certificate' : `Chain certificate "${cert.subject}"`;
      findings.push({ id: 'cert-expiring-soon', severity: 'warning', title: `${which} expires in ${days} day(s)`, detail: `notAfter ${cert.notAfter}; renew it before clients start failing.` });
    });
  }
  for (const cert of chain?.report.certificates ?? []) {
    const bits = /^RSA (\d+)/.exec(cert.key)?.[1];
    if (bits !== undefined && Number(bits) < 2048) findings.push({ id: 'weak-key', severity: 'warning', title: `Weak ${cert.key} key`, detail: `"${cert.subject}" uses a ${cert.key}-bit key; use at least RSA 2048 or EC P-256.` });
    if (!cert.selfSigned && /sha1|md5/i.test(cert.signatureAlgorithm)) findings.push({ id: 'weak-signature', severity: 'warning', title: `Weak signature ${cert.signatureAlgorithm}`, detail: `"${cert.subject}" is signed with ${cert.signatureAlgorithm}, which current clients reject.` });
  }
  if (chain?.outOfOrder) findings.push({ id: 'chain-order', severity: 'warning', title: 'Certificate chain out of order', detail: 'The server sends its certificates in an order where a certificate is not followed by its issuer; some clients fail to build the path.' });
  if (chain?.sentRoot) findings.push({ id: 'chain-extra-root', severity: 'info', title: 'The server sends the root certificate', detail: 'Sending the self-signed root wastes bytes in every handshake; clients use their own copy.' });
  for (const [name, support] of Object.entries(versions)) {
    if ((name === 'TLSv1' || name === 'TLSv1.1') && support === 'accepted') {
      findings.push({ id: 'legacy-protocol', severity: 'warning', title: `${name === 'TLSv1' ? 'TLS 1.0' : 'TLS 1.1'} accepted`, detail: `The server still accepts ${name}, deprecated by RFC 8996; disable it.` });
    }
  }
  const weak = serverHelloOf(obs.variants['legacy-suites']);
  if (weak && obs.handshake?.outcome === 'connected') {
    findings.push({ id: 'weak-cipher', severity: 'warning', title: `Weak cipher suite accepted: ${cipherSuiteName(weak.cipherSuite)}`, detail: `Offered only legacy suites, the server chose ${cipherSuiteName(weak.cipherSuite)}; remove 3DES, RC4, DES, NULL, EXPORT, SEED, IDEA and CAMELLIA-CBC suites.` });
  }
  const noSni = obs.variants['no-sni']?.reply;
  if (obs.servername && noSni && obs.handshake?.outcome === 'connected' && noSni.kind !== 'tls-handshake') {
    findings.push({ id: 'sni-required', severity: 'info', title: 'SNI required', detail: `Without SNI the server answers with ${describeReply(noSni)}. Clients that connect by IP address or do not send SNI fail.` });
  }
  const failed = obs.tcp.filter((t) => !t.ok);
  if (failed.length > 0 && obs.tcp.some((t) => t.ok)) {
    for (const attempt of failed) findings.push({ id: 'address-failed', severity: 'warning', title: `Address ${attempt.address} fails`, detail: `TCP to ${attempt.address} failed (${attempt.failure ?? 'error'}: ${attempt.message ?? ''}); clients that try it first will be slow or fail.` });
  }
  if (obs.handshake?.close === 'kept-open' && obs.handshake.request === 'http/1.1') {
    findings.push({ id: 'keeps-connection-open', severity: 'info', title: 'Connection kept open after "Connection: close"', detail: 'The server did not close the connection after answering a request that asked it to; close behaviour could not be checked.' });
  }
  if (obs.proxy?.ok === true && obs.direct && !obs.direct.ok) {
    findings.push({ id: 'interception-not-compared', severity: 'info', title: 'No direct connection to compare', detail: `A direct connection (without the proxy) failed (${obs.direct.failure ?? 'unknown'}), so interception could not be checked.` });
  }
  return findings;
}

function versionSupport(obs: ProbeObservations): Classification['versions'] {
  const judge = (variant: HelloVariant, version: number): VersionSupport => {
    const reply = obs.variants[variant]?.reply;
    if (!reply) return 'unknown';
    const hello = serverHelloOf(obs.variants[variant]);
    if (hello) return hello.version === version ? 'accepted' : 'refused';
    return reply.kind === 'tls-alert' || reply.kind === 'fin' || reply.kind === 'reset' ? 'refused' : 'unknown';
  };
  const first = serverHelloOf(obs.first);
  const negotiated = obs.handshake?.protocol;
  let tls13 = judge('tls13-only', 0x0304);
  if (tls13 === 'unknown' && first) tls13 = first.version === 0x0304 ? 'accepted' : 'refused';
  if (negotiated === 'TLSv1.3') tls13 = 'accepted';
  let tls12 = judge('tls12-only', 0x0303);
  if (negotiated === 'TLSv1.2' || first?.version === 0x0303) tls12 = 'accepted';
  return { 'TLSv1': judge('tls10-only', 0x0301), 'TLSv1.1': judge('tls11-only', 0x0302), 'TLSv1.2': tls12, 'TLSv1.3': tls13 };
}

function draftOf(obs: ProbeObservations): Draft {
  const proxy = obs.proxy;
  if (proxy && !proxy.ok) {
    if (proxy.stage === 'connect') {
      const id: DiagnosisId = proxy.failure === 'refused' ? 'tcp-refused' : proxy.failure === 'timeout' || proxy.failure === 'cancelled' ? 'tcp-timeout' : proxy.failure === 'reset' ? 'reset-on-connect' : 'tcp-unreachable';
      return { id, evidence: [`TCP to the proxy ${proxy.url} failed: ${proxy.message}.`], summary: `The proxy ${proxy.url} cannot be reached (${proxy.failure}), so the target was never tried.` };
    }
    if (proxy.bytes === 0) {
      return { id: 'no-response', evidence: [`The proxy ${proxy.url} accepted the TCP connection but sent nothing in ${proxy.ms} ms after our CONNECT request.`],
        summary: `The proxy ${proxy.url} never answers the CONNECT request: it is hung, or it is not an HTTP proxy (a SOCKS proxy, or a service that waits for something else).` };
    }
    const evidence = [`The proxy ${proxy.url} answered our CONNECT with "${proxy.statusLine}"${proxy.authenticate ? ` and Proxy-Authenticate: ${proxy.authenticate}` : ''}.`];
    switch (proxy.status) {
      case 407: return { id: 'proxy-auth-required', evidence, summary: `The HTTP proxy demands authentication (407${proxy.authenticate ? `, ${proxy.authenticate}` : ''}) before it opens a tunnel.` };
      case 403: return { id: 'proxy-auth-required', evidence, summary: 'The HTTP proxy forbids a tunnel to this destination (403): a proxy policy blocks the host or port.' };
      case 502: case 503: return { id: 'tcp-unreachable', evidence, alternatives: [{ id: 'tcp-refused', reason: 'The proxy reports any upstream connect failure as 502.' }, { id: 'dns-not-found', reason: 'Many proxies answer 502 when they cannot resolve the name.' }],
        summary: `The proxy could not reach ${obs.host}:${obs.port} (${proxy.status}): the target refused, is unreachable from the proxy, or its name does not resolve there.` };
      case 504: return { id: 'tcp-timeout', evidence, summary: `The proxy timed out connecting to ${obs.host}:${obs.port} (504).` };
      case undefined: return { id: 'proxy-auth-required', evidence, summary: `The proxy ${proxy.url} does not answer like an HTTP proxy ("${proxy.statusLine}"), so no tunnel opens.` };
      default: return { id: 'proxy-auth-required', evidence, summary: `The HTTP proxy refused the tunnel (${proxy.statusLine}).` };
    }
  }
  const dns = obs.dns;
  if (dns?.addresses.length === 0) {
    const evidence = [`${dns.source} answered ${dns.code ?? dns.kind} for "${obs.host}" in ${dns.ms} ms (A: ${dns.a.length}, AAAA: ${dns.aaaa.length}).`];
    if (dns.kind === 'not-found' || dns.kind === 'no-address') {
      return { id: 'dns-not-found', evidence, summary: dns.kind === 'not-found' ? `The name "${obs.host}" does not exist in DNS (NXDOMAIN).` : `The name "${obs.host}" exists but has no A or AAAA record.` };
    }
    const what = dns.kind === 'timeout' ? 'did not answer in time' : dns.kind === 'server-failure' ? 'reported a server failure (SERVFAIL): broken delegation, a DNSSEC failure or an upstream resolver problem' : `failed (${dns.code ?? dns.kind})`;
    return { id: 'dns-failure', evidence, summary: `The DNS resolver ${what} for "${obs.host}".` };
  }
  if (!obs.tcp.some((t) => t.ok) && !(proxy?.ok)) {
    const first = obs.tcp[0];
    const evidence = obs.tcp.map((t) => `TCP ${t.address}:${obs.port}: ${t.failure ?? 'failed'} after ${t.ms} ms${t.code ? ` (${t.code})` : ''}.`);
    switch (first?.failure) {
      case 'refused': return { id: 'tcp-refused', evidence, summary: `Nothing is listening on ${obs.host}:${obs.port}: the host answered the connection request with a TCP reset.` };
      case 'reset': return { id: 'reset-on-connect', evidence, summary: 'The server reset the connection while it was being set up.' };
      case 'unreachable': case 'error': return { id: 'tcp-unreachable', evidence, summary: `${obs.host}:${obs.port} cannot be reached: ${first.message ?? 'no route'}.` };
      default: return { id: 'tcp-timeout', evidence, summary: `No answer to the TCP connection request${first ? ` within ${first.ms} ms` : ''}: a firewall drops packets, or the host is down or unroutable. Not a TLS problem yet.` };
    }
  }
  const tcpEvidence = obs.tcp.filter((t) => t.ok).map((t) => `TCP ${t.address}:${obs.port} connected in ${t.ms} ms.`);
  const unsolicited = obs.first?.unsolicited;
  if (unsolicited) {
    const evidence = [...tcpEvidence, `Before we sent anything, the server sent ${describeReply(unsolicited)}.`];
    if (unsolicited.kind === 'fin') return { id: 'closed-before-handshake', evidence, summary: 'The server accepted the connection and closed it at once, before any TLS: TLS not enabled on this listener, an upstream that is down, or an access rule (IP allow-list).' };
    // Some servers refuse a client by address with a TLS alert before it says anything (access_denied).
    if (unsolicited.kind === 'tls-alert') return alertDraft(unsolicited.flight?.alert?.description ?? -1, obs, evidence, 'handshake');
    if (unsolicited.kind === 'reset') return { id: 'reset-on-connect', evidence, summary: 'The server accepted the connection and reset it at once, before any TLS: a load balancer with no healthy backend, connection limits, an IPS, or a crash on accept.' };
    return bannerDraft(unsolicited, true, evidence);
  }
  const reply = obs.first?.reply;
  if (reply) {
    const draft = replyDraft(obs, reply, [...tcpEvidence, `Our ClientHello${obs.servername ? ` (SNI ${obs.servername})` : ' (no SNI)'} got ${describeReply(reply)}.`]);
    if (draft) return draft;
  }
  const second = obs.secondConnection;
  if (!obs.handshake && second && second.failure !== 'cancelled') {
    const id: DiagnosisId = second.failure === 'refused' ? 'tcp-refused' : second.failure === 'timeout' ? 'tcp-timeout' : second.failure === 'reset' ? 'reset-on-connect' : 'tcp-unreachable';
    return { id, evidence: [...tcpEvidence, `A second connection for the full handshake failed: ${second.reason}.`],
      summary: 'The server answered a first connection but not the next one: a connection limit, rate limiting or an IPS throttles new connections.' };
  }
  const handshake = handshakeDraft(obs);
  if (handshake) return { ...handshake, evidence: [...tcpEvidence, ...(reply ? [`Our ClientHello got ${describeReply(reply)}.`] : []), ...handshake.evidence] };
  const hs = obs.handshake;
  return {
    id: 'healthy', evidence: [...tcpEvidence, ...(hs ? [`Handshake completed: ${hs.protocol ?? '?'}, ${hs.cipher ?? '?'}${hs.alpn ? `, ALPN ${hs.alpn}` : ''}; certificate chain valid for "${obs.servername ?? obs.host}"; close: ${hs.close}.`] : [])],
    summary: `The endpoint works: ${hs?.protocol ?? 'TLS'} with ${hs?.cipher ?? 'a modern cipher'}, a valid certificate chain${hs?.close === 'close_notify' ? ', and a clean close_notify shutdown' : ''}.`,
  };
}

/** Turns the observations into the report's diagnosis, verdict, findings and version table. */
export function classify(obs: ProbeObservations): Classification {
  const draft = draftOf(obs);
  const versions = versionSupport(obs);
  const findings = findingsOf(obs, versions);
  for (const extra of certificateDrafts(obs).filter((d) => d.id !== draft.id)) {
    findings.push({ id: 'certificate-problem', severity: 'error', title: diagnosisCatalog[extra.id].title, detail: extra.summary });
  }
  const entry = diagnosisCatalog[draft.id];
  const verdict: Verdict = draft.verdict ?? (draft.id === 'healthy' ? (findings.some((f) => f.severity !== 'info') ? 'warn' : 'ok') : 'fail');
  const seen = new Set<DiagnosisId>([draft.id]);
  const alternatives: Alternative[] = [];
  for (const alternative of draft.alternatives ?? []) {
    if (seen.has(alternative.id)) continue;
    seen.add(alternative.id);
    alternatives.push({ id: alternative.id, title: diagnosisCatalog[alternative.id].title, reason: alternative.reason });
  }
  const summary = obs.cancelled ? `${draft.summary} (The probe was cancelled; this covers what was seen until then.)` : draft.summary;
  return {
    diagnosis: { id: draft.id, title: entry.title, summary, evidence: draft.evidence, fixes: entry.fixes, alternatives, openssl: { ...entry.openssl, ...draft.openssl } },
    verdict, findings, versions,
  };
}
