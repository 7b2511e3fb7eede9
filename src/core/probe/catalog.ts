// What each diagnosis id means in plain language: its title, the fixes for both ends, and what an OpenSSL 3
// C client reports for the same failure (measured against OpenSSL 3.0 in the fault zoo, see probe.md §3.2).
import type { DiagnosisId, Fix, OpensslClientView } from './report';

export interface DiagnosisEntry {
  readonly title: string;
  readonly fixes: readonly Fix[];
  readonly openssl: OpensslClientView;
}

const server = (text: string): Fix => ({ audience: 'server', text });
const client = (text: string): Fix => ({ audience: 'client', text });

const verifyFailed = 'error:0A000086:SSL routines::certificate verify failed';
const eof = 'error:0A000126:SSL routines::unexpected eof while reading';
const wrongVersion = 'error:0A00010B:SSL routines::wrong version number';

export const diagnosisCatalog: Readonly<Record<DiagnosisId, DiagnosisEntry>> = {
  'healthy': {
    title: 'The endpoint works',
    fixes: [],
    openssl: { call: 'SSL_read', sslError: 'SSL_ERROR_ZERO_RETURN (6) at the clean close' },
  },
  'dns-not-found': {
    title: 'The name does not exist in DNS',
    fixes: [server('Create the A/AAAA record, or check the zone is delegated and published.'), client('Check the spelling, the search domain, and whether the name only resolves on a VPN or internal resolver.')],
    openssl: { call: 'getaddrinfo()', errno: 'EAI_NONAME ("Name or service not known"); BIO_lookup fails before any TLS' },
  },
  'dns-failure': {
    title: 'DNS resolution failed',
    fixes: [server('Check the zone\'s delegation and DNSSEC signatures; make sure the authoritative servers answer.'), client('Check the resolver configuration (/etc/resolv.conf, VPN DNS) and that the resolver is reachable.')],
    openssl: { call: 'getaddrinfo()', errno: 'EAI_AGAIN ("Temporary failure in name resolution")' },
  },
  'tcp-refused': {
    title: 'Connection refused: nothing is listening',
    fixes: [server('Start the service, or check it listens on this port and address (`ss -ltnp`), and that no firewall REJECTs.'), client('Check the port number and that you connect to the right host.')],
    openssl: { call: 'connect()', errno: 'ECONNREFUSED (111)' },
  },
  'tcp-timeout': {
    title: 'The connection attempt timed out',
    fixes: [server('Open the port in the firewall, security group or ACL; check the host is up and routable.'), client('Check VPN/proxy requirements; try another port on the same host to tell host-down from port-filtered.')],
    openssl: { call: 'connect()', errno: 'ETIMEDOUT (110), after the kernel\'s SYN retries (about 2 minutes) unless the client sets its own timeout' },
  },
  'tcp-unreachable': {
    title: 'The host or network is unreachable',
    fixes: [server('Check routing and that the address is assigned and up.'), client('Check your routes, VPN and IPv6 connectivity (an AAAA record without working IPv6 fails like this).')],
    openssl: { call: 'connect()', errno: 'EHOSTUNREACH (113) or ENETUNREACH (101)' },
  },
  'reset-on-connect': {
    title: 'The server resets the connection as soon as it is accepted',
    fixes: [server('Check the load balancer has healthy backends, connection limits, IPS policies and that the process does not crash on accept.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SYSCALL (5)', errno: 'ECONNRESET (104)' },
  },
  'closed-before-handshake': {
    title: 'The server closes the connection without answering in TLS',
    fixes: [server('Check TLS is enabled on this listener, the upstream behind the proxy is healthy, and SNI routing and allow-lists accept this client.'), client('Try without SNI or with another name, and from another network, to find a filtering middlebox.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: eof },
  },
  'reset-during-handshake': {
    title: 'The connection is reset during the handshake',
    fixes: [server('Check the server\'s logs for crashes on the ClientHello, and any firewall/IPS/DPI in front of it.'), client('Compare with another SNI name and another network: a reset that depends on the name points to a filtering middlebox.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SYSCALL (5)', errno: 'ECONNRESET (104)' },
  },
  'no-response': {
    title: 'The server never answers the ClientHello',
    fixes: [server('Check the service is not hung or overloaded, whether the load balancer expects the PROXY protocol, and path MTU (large packets dropped).'), client('Use a total deadline in your client (per-read timeouts never fire on a silent peer); check MTU/VPN (`ping -M do -s 1472`).')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_WANT_READ (2) with a receive timeout, or blocks forever', errno: 'EAGAIN (11) with SO_RCVTIMEO' },
  },
  'slow-response': {
    title: 'The server answers, but extremely slowly',
    fixes: [server('Check load, rate limiting and throttling proxies.'), client('Use a total deadline rather than per-read timeouts; check for packet loss on the path.')],
    openssl: { call: 'SSL_connect', sslError: 'no error until the handshake completes, or SSL_ERROR_WANT_READ (2) if a read times out' },
  },
  'not-tls-http': {
    title: 'The port speaks plain HTTP, not TLS',
    fixes: [server('Enable TLS on this listener, or publish the TLS port.'), client('Use http:// for this port, or the TLS port (usually 443).')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: wrongVersion },
  },
  'not-tls-ssh': {
    title: 'The port runs SSH, not TLS',
    fixes: [client('Use the port of the TLS service; this one is an SSH server.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: wrongVersion },
  },
  'starttls-required': {
    title: 'A plaintext service that upgrades with STARTTLS',
    fixes: [server('Offer implicit TLS on the dedicated port (465 SMTPS, 993 IMAPS, 995 POP3S) if clients need it.'), client('Use STARTTLS on this port (`openssl s_client -starttls smtp`), or connect to the implicit-TLS port.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: wrongVersion },
  },
  'not-tls-unknown': {
    title: 'The port answers with something that is not TLS',
    fixes: [client('Identify the service (`nmap -sV`) and use the right port for TLS.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: wrongVersion },
  },
  'protocol-version-mismatch': {
    title: 'No TLS version in common',
    fixes: [server('Enable TLS 1.2 and TLS 1.3 on the server; TLS 1.0/1.1 are disabled by current clients.'), client('Do not lower the client\'s minimum version except as a temporary, documented exception.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: 'error:0A00042E:SSL routines::tlsv1 alert protocol version (or 0A00014D legacy sigalg disallowed or unsupported)' },
  },
  'cipher-mismatch': {
    title: 'No cipher suite in common',
    fixes: [server('Enable ECDHE with AES-GCM or ChaCha20-Poly1305 suites (and TLS 1.3).'), client('Do not re-enable legacy suites in the client; fix the server.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: 'error:0A000410:SSL routines::sslv3 alert handshake failure' },
  },
  'sni-required': {
    title: 'The server requires SNI (the host name in the ClientHello)',
    fixes: [server('Configure a default certificate for clients that send no SNI, if they must be supported.'), client('Connect by host name, or set the server name (`SSL_set_tlsext_host_name`, `-servername`, `tls.connect({servername})`).')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: 'error:0A000410:SSL routines::sslv3 alert handshake failure (or 0A000458 tlsv1 unrecognized name)' },
  },
  'client-cert-required': {
    title: 'The server requires a client certificate',
    fixes: [client('Configure a client certificate and key issued by a CA the server accepts (`SSL_CTX_use_certificate_file`, `-cert/-key`).'), server('If client certificates should be optional, use optional verification instead of required.')],
    openssl: { call: 'SSL_connect (TLS 1.2) or the first SSL_read (TLS 1.3)', sslError: 'SSL_ERROR_SSL (1)', errorQueue: 'error:0A00045C:SSL routines::tlsv13 alert certificate required (TLS 1.2: 0A000410 sslv3 alert handshake failure)' },
  },
  'alpn-mismatch': {
    title: 'No application protocol (ALPN) in common',
    fixes: [server('Accept the protocols clients offer (http/1.1 as well as h2), or do not enforce ALPN.'), client('Offer the protocol the server expects (for example h2 for gRPC).')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: 'error:0A000460:SSL routines::tlsv1 alert no application protocol' },
  },
  'server-internal-error': {
    title: 'The server\'s TLS stack reports an internal error',
    fixes: [server('Read the server\'s error log: a missing or unreadable key, an HSM/engine failure, or a failing TLS connection to its upstream.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: 'error:0A000438:SSL routines::tlsv1 alert internal error' },
  },
  'handshake-alert': {
    title: 'The handshake was aborted with an alert',
    fixes: [server('Read the server\'s TLS error log for the reason behind the alert.'), client('Compare what your client offers (versions, suites, SNI, ALPN, certificate) with the server\'s configuration.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: 'error:0A0004xx:SSL routines::… alert … (reason = 1000 + alert number)' },
  },
  'cert-expired': {
    title: 'The certificate has expired',
    fixes: [server('Renew the certificate, deploy it, reload the server, and check the renewal automation.'), client('Check the client clock if the certificate looks current elsewhere.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: verifyFailed, verifyResult: '10 X509_V_ERR_CERT_HAS_EXPIRED' },
  },
  'cert-not-yet-valid': {
    title: 'The certificate is not valid yet',
    fixes: [server('Check the server clock and the certificate\'s start date; reissue if it was issued for the future.'), client('Check the client clock (NTP).')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: verifyFailed, verifyResult: '9 X509_V_ERR_CERT_NOT_YET_VALID' },
  },
  'cert-self-signed': {
    title: 'The certificate is self-signed',
    fixes: [server('Use a certificate issued by a CA your clients trust.'), client('If this is intended (internal service), trust exactly this certificate (`-CAfile`, `SSL_CTX_load_verify_locations`, --ca) rather than disabling verification.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: verifyFailed, verifyResult: '18 X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT' },
  },
  'cert-untrusted-root': {
    title: 'The certificate chains to a root the client does not trust',
    fixes: [server('Use a certificate from a publicly trusted CA if public clients connect.'), client('If the CA is your organisation\'s, add its root to the trust store (--ca, `SSL_CTX_load_verify_locations`, NODE_EXTRA_CA_CERTS).')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: verifyFailed, verifyResult: '19 X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN or 20 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY' },
  },
  'cert-chain-incomplete': {
    title: 'The server does not send its intermediate certificate',
    fixes: [server('Serve the full chain (leaf followed by the intermediates, e.g. fullchain.pem). Browsers may hide this by fetching the intermediate themselves; OpenSSL, curl, Node and Java do not.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: verifyFailed, verifyResult: '20 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY (21 when verifying the leaf alone)' },
  },
  'cert-hostname-mismatch': {
    title: 'The certificate is not valid for this host name',
    fixes: [server('Install a certificate whose subjectAltName covers this name, and check SNI routing picks the right virtual host.'), client('Connect with the name the certificate was issued for.')],
    openssl: { call: 'SSL_connect (with SSL_set1_host)', sslError: 'SSL_ERROR_SSL (1)', errorQueue: verifyFailed, verifyResult: '62 X509_V_ERR_HOSTNAME_MISMATCH' },
  },
  'reset-after-handshake': {
    title: 'The connection is reset after the handshake',
    fixes: [server('Check the application and WAF/IPS logs: something resets the connection when the first request arrives.'), client('Retry with another request to see whether the content triggers it.')],
    openssl: { call: 'SSL_read', sslError: 'SSL_ERROR_SYSCALL (5)', errno: 'ECONNRESET (104)' },
  },
  'unexpected-eof': {
    title: 'The server closes without TLS close_notify',
    fixes: [server('Make the server or load balancer send close_notify before closing (a proper TLS shutdown).'), client('If the protocol frames its messages (HTTP with Content-Length, for example), the client may tolerate it with SSL_OP_IGNORE_UNEXPECTED_EOF.')],
    openssl: { call: 'SSL_read', sslError: 'SSL_ERROR_SSL (1) in OpenSSL 3 (SSL_ERROR_SYSCALL with errno 0 in 1.1.1)', errorQueue: eof },
  },
  'proxy-auth-required': {
    title: 'The HTTP proxy refuses the tunnel',
    fixes: [client('Give the proxy credentials (http://user:pass@proxy:port, http.proxyAuthorization in VS Code) or use a setup that can do the proxy\'s scheme (Negotiate/NTLM).'), server('Ask the proxy administrators to allow this destination.')],
    openssl: { call: 'before SSL_connect (the CONNECT request)', sslError: 'none: TLS never starts; curl reports "CONNECT tunnel failed, response 407"' },
  },
  'tls-interception': {
    title: 'A proxy intercepts TLS and re-signs the certificate',
    fixes: [client('Trust the interception root explicitly (--ca, NODE_EXTRA_CA_CERTS, the OS store) or ask for this host to be exempted from inspection.')],
    openssl: { call: 'SSL_connect', sslError: 'SSL_ERROR_SSL (1)', errorQueue: verifyFailed, verifyResult: '19 X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN or 20 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY' },
  },
};
