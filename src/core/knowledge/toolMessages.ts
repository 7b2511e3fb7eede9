import { explainAlert, explainSslErrorValue } from './explainers';
import type { DetailValue, Explanation } from './explanation';
import { eachMatch as each, type LineRecognizer } from './recognizer';
import { tlsAlerts } from './tlsAlerts';

/** curl's exit codes for connection and TLS failures (include/curl/curl.h). */
const curlCodes: Readonly<Record<number, [string, string]>> = {
  6: ['CURLE_COULDNT_RESOLVE_HOST', 'the host name could not be resolved'],
  7: ['CURLE_COULDNT_CONNECT', 'the TCP connection failed'],
  28: ['CURLE_OPERATION_TIMEDOUT', 'the operation timed out'],
  35: ['CURLE_SSL_CONNECT_ERROR', 'the TLS handshake failed'],
  52: ['CURLE_GOT_NOTHING', 'the server closed the connection without replying'],
  55: ['CURLE_SEND_ERROR', 'sending data failed'],
  56: ['CURLE_RECV_ERROR', 'receiving data failed (after the handshake)'],
  58: ['CURLE_SSL_CERTPROBLEM', 'the local client certificate could not be used'],
  59: ['CURLE_SSL_CIPHER', 'the cipher list could not be used'],
  60: ['CURLE_PEER_FAILED_VERIFICATION', 'the server certificate or its name failed verification'],
  77: ['CURLE_SSL_CACERT_BADFILE', 'the CA certificate file could not be read'],
  83: ['CURLE_SSL_ISSUER_ERROR', 'the issuer check failed'],
  90: ['CURLE_SSL_PINNEDPUBKEYNOTMATCH', 'the pinned public key did not match'],
  92: ['CURLE_HTTP2_STREAM', 'an HTTP/2 stream error'],
  98: ['CURLE_SSL_CLIENTCERT', 'the server required a client certificate (alert during the handshake)'],
  101: ['CURLE_ECH_REQUIRED', 'Encrypted Client Hello was required but failed'],
};

function tool(input: string, name: string, tool: string, summary: string, causes: string[], fixes: string[], details: Record<string, DetailValue> = {}): Explanation {
  return { kind: 'tool-message', input, name, summary, causes, fixes, details: { tool, ...details }, curated: true };
}

const notOpenSsl = 'This message does not come from OpenSSL, so OpenSSL codes do not apply; the closest OpenSSL equivalent is given.';

const curlCauses: readonly [readonly number[], string[], string[]][] = [
  [[35, 98], [
    'A proxy, VPN or firewall interfering with TLS: the most common cause of SYSCALL errors in connection to well-known hosts. Confirm: retry from another network or with `--noproxy \'*\'`.',
    'The server rejected the handshake (protocol version, cipher, SNI, client certificate) with an alert or by closing. Confirm: `openssl s_client -connect HOST:443 -servername HOST` shows the alert or the close.',
  ], ['Client: run `curl -v` to see how far the handshake got; check HTTPS_PROXY/https_proxy and corporate TLS inspection; try `--tlsv1.2`.']],
  [[52, 55, 56], [
    'The connection was reset or closed after the handshake: a middlebox, a load balancer idle timeout, or the server dropping the connection. Confirm: the errno (104/54/10054 is a reset; 0 is a close without close_notify).',
    'A TLS 1.3 server rejecting our client certificate after the handshake. Confirm: the message mentions "certificate required" or the server log does.',
  ], ['Client: retry idempotent transfers; for git over HTTPS, check http.proxy and try another network.']],
  [[58, 60, 77, 83, 90], [
    'The server\'s certificate chain is incomplete, or the CA bundle does not contain its root (often a TLS-intercepting proxy). Confirm: `openssl s_client -connect HOST:443 -servername HOST -showcerts`.',
    'The certificate does not match the host name, or a local certificate/CA file is unreadable. Confirm: the text after "SSL certificate problem:" or "SSL:".',
  ], ['Client: point `--cacert`/CURL_CA_BUNDLE at the right bundle; install a proxy\'s root CA rather than using `-k`.']],
  [[6, 7, 28], [
    'A DNS, routing or firewall problem before TLS started. Confirm: `getent hosts HOST` and `nc -vz HOST PORT`.',
  ], ['Client: check the host name, the port and the proxy settings.']],
];

function curlItem(input: string, code: number, via: string): Explanation {
  const known = curlCodes[code];
  const [macro, meaning] = known ?? [`curl exit ${code}`, 'a curl error'];
  const syscallHint = input.includes('SSL_ERROR_SYSCALL in connection to')
    ? ' curl 7.68+ prints "SSL_ERROR_SYSCALL in connection to" only when errno is 0: the peer or a middlebox closed the connection during the handshake (with OpenSSL 3, curl 7.87.0 to 8.14.0 report an unexpected EOF this way).'
    : '';
  const [, causes, fixes] = curlCauses.find(([codes]) => codes.includes(code)) ?? [[], ['See the rest of the message. Confirm: rerun with `curl -v`.'], ['Client: rerun with `curl -v`.']];
  return tool(input, `curl ${code} (${macro})`, via, `curl failed with exit code ${code} (${macro}): ${meaning}.${syscallHint}`, causes, fixes,
    { exitCode: code, curlError: macro });
}

const gnutlsEquivalents: readonly [RegExp, string][] = [
  [/non-properly terminated/i, 'an unexpected EOF (OpenSSL 3: 0A000126 "unexpected eof while reading"; 1.1.1: SSL_ERROR_SYSCALL with errno 0)'],
  [/pull function/i, 'a receive error, usually ECONNRESET (OpenSSL: SSL_ERROR_SYSCALL with errno 104)'],
  [/push function/i, 'a send error, usually EPIPE or ECONNRESET'],
  [/unexpected TLS packet/i, 'OpenSSL\'s "wrong version number": the peer did not answer with TLS'],
  [/certificate verification failed|not trusted|has expired/i, 'OpenSSL\'s "certificate verify failed"'],
  [/handshake failed/i, 'a handshake failure alert'],
];

function gnutls(input: string, message: string, code: string | undefined): Explanation {
  const equivalent = gnutlsEquivalents.find(([pattern]) => pattern.test(message))?.[1];
  return tool(input, code ? `GnuTLS ${code}` : 'GnuTLS', 'GnuTLS',
    `GnuTLS error "${message.trim()}". ${notOpenSsl}${equivalent ? ` Here: ${equivalent}.` : ''}`,
    ['Debian and Ubuntu build git (libcurl-gnutls) and wget against GnuTLS, so their messages are GnuTLS\'s. Confirm: `git --version --build-options` or `wget --version` shows gnutls.'],
    ['Client: reproduce with `openssl s_client -connect HOST:PORT -servername HOST` for an OpenSSL view of the same failure.'],
    { gnutlsCode: code ?? null });
}

/** Go's crypto/tls prints alerts in its own words; the rest match the RFC names with spaces. */
const goAlertNames: Readonly<Record<string, string>> = {
  'protocol version not supported': 'protocol_version',
  'unknown certificate authority': 'unknown_ca',
  'error decoding message': 'decode_error',
  'error decrypting message': 'decrypt_error',
  'unsupported certificate': 'unsupported_certificate',
  'revoked certificate': 'certificate_revoked',
  'expired certificate': 'certificate_expired',
  'unknown certificate': 'certificate_unknown',
  'unrecognized name': 'unrecognized_name',
  'no application protocol': 'no_application_protocol',
};

function alertByName(name: string): Explanation | undefined {
  const trimmed = name.trim().toLowerCase();
  const normalised = goAlertNames[trimmed] ?? trimmed.replace(/ /g, '_');
  const alert = tlsAlerts.find((a) => a.name === normalised);
  return alert ? explainAlert(alert.number, name) : undefined;
}

function foreign(input: string, runtime: string, detail: string, alert?: string): Explanation[] {
  const item = tool(input, `${runtime} TLS error`, runtime, `${runtime} message: ${detail} ${notOpenSsl}`,
    [`${runtime} has its own TLS stack. Confirm: the stack trace or message format is ${runtime}'s.`],
    [`Client: compare with \`openssl s_client -connect HOST:PORT -servername HOST\` to see the same handshake from OpenSSL.`]);
  const alertItem = alert ? alertByName(alert) : undefined;
  return alertItem ? [item, { ...alertItem, details: { ...alertItem.details, reportedBy: runtime } }] : [item];
}

const pythonClasses: Readonly<Record<string, string>> = {
  SSLEOFError: 'the peer closed the connection without close_notify (unexpected EOF); with OpenSSL 3 usually [SSL: UNEXPECTED_EOF_WHILE_READING], without a bracket when OpenSSL reported SSL_ERROR_SYSCALL',
  SSLZeroReturnError: 'the peer sent close_notify (SSL_ERROR_ZERO_RETURN); during the handshake it means the peer gave up on purpose',
  SSLSyscallError: 'SSL_ERROR_SYSCALL: an I/O error below TLS; see the errno',
  SSLCertVerificationError: 'certificate verification failed; the text after "certificate verify failed:" is the X509 reason',
  SSLWantReadError: 'SSL_ERROR_WANT_READ on a non-blocking socket: retry when readable',
  SSLWantWriteError: 'SSL_ERROR_WANT_WRITE on a non-blocking socket: retry when writable',
};

/** Recognisers for the messages of tools that wrap OpenSSL (errors.md §4.6), and of TLS stacks that are not OpenSSL. */
export const toolRecognizers: readonly LineRecognizer[] = [
  (line) => each(line, /curl: \((\d{1,3})\) [^\n]{0,500}/g, (m) => [curlItem(m[0], Number(m[1]), 'curl')]),
  (line) => each(line, /error: RPC failed; curl (\d{1,3}) [^\n]{0,500}/g, (m) => [curlItem(m[0], Number(m[1]), 'git')]),
  (line) => each(line, /fatal: unable to access '([^'\n]{0,2000})': [^\n]{0,500}/g, (m) => [tool(m[0], 'git: unable to access', 'git',
    `git could not reach ${m[1] ?? 'the remote'} over HTTPS; the rest of the line is libcurl's message.`,
    ['The TLS or network failure named in the rest of the line. Confirm: `GIT_CURL_VERBOSE=1 GIT_TRACE=1 git ls-remote URL`.'],
    ['Client: check http.proxy, http.sslCAInfo and http.sslVerify in `git config -l`; test the URL with curl -v.'], { url: m[1] ?? null })]),
  (line) => each(line, /(?:gnutls_handshake\(\) failed|GnuTLS recv error \((-?\d{1,4})\)|GnuTLS(?: error)?): ([^\n]{1,300})/g, (m) => [gnutls(m[0], m[2] ?? '', m[1])]),
  (line) => each(line, /server certificate verification failed\. CAfile: [^\n]{0,300}/g, (m) => [gnutls(m[0], m[0], undefined)]),
  (line) => each(line, /Unable to establish SSL connection\./g, (m) => [tool(m[0], 'wget: Unable to establish SSL connection', 'wget',
    'wget gave up on the TLS handshake; the line before it carries the OpenSSL or GnuTLS reason.',
    ['See the preceding "OpenSSL: error:…" or "GnuTLS: …" line. Confirm: `wget --version` shows which library it uses.'], ['Client: run `wget -d` for details.'])]),
  (line) => each(line, /\b(SSL(?:EOF|ZeroReturn|Syscall|CertVerification|WantRead|WantWrite)Error)\b/g, (m) => [tool(m[0], `Python ssl.${m[1] ?? ''}`, 'Python',
    `Python's ssl.${m[1] ?? ''}: ${pythonClasses[m[1] ?? ''] ?? ''}.`,
    ['The OpenSSL reason in brackets ([SSL: …]) names the cause when present. Confirm: print the exception\'s `reason` and `library` attributes.'],
    ['Client: with requests/urllib3/pip, check proxies (HTTPS_PROXY) and the CA bundle (REQUESTS_CA_BUNDLE, SSL_CERT_FILE).'])]),
  // With an [SSL: …] bracket the reason itself is explained; without one, the message is all there is.
  (line) => (line.includes('[SSL: ') ? [] : each(line, /EOF occurred in violation of protocol/g, (m) => [tool(m[0], 'Python: EOF occurred in violation of protocol', 'Python',
    'Python reports that the peer closed the connection without close_notify (SSLEOFError). Without an [SSL: …] bracket, OpenSSL returned SSL_ERROR_SYSCALL with errno 0.',
    ['A proxy or firewall cutting the connection, or a server dropping it during the handshake. Confirm: `openssl s_client -connect HOST:PORT -servername HOST` from the same machine.'],
    ['Client: check HTTPS_PROXY and try another network; retry idempotent requests.'])])),
  (line) => each(line, /Client network socket disconnected before secure TLS connection was established/g, (m) => [tool(m[0], 'Node: socket disconnected before secure TLS connection', 'Node.js',
    'Node saw the connection end during the handshake (it reports code ECONNRESET even when the peer closed cleanly at TCP level).',
    ['A proxy that does not speak TLS the way the client expects, or a server/middlebox dropping the handshake. Confirm: `openssl s_client -connect HOST:PORT -servername HOST`.'],
    ['Client: check proxy settings (HTTPS_PROXY, agent options) and the host/port.'])]),
  (line) => each(line, /\bsocket hang up\b/g, (m) => [tool(m[0], 'Node: socket hang up', 'Node.js',
    'Node\'s HTTP client saw the connection close before a response arrived.',
    ['The server or a load balancer closed an idle keep-alive connection that was reused. Confirm: it happens on the first request after an idle period.'],
    ['Client: retry idempotent requests; keep the agent\'s keep-alive below the server timeout.'])]),
  (line) => each(line, /(?:peer closed connection in SSL handshake|(?:SSL_do_handshake|SSL_read|SSL_write|SSL_shutdown)\(\) failed)/g, (m) => [tool(m[0], `nginx: ${m[0]}`, 'nginx',
    m[0].startsWith('peer closed')
      ? 'nginx: the client (or upstream) closed or reset the connection during the handshake without a TLS alert.'
      : `nginx: ${m[0].replace('() failed', '()')} failed; the OpenSSL queue entries or the errno in parentheses say why.`,
    ['Scanners, clients giving up, or an upstream TLS mismatch (for proxy_pass https://, a missing `proxy_ssl_server_name on`). Confirm: whether the line says "while SSL handshaking to upstream".'],
    ['Server: for upstream errors set proxy_ssl_server_name on and check proxy_ssl_protocols; client-side errors at [info] level are usually noise.'])]),
  (line) => each(line, /ignoring stale global SSL error/g, (m) => [tool(m[0], 'nginx: ignoring stale global SSL error', 'nginx',
    'nginx found an error left on the OpenSSL queue before an I/O call and cleared it, so it could not turn the next result into a false SSL_ERROR_SYSCALL.',
    ['An earlier OpenSSL call (certificate or key loading, OCSP, a module) failed without clearing the queue. Confirm: the entries printed with this line name that call.'],
    ['Server: fix the failing call named in the entries; the message itself is nginx protecting the connection.'])]),
  (line) => each(line, /\bAH0?2008: SSL library error (\d{1,2}) in handshake/g, (m) => [tool(m[0], 'Apache AH02008', 'Apache mod_ssl',
    'Apache mod_ssl: the handshake failed; the value is SSL_get_error()\'s result and the next "SSL Library Error" line has the reason.',
    ['See the following SSL Library Error line. Confirm: set `LogLevel ssl:debug`.'], ['Server: read the OpenSSL reason on the next line.']),
  explainSslErrorValue(Number(m[1]), m[1] ?? '')]),
  (line) => each(line, /\((70014)\)End of file found/g, (m) => [tool(m[0], 'APR_EOF (70014)', 'Apache', 'Apache (APR) saw end of file: the peer closed the connection.',
    ['A client closing without close_notify, or giving up. Confirm: the matching client log.'], ['Usually harmless on the server side.'])]),
  (line) => each(line, /SSL operation failed with code (\d{1,2})/g, (m) => [tool(m[0], 'PHP: SSL operation failed', 'PHP',
    'PHP\'s stream layer: an OpenSSL call failed; the code is SSL_get_error()\'s result and "OpenSSL Error messages:" follow.',
    ['See the error: lines after it. Confirm: openssl_error_string() in a loop.'], ['Client: check the CA file (openssl.cafile) and the peer.']),
  explainSslErrorValue(Number(m[1]), m[1] ?? '')]),
  (line) => each(line, /SSL_connect returned=(\d{1,2}) errno=(\d{1,6})/g, (m) => [tool(m[0], 'Ruby OpenSSL::SSL::SSLError', 'Ruby',
    'Ruby\'s OpenSSL binding: SSL_connect failed; "returned" is SSL_get_error()\'s result and "errno" the system errno (0 is normal for returned=1).',
    ['The reason after "state=…:" names the failure. Confirm: it matches an OpenSSL reason string.'], ['Client: fix the reason named after state=.']),
  explainSslErrorValue(Number(m[1]), m[1] ?? '')]),
  (line) => each(line, /\b(read|write|connect):errno=(\d{1,6})/g, (m) => [tool(m[0], `s_client ${m[1] ?? ''}:errno`, 'openssl s_client',
    `openssl s_client saw SSL_ERROR_SYSCALL and printed errno ${m[2] ?? ''}; its "${m[1] ?? ''}" label does not reliably say which direction failed.${m[2] === '0' ? ' errno 0 means the peer closed without close_notify.' : ''}`,
    ['See the errno item. Confirm: rerun with `-msg -state` to see how far the handshake got.'], ['Client: try -servername, -tls1_2, or another network.'])]),
  (line) => each(line, /Received fatal alert: ([a-z_]{3,40})/g, (m) => foreign(m[0], 'Java (JSSE)', `the peer sent a fatal TLS alert (${m[1] ?? ''}).`, m[1])),
  (line) => each(line, /PKIX path building failed|unable to find valid certification path to requested target/g, (m) => foreign(m[0], 'Java (JSSE)', 'the certificate chain is not trusted by the Java trust store (the equivalent of X509 error 20).')),
  (line) => each(line, /The remote certificate is invalid[^\n]{0,200}|The SSL connection could not be established[^\n]{0,200}|System\.Security\.Authentication\.AuthenticationException/g, (m) => foreign(m[0], '.NET (SslStream)', 'the TLS handshake or certificate validation failed.')),
  (line) => each(line, /remote error: tls: ([a-z ]{3,60})/g, (m) => foreign(m[0], 'Go (crypto/tls)', `the peer sent a TLS alert (${(m[1] ?? '').trim()}).`, m[1])),
  (line) => each(line, /x509: certificate (?:signed by unknown authority|has expired or is not yet valid|is valid for [^\n]{0,200})|tls: first record does not look like a TLS handshake/g, (m) => foreign(m[0], 'Go (crypto/tls)', m[0].startsWith('tls:') ? 'the peer did not answer with TLS (OpenSSL: "wrong version number").' : 'certificate verification failed.')),
  (line) => each(line, /schannel: [^\n]{1,300}/g, (m) => foreign(m[0], 'Windows SChannel', 'curl or git on Windows using the SChannel TLS backend.')),
];
