/**
 * Hand-written explanations for the errors people actually hit (errors.md §3.1, §3.3, §4, §4.8), keyed by the
 * canonical name the decoders produce. Everything else gets a generated explanation from the tables.
 */
export interface Cause {
  /** What is going on, most frequent first. */
  readonly cause: string;
  /** How to check whether this cause is the one. */
  readonly confirm: string;
}

export interface CuratedExplanation {
  /** One line, shown first. */
  readonly summary: string;
  readonly causes: readonly Cause[];
  /** Fixes for someone writing or running the client. */
  readonly client: readonly string[];
  /** Fixes for someone operating the server. */
  readonly server: readonly string[];
  /** How the behaviour differs between OpenSSL versions and tools. */
  readonly versions?: readonly string[];
}

const certificateChain: Cause[] = [
  { cause: 'The server sends its certificate without the intermediate CA certificate(s).', confirm: '`openssl s_client -connect HOST:443 -servername HOST -showcerts` lists only one certificate, or an SSL checker reports an incomplete chain.' },
  { cause: 'The client\'s CA store is missing or outdated (container without ca-certificates, an old certifi or Node bundle, a custom CAfile).', confirm: 'Verification works from another machine or with the system bundle (`curl --cacert /etc/ssl/certs/ca-certificates.crt`).' },
  { cause: 'A TLS-intercepting proxy, antivirus or corporate gateway re-signs the traffic with its own root CA.', confirm: 'The issuer shown by `openssl s_client -showcerts` is your company\'s or a security product\'s CA, not a public one.' },
];

const alertFromPeer = 'This is an alert the peer sent: the decision was made on the other side, so its log holds the precise reason.';

export const curated: Readonly<Record<string, CuratedExplanation>> = {
  SSL_ERROR_SYSCALL: {
    summary: 'The TLS call failed below TLS: an I/O error or an unexpected end of the connection. It does not say which system call failed; errno and the error queue hold the rest.',
    causes: [
      { cause: 'The peer or a middlebox reset the TCP connection (firewall, proxy, load balancer idle timeout, a server rejecting the handshake without an alert).', confirm: 'errno is ECONNRESET (104 on Linux, 54 on macOS, 10054 on Windows).' },
      { cause: 'The peer closed the connection without a TLS close_notify (unexpected EOF).', confirm: 'errno is 0 and the error queue is empty. With OpenSSL 3.x and a socket BIO this shows up as SSL_ERROR_SSL "unexpected eof while reading" instead.' },
      { cause: 'We wrote after the peer had gone away.', confirm: 'errno is EPIPE (32); without SIGPIPE ignored the process dies instead.' },
      { cause: 'A stale system error left on the thread\'s error queue by an earlier failure (for example a missing certificate file) turned an ordinary result into SYSCALL.', confirm: 'ERR_peek_error() shows an entry from the system library about fopen or a file path that has nothing to do with this connection.' },
    ],
    client: [
      'Read errno (WSAGetLastError() on Windows) immediately after the failing SSL_* call, before any other library call, and log it together with the whole error queue.',
      'Call ERR_clear_error() before each SSL_read/SSL_write/SSL_connect so stale entries cannot change the result.',
      'Do not call SSL_shutdown() after SSL_ERROR_SYSCALL; free the connection and reconnect if the operation is idempotent.',
      'If it happens only from one network, test from another network or without the proxy/VPN.',
    ],
    server: [
      'Check load balancer and firewall idle timeouts and TLS inspection rules on the path.',
      'Look at the server log at the same time: a crash, a worker limit or an SNI/cipher rejection that drops the connection instead of sending an alert.',
    ],
    versions: [
      'Up to 1.1.1, a peer closing without close_notify gives SSL_ERROR_SYSCALL with errno 0 and an empty queue.',
      'From 3.0 the same situation gives SSL_ERROR_SSL with 0A000126 (unexpected eof while reading) when the BIO reports EOF; applications with their own BIO (curl 7.87.0 to 8.14.0) still get SSL_ERROR_SYSCALL with errno 0.',
      'From 3.4 a failed write pushes a system-library entry, so SYSCALL arrives with a queue entry such as 80000020 (Broken pipe).',
    ],
  },
  SSL_ERROR_SSL: {
    summary: 'A TLS protocol or library error. The thread\'s error queue says which one; nothing more can be done on this connection.',
    causes: [
      { cause: 'A handshake failure: certificate verification, no common protocol or cipher, or an alert from the peer.', confirm: 'ERR_print_errors_fp(stderr) prints the reason, e.g. "certificate verify failed" or "tlsv1 alert protocol version".' },
      { cause: 'With OpenSSL 3.x: the peer closed without close_notify.', confirm: 'The queue holds 0A000126 unexpected eof while reading.' },
      { cause: 'A local configuration problem (key does not match the certificate, key too small for the security level).', confirm: 'The queue entry names a PEM, X509 or SSL configuration reason.' },
    ],
    client: [
      'Print the whole error queue (ERR_print_errors_fp) and, when the reason is certificate verify failed, SSL_get_verify_result().',
      'Do not call SSL_shutdown() afterwards; free the SSL object.',
    ],
    server: ['Log the whole error queue per connection, as nginx does; the first entry is usually the cause.'],
  },
  SSL_ERROR_ZERO_RETURN: {
    summary: 'The peer closed the TLS connection cleanly with a close_notify alert. This is the normal end of a connection, not a failure.',
    causes: [
      { cause: 'The peer finished sending and shut TLS down properly.', confirm: 'SSL_get_shutdown() has SSL_RECEIVED_SHUTDOWN set.' },
      { cause: 'With OpenSSL 3.x and SSL_OP_IGNORE_UNEXPECTED_EOF set, a plain TCP close is reported this way too.', confirm: 'The option is set on the SSL_CTX (nginx sets it since 1.21.2).' },
    ],
    client: ['Treat it as end of stream: stop reading, optionally answer with SSL_shutdown(), then close the socket.'],
    server: ['Nothing to fix; if it arrives during the handshake the client gave up on purpose.'],
  },
  SSL_ERROR_WANT_READ: {
    summary: 'Not an error: the operation needs more data from the peer. Retry the same call once the socket is readable.',
    causes: [
      { cause: 'A non-blocking socket has no data yet (also during SSL_write, which may need to read handshake messages).', confirm: 'The socket is non-blocking, or SO_RCVTIMEO expired on a blocking socket.' },
    ],
    client: ['Wait for readability (poll/select/epoll) and repeat the same SSL_* call with the same arguments.', 'On a blocking socket with SO_RCVTIMEO this is the read timeout: decide whether to retry or give up.'],
    server: ['The same: retry when readable; never treat it as a fatal error.'],
  },
  SSL_ERROR_WANT_WRITE: {
    summary: 'Not an error: the operation needs to send data first. Retry the same call once the socket is writable.',
    causes: [{ cause: 'The socket send buffer is full (also during SSL_read, which may need to write handshake messages).', confirm: 'The socket is non-blocking.' }],
    client: ['Wait for writability and repeat the same SSL_* call with the same buffer and length.'],
    server: ['The same: retry when writable.'],
  },
  SSL_ERROR_NONE: {
    summary: 'The operation succeeded (SSL_get_error() was called with a positive return value).',
    causes: [{ cause: 'Success.', confirm: 'The SSL_* call returned a value greater than 0.' }],
    client: ['Only call SSL_get_error() when the call returned 0 or less.'],
    server: [],
  },
  SSL_ERROR_WANT_X509_LOOKUP: {
    summary: 'The client-certificate callback asked to be called again; retry the handshake call.',
    causes: [{ cause: 'SSL_CTX_set_client_cert_cb() returned a negative value.', confirm: 'The application installs a client certificate callback.' }],
    client: ['Retry the same call after the certificate is available.'],
    server: [],
  },
  SSL_ERROR_WANT_CONNECT: {
    summary: 'The connect BIO has not finished connecting yet; retry the same call.',
    causes: [{ cause: 'A BIO_s_connect BIO in non-blocking mode.', confirm: 'The SSL object sits on a connect BIO.' }],
    client: ['Retry the same call when the socket becomes writable.'],
    server: [],
  },
  SSL_ERROR_WANT_ACCEPT: {
    summary: 'The accept BIO has not accepted a connection yet; retry the same call.',
    causes: [{ cause: 'A BIO_s_accept BIO in non-blocking mode.', confirm: 'The SSL object sits on an accept BIO.' }],
    client: [],
    server: ['Retry the same call when the listening socket becomes readable.'],
  },
  SSL_ERROR_WANT_ASYNC: {
    summary: 'An asynchronous engine job is still running; retry the same call when it signals completion.',
    causes: [{ cause: 'SSL_MODE_ASYNC with an async-capable engine or provider.', confirm: 'SSL_MODE_ASYNC is set.' }],
    client: ['Wait on the async file descriptor (SSL_get_all_async_fds) and retry.'],
    server: ['The same.'],
  },
  SSL_ERROR_WANT_ASYNC_JOB: {
    summary: 'No asynchronous job was available from the pool; retry later.',
    causes: [{ cause: 'The async job pool is exhausted.', confirm: 'SSL_MODE_ASYNC is set and many connections are in flight.' }],
    client: ['Retry later, or enlarge the pool with ASYNC_init_thread().'],
    server: ['The same.'],
  },
  SSL_ERROR_WANT_CLIENT_HELLO_CB: {
    summary: 'The ClientHello callback asked to be called again; retry the handshake call.',
    causes: [{ cause: 'SSL_CTX_set_client_hello_cb() returned SSL_CLIENT_HELLO_RETRY.', confirm: 'The server installs a ClientHello callback.' }],
    client: [],
    server: ['Retry SSL_accept()/SSL_do_handshake() once the callback can complete.'],
  },
  SSL_ERROR_WANT_RETRY_VERIFY: {
    summary: 'The verify callback suspended the handshake (SSL_set_retry_verify); retry the call when verification can finish.',
    causes: [{ cause: 'An application verify callback called SSL_set_retry_verify() (OpenSSL 3.0+).', confirm: 'The application uses SSL_set_retry_verify().' }],
    client: ['Retry the handshake call after the asynchronous verification completes.'],
    server: ['The same.'],
  },

  SSL_R_WRONG_VERSION_NUMBER: {
    summary: 'The bytes that came back are not a TLS record of the expected version: almost always something that is not TLS answered on this port.',
    causes: [
      { cause: 'A plain HTTP server (or an HTTP error page from a proxy) answered on the port we treated as HTTPS.', confirm: '`curl -v http://HOST:PORT/` gets an HTTP response, or `openssl s_client` shows text such as "HTTP/1.1 400".' },
      { cause: 'An HTTP proxy was configured with an https:// URL (the proxy speaks plain HTTP on that port).', confirm: 'The proxy URL in HTTPS_PROXY / npm / git config starts with https://.' },
      { cause: 'A STARTTLS protocol (SMTP 587/25, IMAP 143, POP3 110, LDAP 389) was opened with immediate TLS.', confirm: 'The server greets with a plaintext banner (`nc HOST PORT`).' },
      { cause: 'The wrong port: SSH, a database or another protocol is listening there.', confirm: '`nc HOST PORT` shows a banner such as "SSH-2.0-".' },
    ],
    client: ['Use the right scheme and port (http:// for plain ports, 465 vs 587 for SMTP, `-starttls smtp` with s_client).', 'Write proxy URLs as http://proxy:port unless the proxy really speaks TLS.'],
    server: ['Make sure the TLS listener is on the advertised port (nginx: `listen 443 ssl`), and that a proxy in front does not forward TLS to a plain backend.'],
    versions: ['1.0.2 clients report the same situation as "unknown protocol" (140770FC).'],
  },
  SSL_R_UNEXPECTED_EOF_WHILE_READING: {
    summary: 'The peer closed the TCP connection without sending a TLS close_notify first.',
    causes: [
      { cause: 'After the response: an HTTP server closing a keep-alive connection without close_notify. Harmless when the response framing (Content-Length or chunked) was complete.', confirm: 'The error comes after the full response body was received.' },
      { cause: 'During the handshake: the server or a middlebox dropped the connection (SNI or IP filtering, a TLS-intolerant server, a load balancer without a healthy backend, a crash).', confirm: 'It happens in SSL_connect/SSL_accept; try `openssl s_client -connect HOST:PORT -servername HOST` from another network.' },
      { cause: 'The server wanted a client certificate or rejected ours and just closed.', confirm: 'The server log shows a client-certificate failure at that time.' },
    ],
    client: [
      'If the protocol on top detects truncation itself (HTTP with complete framing), treat it as end of stream or set SSL_OP_IGNORE_UNEXPECTED_EOF.',
      'During the handshake: send SNI, try `-tls1_2`, test from another network, and check the server log.',
    ],
    server: ['Close connections with SSL_shutdown() before close(); check the server or upstream log for crashes and connection limits.'],
    versions: [
      'This reason exists from OpenSSL 3.0 (it was briefly in 1.1.1e and reverted in 1.1.1f).',
      'Up to 1.1.1 the same event is SSL_ERROR_SYSCALL with errno 0 and an empty error queue.',
      'Applications with their own BIO (curl 7.87.0 to 8.14.0) still see SSL_ERROR_SYSCALL with errno 0 on 3.x.',
      'nginx 1.21.2+ sets SSL_OP_IGNORE_UNEXPECTED_EOF, which turns it into a clean close.',
    ],
  },
  SSL_R_CERTIFICATE_VERIFY_FAILED: {
    summary: 'Certificate chain validation failed. The real reason is the X509 verify result (SSL_get_verify_result()), not this queue entry.',
    causes: [
      ...certificateChain,
      { cause: 'The certificate has expired or the machine\'s clock is wrong.', confirm: 'The verify result is 10 (certificate has expired) or 9 (not yet valid); check `date`.' },
      { cause: 'A self-signed certificate that the client does not trust.', confirm: 'The verify result is 18 or 19.' },
    ],
    client: ['Print X509_verify_cert_error_string(SSL_get_verify_result(ssl)) to get the precise reason.', 'Add the right CA (curl --cacert, NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, SSL_CERT_FILE) instead of disabling verification.'],
    server: ['Serve the full chain (leaf plus intermediates), renew expired certificates, and use a CA the clients trust.'],
  },
  SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE: {
    summary: `The peer aborted the handshake with alert 40 (handshake_failure): it found nothing acceptable in what we offered. ${alertFromPeer}`,
    causes: [
      { cause: 'No cipher suite, group or signature algorithm in common (a modern client against a legacy server, or the reverse).', confirm: 'Compare `openssl s_client -connect HOST:443 -servername HOST` with the server\'s cipher list; the server log shows "no shared cipher".' },
      { cause: 'The server requires a client certificate and we sent none (TLS 1.2).', confirm: 'The server log shows "peer did not return a certificate".' },
      { cause: 'SNI missing or unknown on a server that needs it.', confirm: 'Adding `-servername HOST` to s_client makes it work.' },
    ],
    client: ['Send SNI, offer modern cipher suites and TLS 1.2/1.3, and supply a client certificate if the server asks for one.'],
    server: ['Read the server\'s own log line for the same connection; widen the cipher list if legitimate clients are refused.'],
    versions: ['From OpenSSL 3.2 the string reads "ssl/tls alert handshake failure" (and Node reports ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE).'],
  },
  SSL_R_TLSV1_ALERT_PROTOCOL_VERSION: {
    summary: `The peer refused the TLS version (alert 70 protocol_version). ${alertFromPeer}`,
    causes: [
      { cause: 'Our maximum version is below the server\'s minimum (for example a TLS 1.2 client against a TLS 1.3-only server).', confirm: '`openssl s_client -tls1_3` works where `-tls1_2` fails.' },
      { cause: 'Our minimum version is above what a legacy peer supports (TLS 1.0/1.1 only).', confirm: 'The peer\'s log shows "unsupported protocol".' },
    ],
    client: ['Allow the versions the server supports (MinProtocol/MaxProtocol, SSL_CTX_set_min_proto_version); use TLS_client_method().'],
    server: ['Enable TLS 1.2 and 1.3; upgrade legacy servers that stop at TLS 1.0.'],
  },
  SSL_R_UNSUPPORTED_PROTOCOL: {
    summary: 'The two sides have no TLS version in common (we detected it locally, usually as the server).',
    causes: [
      { cause: 'A client offered only versions we disabled (TLS 1.0/1.1 against a modern server).', confirm: 'The client is old; the handshake with `openssl s_client -tls1_2` works.' },
      { cause: 'As a client: the server chose a version we do not allow.', confirm: 'Compare the min/max protocol settings on both sides.' },
    ],
    client: ['Upgrade the client or enable TLS 1.2.'],
    server: ['Decide whether old clients must be supported; nginx logs this at info level only.'],
  },
  SSL_R_NO_PROTOCOLS_AVAILABLE: {
    summary: 'After applying all settings, no TLS version is left enabled, so no handshake is possible.',
    causes: [
      { cause: 'The minimum protocol is above the maximum (e.g. MinProtocol TLSv1.3 with MaxProtocol TLSv1.2).', confirm: 'Check SSL_CTX_set_min/max_proto_version and MinProtocol/MaxProtocol in openssl.cnf.' },
      { cause: 'Every version was disabled with SSL_OP_NO_TLSv1_x options.', confirm: 'Look for SSL_OP_NO_TLSv1_2 and SSL_OP_NO_TLSv1_3 in the code or config.' },
    ],
    client: ['Fix the version settings; prefer TLS_client_method() with a minimum version over version-specific methods.'],
    server: ['The same for TLS_server_method().'],
  },
  SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED: {
    summary: `The TLS 1.3 server requires a client certificate and we sent none (alert 116). ${alertFromPeer}`,
    causes: [{ cause: 'Mutual TLS is required and no client certificate/key is configured, or the configured one was not sent.', confirm: 'The error appears on the first SSL_read after a successful SSL_connect (TLS 1.3 client authentication completes after the handshake).' }],
    client: ['Configure the client certificate and key (SSL_CTX_use_certificate_chain_file, curl --cert/--key).'],
    server: ['If client certificates are optional, do not set SSL_VERIFY_FAIL_IF_NO_PEER_CERT.'],
  },
  SSL_R_TLSV1_ALERT_UNKNOWN_CA: {
    summary: `The peer could not chain our certificate to a CA it trusts (alert 48). ${alertFromPeer}`,
    causes: [
      { cause: 'mTLS: our client certificate was issued by a CA the server does not trust.', confirm: 'Compare our certificate\'s issuer with the server\'s client CA list (s_client prints "Acceptable client certificate CA names").' },
      { cause: 'We do not send the intermediate certificates, so the peer cannot build the chain.', confirm: 'Our certificate file contains only the leaf.' },
    ],
    client: ['Send the full chain and use a certificate from the CA the server expects.'],
    server: ['Add the issuing CA to the trusted client CAs, or tell clients which CA to use.'],
  },
  SSL_R_SSLV3_ALERT_BAD_CERTIFICATE: {
    summary: `The peer rejected our certificate (alert 42 bad_certificate). ${alertFromPeer}`,
    causes: [
      { cause: 'Our certificate is unacceptable to the peer\'s policy: SHA-1 signature, RSA key below 2048 bits, wrong key usage.', confirm: 'The peer\'s log shows a verify error such as "ca md too weak" or "ee key too small".' },
      { cause: 'mTLS: the client certificate does not verify on the server.', confirm: 'The server log shows the X509 verify result.' },
    ],
    client: ['Reissue the certificate with SHA-256 and RSA 2048+ or ECDSA P-256.'],
    server: ['Look at the verify result the server logged for this connection.'],
    versions: ['From OpenSSL 3.2 the string reads "ssl/tls alert bad certificate".'],
  },
  SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN: {
    summary: `The peer could not accept our certificate for an unspecified reason (alert 46). ${alertFromPeer}`,
    causes: [{ cause: 'The peer\'s verification of our certificate failed (untrusted issuer, missing intermediate, name or purpose).', confirm: 'The peer\'s log shows the verify error.' }],
    client: ['Send the full chain; make sure the certificate\'s purpose (EKU) fits (clientAuth for client certificates).'],
    server: ['Check the server\'s verify log for the client certificate.'],
    versions: ['From OpenSSL 3.2 the string reads "ssl/tls alert certificate unknown".'],
  },
  SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED: {
    summary: `The peer says our certificate has expired (alert 45). ${alertFromPeer}`,
    causes: [{ cause: 'Our certificate or one of our intermediates expired, or the peer\'s clock is wrong.', confirm: '`openssl x509 -noout -enddate -in cert.pem` for each certificate we send.' }],
    client: ['Renew the client certificate.'],
    server: ['Renew the certificate and reload the server; check NTP on both sides.'],
    versions: ['From OpenSSL 3.2 the string reads "ssl/tls alert certificate expired".'],
  },
  SSL_R_TLSV1_ALERT_INTERNAL_ERROR: {
    summary: `The peer hit an internal problem and aborted (alert 80). ${alertFromPeer}`,
    causes: [
      { cause: 'The server cannot sign with any algorithm we accept at its security level (often when old protocol versions are forced).', confirm: 'The server log shows "no suitable signature algorithm".' },
      { cause: 'Key, HSM or SNI-callback failure on the server.', confirm: 'The server log at the time of the connection.' },
    ],
    client: ['Do not force old protocol versions; retry with defaults.'],
    server: ['Read the server log for the matching error and fix the key or configuration.'],
  },
  SSL_R_TLSV1_UNRECOGNIZED_NAME: {
    summary: `The server has no site or certificate for the name we sent in SNI (alert 112). ${alertFromPeer}`,
    causes: [
      { cause: 'Wrong host name, or connecting by IP address so no usable SNI is sent.', confirm: '`openssl s_client -connect HOST:443 -servername NAME` with the exact public name works.' },
      { cause: 'The server\'s virtual-host configuration lacks this name.', confirm: 'The server config has no server_name/ServerName for it.' },
    ],
    client: ['Connect with the host name on the certificate and make sure SNI is sent (SSL_set_tlsext_host_name).'],
    server: ['Add the name to the TLS virtual host or define a default certificate.'],
  },
  SSL_R_TLSV1_ALERT_NO_APPLICATION_PROTOCOL: {
    summary: `No ALPN protocol in common (alert 120), e.g. a client that insists on h2 against a server offering only http/1.1. ${alertFromPeer}`,
    causes: [{ cause: 'The ALPN lists do not intersect (gRPC requires h2).', confirm: '`openssl s_client -alpn h2,http/1.1` shows which protocol the server selects.' }],
    client: ['Offer a protocol the server supports.'],
    server: ['Enable HTTP/2 (or the protocol the client needs) on the listener.'],
    versions: ['1.0.2 and 1.1.1 have no string for this reason and print reason(1120).'],
  },
  SSL_R_NO_SHARED_CIPHER: {
    summary: 'As a server, we found no cipher suite in common with the client\'s ClientHello.',
    causes: [
      { cause: 'Our certificate\'s key type does not match the enabled suites (ECDSA certificate with RSA-only suites, or the reverse).', confirm: '`openssl x509 -noout -text` shows the key type; compare with the cipher list.' },
      { cause: 'The security level or cipher string removed the only suites the client offers.', confirm: 'The client is old; `openssl ciphers -v \'CIPHERSTRING\'` shows what is left.' },
    ],
    client: ['Update the client to offer modern ECDHE-AES-GCM or TLS 1.3 suites.'],
    server: ['Widen CipherString/Ciphersuites or install a certificate of the matching key type.'],
  },
  SSL_R_UNSAFE_LEGACY_RENEGOTIATION_DISABLED: {
    summary: 'The server does not support secure renegotiation (RFC 5746), which OpenSSL 3.0 clients require by default.',
    causes: [{ cause: 'An old server or appliance (IIS, NetScaler with renegotiation disabled, legacy Java) omits the renegotiation_info extension.', confirm: 'It works with OpenSSL 1.1.1 or with `openssl s_client -legacy_server_connect`.' }],
    client: ['Best: have the server upgraded.', 'Workaround: set SSL_OP_LEGACY_SERVER_CONNECT (openssl.cnf `Options = UnsafeLegacyServerConnect`; Node `secureOptions: crypto.constants.SSL_OP_LEGACY_SERVER_CONNECT`).'],
    server: ['Upgrade or configure the server to support RFC 5746 secure renegotiation.'],
    versions: ['OpenSSL 3.0 dropped SSL_OP_LEGACY_SERVER_CONNECT from the defaults; 1.1.1 clients connect without complaint.'],
  },
  SSL_R_DH_KEY_TOO_SMALL: {
    summary: 'The server\'s Diffie-Hellman group is too small for our security level (Logjam-era 512/768/1024-bit DH).',
    causes: [{ cause: 'The server uses weak DHE parameters.', confirm: '`openssl s_client -connect HOST:443 -cipher DHE` prints "Server Temp Key: DH, 1024 bits" or less.' }],
    client: ['Prefer ECDHE suites (exclude DHE with "!DHE"); lowering @SECLEVEL is a last resort.'],
    server: ['Use 2048-bit or larger DH parameters, or ECDHE only.'],
    versions: ['The reason number is 394 from 1.1.1 and 372 in 1.0.2 (where 372 means something else in 1.1.1).'],
  },
  SSL_R_EE_KEY_TOO_SMALL: {
    summary: 'A certificate\'s key is too small for the configured security level (for example RSA 1024 at SECLEVEL 2).',
    causes: [{ cause: 'Loading our own certificate (or checking the peer\'s) with an RSA key under 2048 bits; Debian and Ubuntu build with SECLEVEL 2.', confirm: '`openssl x509 -noout -text -in cert.pem | grep "Public-Key"`.' }],
    client: ['Reissue the certificate with RSA 2048+ or ECDSA P-256; @SECLEVEL=1 only as a temporary workaround.'],
    server: ['The same for the server certificate.'],
  },
  SSL_R_CA_MD_TOO_WEAK: {
    summary: 'A certificate in the configured chain is signed with a digest the security level forbids (MD5 or SHA-1).',
    causes: [{ cause: 'An old intermediate or self-signed certificate signed with SHA-1.', confirm: '`openssl x509 -noout -text` shows "Signature Algorithm: sha1WithRSAEncryption".' }],
    client: ['Use certificates signed with SHA-256 or better.'],
    server: ['Re-issue the chain with SHA-256.'],
    versions: ['OpenSSL 3.0 forbids SHA-1 signatures at security level 1 and above.'],
  },
  SSL_R_CA_KEY_TOO_SMALL: {
    summary: 'A CA certificate in the chain has a key too small for the security level.',
    causes: [{ cause: 'An old intermediate or root with a 1024-bit RSA key.', confirm: 'Inspect each chain certificate with `openssl x509 -noout -text`.' }],
    client: ['Use a chain with RSA 2048+ CA keys.'],
    server: ['Reissue the chain.'],
  },
  SSL_R_PACKET_LENGTH_TOO_LONG: {
    summary: 'A record header announced more bytes than TLS allows: the stream is not TLS or is out of step.',
    causes: [{ cause: 'A proxy or something else injected non-TLS bytes, or we are talking to a non-TLS service.', confirm: 'Capture the first bytes (`openssl s_client -msg`).' }],
    client: ['Check the port, the proxy and anything that may rewrite the stream.'],
    server: ['Make sure nothing writes plaintext into the TLS stream.'],
  },
  SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC: {
    summary: 'A received record failed its integrity check: corruption on the wire, a broken middlebox, or both sides\' keys out of step.',
    causes: [
      { cause: 'One SSL object used from several threads without a lock, or reused after a fatal error.', confirm: 'Review the threading around SSL_read/SSL_write.' },
      { cause: 'Corruption by NIC offload or a faulty middlebox.', confirm: 'It happens only on certain hosts or paths.' },
    ],
    client: ['Never share an SSL object between threads without locking; do not keep using it after SSL_ERROR_SSL/SYSCALL.'],
    server: ['The same; update the peer software and check NIC offload settings.'],
  },
  SSL_R_HTTP_REQUEST: {
    summary: 'Someone sent a plaintext HTTP request to our TLS port.',
    causes: [{ cause: 'A client used http:// against the HTTPS port.', confirm: 'The first bytes were "GET ", "POST", "HEAD" or "PUT ".' }],
    client: ['Use https://.'],
    server: ['Harmless; nginx can redirect with `error_page 497`.'],
  },
  SSL_R_HTTPS_PROXY_REQUEST: {
    summary: 'A plaintext CONNECT proxy request reached our TLS port.',
    causes: [{ cause: 'A client treats this TLS port as a plain HTTP proxy.', confirm: 'The first bytes were "CONNECT".' }],
    client: ['Fix the proxy scheme and port.'],
    server: ['Nothing to fix on the server.'],
  },
  SSL_R_UNKNOWN_PROTOCOL: {
    summary: 'OpenSSL 1.0.2\'s way of saying the peer did not answer with TLS (the later "wrong version number").',
    causes: [{ cause: 'Plain HTTP or another protocol on the port.', confirm: '`curl -v http://HOST:PORT/`.' }],
    client: ['Use the right scheme and port.'],
    server: ['Check which service listens on the port.'],
  },
  SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE: {
    summary: 'As a server requiring client certificates, the client sent none.',
    causes: [{ cause: 'The client has no certificate configured, or none matching our acceptable CA list.', confirm: '`openssl s_client -cert c.pem -key k.pem` works.' }],
    client: ['Configure a client certificate issued by a CA the server accepts.'],
    server: ['If certificates are optional, drop SSL_VERIFY_FAIL_IF_NO_PEER_CERT.'],
  },
  SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM: {
    summary: 'No signature algorithm is acceptable to both sides for our key at the current security level.',
    causes: [{ cause: 'A TLS 1.0/1.1 client needs MD5+SHA1 signatures that the security level forbids, or the key type does not match.', confirm: 'The client forces an old version; the peer then gets alert 80 (internal error).' }],
    client: ['Use TLS 1.2 or 1.3.'],
    server: ['Check the key type; lower the security level only if legacy clients must be served.'],
  },
  SSL_R_VERSION_TOO_LOW: {
    summary: 'The peer\'s protocol version is below our configured minimum.',
    causes: [{ cause: 'A legacy peer speaks only TLS 1.0/1.1.', confirm: 'The peer negotiates an old version with `openssl s_client -tls1`.' }],
    client: ['Upgrade the peer; lower MinProtocol only as a stopgap.'],
    server: ['The same.'],
  },
  SSL_R_INAPPROPRIATE_FALLBACK: {
    summary: 'A downgrade retry was detected (TLS_FALLBACK_SCSV). Usually harmless scanner or browser noise.',
    causes: [{ cause: 'A client retried with a lower version after a failed attempt, typically a scanner.', confirm: 'Only sporadic entries from scanning IPs.' }],
    client: ['Find why the first, higher-version attempt failed (often a middlebox).'],
    server: ['Ignore unless legitimate clients are affected.'],
  },
  SSL_R_SHUTDOWN_WHILE_IN_INIT: {
    summary: 'SSL_shutdown() was called before the handshake finished: an application bug, typically after a failed handshake.',
    causes: [{ cause: 'The error path calls SSL_shutdown() after SSL_ERROR_SSL or SSL_ERROR_SYSCALL.', confirm: 'Review the cleanup code after a failed SSL_connect/SSL_accept.' }],
    client: ['Do not call SSL_shutdown() after SSL_ERROR_SSL/SSL_ERROR_SYSCALL; just free the SSL object.'],
    server: ['The same.'],
  },
  SSL_R_RECORD_LAYER_FAILURE: {
    summary: 'A generic failure of the 3.2+ record layer; the entry before it on the queue usually names the real cause.',
    causes: [{ cause: 'Any lower-level error (I/O, decryption) seen by the record layer.', confirm: 'Print the whole error queue.' }],
    client: ['Log every queue entry, not just the last.'],
    server: ['The same.'],
  },
  SSL_R_SSLV3_ALERT_BAD_RECORD_MAC: {
    summary: `The peer's integrity check failed on a record we sent (alert 20 bad_record_mac). ${alertFromPeer}`,
    causes: [
      { cause: 'Our side corrupted or mis-encrypted a record: one SSL object used from several threads, or reused after a fatal error.', confirm: 'Review locking around SSL_read/SSL_write on our side.' },
      { cause: 'Corruption on the path (NIC offload, a broken middlebox).', confirm: 'It happens only over certain networks or hosts.' },
    ],
    client: ['Serialise access to each SSL object; stop using it after SSL_ERROR_SSL/SYSCALL.'],
    server: ['Check the peer software version and the network path.'],
    versions: ['From OpenSSL 3.2 the string reads "ssl/tls alert bad record mac".'],
  },
  SSL_R_RECORD_LENGTH_MISMATCH: {
    summary: 'A malformed record or ClientHello, typically an SSLv2-format hello from a scanner or an ancient client.',
    causes: [{ cause: 'Internet scanners and very old clients sending SSLv2-style hellos.', confirm: 'Sporadic entries from unknown addresses.' }],
    client: ['Use a TLS 1.2+ client.'],
    server: ['Ignore it unless a real client is affected.'],
  },
  SSL_R_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED: {
    summary: 'The peer offered only legacy signature algorithms (SHA-1, MD5) that OpenSSL 3.x refuses at the security level.',
    causes: [{ cause: 'An old client or server limited to SHA-1-based signatures.', confirm: 'The peer is old; `openssl s_client -sigalgs` shows what it accepts.' }],
    client: ['Update the peer; lowering @SECLEVEL is a last resort.'],
    server: ['The same.'],
    versions: ['This reason exists from OpenSSL 3.0.'],
  },
  SSL_R_TLSV1_ALERT_INAPPROPRIATE_FALLBACK: {
    summary: `The peer detected that we retried with a lower protocol version than we support (alert 86). ${alertFromPeer}`,
    causes: [{ cause: 'Our first attempt failed (often because of a middlebox) and the fallback retry was refused, as TLS_FALLBACK_SCSV intends.', confirm: 'Find why the first, higher-version attempt failed.' }],
    client: ['Do not fall back to older versions; fix the failure of the first attempt.'],
    server: ['Nothing to fix; this is downgrade protection working.'],
  },
  SSL_R_APPLICATION_DATA_AFTER_CLOSE_NOTIFY: {
    summary: 'The peer sent data after its own close_notify, which TLS forbids.',
    causes: [{ cause: 'A buggy peer, or a proxy multiplexing connections incorrectly.', confirm: 'Capture the connection with `openssl s_client -msg`.' }],
    client: ['Report it to the peer\'s maintainers; treat the connection as closed.'],
    server: ['The same.'],
  },
  EVP_R_INITIALIZATION_ERROR: {
    summary: 'An algorithm could not be initialised, usually because no loaded provider implements it (OpenSSL 3.x).',
    causes: [{ cause: 'A legacy algorithm (MD4, RC4, DES) requested without the legacy provider; typically followed by "unsupported".', confirm: 'The next queue entry is 0308010C digital envelope routines::unsupported.' }],
    client: ['Use a modern algorithm, or load the legacy provider (Node: `--openssl-legacy-provider`).'],
    server: ['The same.'],
  },
  X509_R_KEY_VALUES_MISMATCH: {
    summary: 'The private key does not belong to the certificate it is loaded with.',
    causes: [{ cause: 'The wrong key file, or certificate and chain files swapped.', confirm: 'Compare `openssl x509 -noout -pubkey -in cert.pem` with `openssl pkey -pubout -in key.pem`.' }],
    client: ['Load the key that matches the certificate; put the leaf first in a chain file.'],
    server: ['The same for ssl_certificate/ssl_certificate_key.'],
  },
  PEM_R_NO_START_LINE: {
    summary: 'The file is not PEM of the expected type: no "-----BEGIN …-----" line was found.',
    causes: [
      { cause: 'The file is DER or PKCS#12 rather than PEM.', confirm: '`head -c 64 FILE` shows binary data instead of "-----BEGIN".' },
      { cause: 'Wrong path (an empty file or directory), or a BEGIN line of another type (a key where a certificate is expected).', confirm: 'Check the path and the BEGIN line.' },
    ],
    client: ['Convert with `openssl x509 -inform der -in cert.der -out cert.pem` and check the path.'],
    server: ['The same for the server\'s certificate and key files.'],
  },
  EVP_R_BAD_DECRYPT: {
    summary: 'Decryption failed: usually the wrong passphrase for an encrypted key or PKCS#12 file.',
    causes: [{ cause: 'Wrong passphrase, or the wrong key for the ciphertext.', confirm: '`openssl pkey -in key.pem` prompts and fails with the same error.' }],
    client: ['Provide the right passphrase.'],
    server: ['The same; for nginx use ssl_password_file.'],
  },
  PKCS12_R_MAC_VERIFY_FAILURE: {
    summary: 'The PKCS#12 integrity check failed: a wrong password, or a file made with legacy algorithms that OpenSSL 3 no longer loads by default.',
    causes: [
      { cause: 'Wrong password.', confirm: '`openssl pkcs12 -info -in file.p12` fails the same way.' },
      { cause: 'The file uses RC2/3DES with SHA-1 and needs the legacy provider on 3.x.', confirm: '`openssl pkcs12 -legacy -info -in file.p12` works.' },
    ],
    client: ['Use the right password, or re-export with AES (`openssl pkcs12 -export … -keypbe AES-256-CBC`), or load the legacy provider.'],
    server: ['The same.'],
  },
  ERR_R_UNSUPPORTED: {
    summary: 'The algorithm or operation is not available from the loaded providers (OpenSSL 3.x).',
    causes: [
      { cause: 'A legacy algorithm (MD4, RC2, DES, Blowfish) that moved to the legacy provider; the classic case is webpack 4\'s MD4 hashes under Node 17+ (ERR_OSSL_EVP_UNSUPPORTED).', confirm: 'The queue often starts with "initialization error"; the tool works with an older Node or with `--openssl-legacy-provider`.' },
      { cause: 'A key or certificate format the decoders cannot read.', confirm: 'The library is DECODER routines (1E08010C).' },
    ],
    client: ['Upgrade the tool to use modern algorithms; as a stopgap load the legacy provider (Node: `--openssl-legacy-provider`).'],
    server: ['The same.'],
  },

  X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    summary: 'The issuer of a certificate in the chain is not in the local trust store.',
    causes: certificateChain,
    client: ['Add the missing CA to the trust store (curl --cacert, NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, update-ca-certificates).', 'Behind an intercepting proxy, install its root CA rather than disabling verification.'],
    server: ['Serve the full chain: the leaf followed by every intermediate.'],
  },
  X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT: {
    summary: 'The issuer certificate of a certificate in the chain could not be found.',
    causes: certificateChain,
    client: ['Add the CA to the trust store.'],
    server: ['Serve the intermediates.'],
  },
  X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    summary: 'The first (leaf) certificate could not be verified: its issuer is neither sent by the server nor trusted locally.',
    causes: certificateChain,
    client: ['Add the intermediate/root to the trust store if the server cannot be fixed.'],
    server: ['Serve the intermediate certificate(s) together with the leaf.'],
    versions: ['Node reports UNABLE_TO_VERIFY_LEAF_SIGNATURE where curl and Python report 20 for the same missing intermediate.'],
  },
  X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: {
    summary: 'The server\'s certificate is self-signed and not trusted by this client.',
    causes: [{ cause: 'A development or appliance certificate.', confirm: 'Issuer and subject are identical (`openssl x509 -noout -issuer -subject`).' }],
    client: ['Trust that specific certificate (add it as a CA) rather than disabling verification.'],
    server: ['Use a certificate from a CA the clients trust.'],
  },
  X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: {
    summary: 'The chain ends in a self-signed root that is not in the trust store, typical of TLS-intercepting proxies.',
    causes: [
      { cause: 'A corporate proxy or antivirus re-signs HTTPS traffic with its own root.', confirm: 'The root\'s subject names your company or a security product.' },
      { cause: 'A private CA that this client does not trust.', confirm: 'The root is your organisation\'s internal CA.' },
    ],
    client: ['Install the proxy\'s or private CA\'s root (NODE_EXTRA_CA_CERTS, npm `cafile`, pip `--cert`).'],
    server: ['Do not send the root certificate; use a publicly trusted CA for public services.'],
  },
  X509_V_ERR_CERT_HAS_EXPIRED: {
    summary: 'A certificate in the chain has expired (or this machine\'s clock is ahead).',
    causes: [
      { cause: 'The server certificate was not renewed.', confirm: '`openssl s_client -connect HOST:443 | openssl x509 -noout -enddate`.' },
      { cause: 'An expired intermediate or root at depth > 0 (the 2021 Let\'s Encrypt DST Root CA X3 expiry).', confirm: 'The error depth is greater than 0.' },
      { cause: 'The client\'s clock is wrong.', confirm: 'Run `date` on the client.' },
    ],
    client: ['Fix the clock (NTP); update the CA store.'],
    server: ['Renew the certificate and reload the service; serve an up-to-date chain.'],
  },
  X509_V_ERR_CERT_NOT_YET_VALID: {
    summary: 'A certificate is not valid yet: usually this machine\'s clock is behind.',
    causes: [
      { cause: 'The client\'s clock is wrong (embedded devices without RTC, VMs after resume).', confirm: 'Run `date`.' },
      { cause: 'A freshly issued certificate used before its notBefore time.', confirm: '`openssl x509 -noout -startdate`.' },
    ],
    client: ['Fix the clock (NTP).'],
    server: ['Wait for notBefore, or reissue with a correct start date.'],
  },
  X509_V_ERR_HOSTNAME_MISMATCH: {
    summary: 'The certificate is not valid for the host name we connected to.',
    causes: [{ cause: 'Connecting by another name or IP, or a missing SAN entry.', confirm: '`openssl x509 -noout -ext subjectAltName` lists the names.' }],
    client: ['Connect using a name on the certificate.'],
    server: ['Issue a certificate whose SAN includes every name clients use.'],
  },
  X509_V_ERR_IP_ADDRESS_MISMATCH: {
    summary: 'The certificate is not valid for the IP address we connected to.',
    causes: [{ cause: 'Connecting by IP to a server whose certificate lists only DNS names.', confirm: '`openssl x509 -noout -ext subjectAltName` shows no IP Address entry.' }],
    client: ['Connect by the DNS name on the certificate.'],
    server: ['Add an IP Address SAN if clients must connect by IP.'],
  },
  X509_V_ERR_CERT_REVOKED: {
    summary: 'The certificate was revoked by its CA.',
    causes: [{ cause: 'The key was compromised or the certificate replaced.', confirm: 'Check the CRL/OCSP status.' }],
    client: ['Nothing to do locally; the server must change its certificate.'],
    server: ['Install a new certificate.'],
  },
  X509_V_ERR_INVALID_CA: {
    summary: 'A certificate used as a CA in the chain is not a valid CA (no basicConstraints CA:TRUE or wrong key usage).',
    causes: [{ cause: 'A leaf certificate used as an intermediate, or a badly profiled private CA.', confirm: '`openssl x509 -noout -text` shows the Basic Constraints.' }],
    client: ['Nothing locally; the chain must be fixed.'],
    server: ['Reissue the CA with CA:TRUE and keyCertSign.'],
    versions: ['This is verify code 24 up to 1.1.1 and 79 from 3.0, where 24 means "issuer certificate doesn\'t have a public key".'],
  },
  X509_V_ERR_INVALID_PURPOSE: {
    summary: 'The certificate is not meant for this use (e.g. a client-only certificate presented by a server).',
    causes: [{ cause: 'The extended key usage lacks serverAuth or clientAuth as needed.', confirm: '`openssl x509 -noout -ext extendedKeyUsage`.' }],
    client: ['Use a certificate with clientAuth for mTLS.'],
    server: ['Use a certificate with serverAuth.'],
  },
  X509_V_ERR_EE_KEY_TOO_SMALL: {
    summary: 'The leaf certificate\'s key is too weak for the security level (e.g. RSA < 2048 at SECLEVEL 2).',
    causes: [{ cause: 'A legacy 1024-bit certificate.', confirm: '`openssl x509 -noout -text | grep Public-Key`.' }],
    client: ['Temporary: @SECLEVEL=1 in the cipher string.'],
    server: ['Reissue with RSA 2048+ or ECDSA.'],
  },
  X509_V_ERR_CA_KEY_TOO_SMALL: {
    summary: 'A CA key in the chain is too weak for the security level.',
    causes: [{ cause: 'An old CA with a 1024-bit key.', confirm: 'Inspect each chain certificate.' }],
    client: ['Temporary: @SECLEVEL=1.'],
    server: ['Move to a modern chain.'],
  },
  X509_V_ERR_CA_MD_TOO_WEAK: {
    summary: 'A certificate in the chain is signed with a digest the security level forbids (MD5, SHA-1).',
    causes: [{ cause: 'A SHA-1-signed intermediate or certificate.', confirm: '`openssl x509 -noout -text` shows sha1WithRSAEncryption.' }],
    client: ['Temporary: @SECLEVEL=0 or 1; better, get the server fixed.'],
    server: ['Re-sign with SHA-256.'],
    versions: ['OpenSSL 3.0 refuses SHA-1 signatures from security level 1.'],
  },

  ECONNRESET: {
    summary: 'The peer (or something on the path) reset the TCP connection.',
    causes: [
      { cause: 'A firewall, proxy, DPI box or VPN dropped the connection, often on SNI or destination.', confirm: 'It works from another network, or fails only for certain host names.' },
      { cause: 'The server rejected the handshake by resetting instead of sending an alert (version- or cipher-intolerant servers).', confirm: '`openssl s_client -tls1_2` or another cipher set behaves differently.' },
      { cause: 'A load balancer\'s idle timeout closed a pooled connection that we then reused.', confirm: 'It happens on the first request after an idle period.' },
      { cause: 'The server process crashed or restarted.', confirm: 'The server log shows a restart at that time.' },
    ],
    client: ['Retry idempotent requests once; shorten client keep-alive below the server/LB idle timeout.', 'Test without the proxy/VPN; check HTTPS_PROXY settings.'],
    server: ['Check the firewall, the load balancer timeouts and the server log.'],
    versions: ['104 on Linux, 54 on macOS/BSD, 10054 (WSAECONNRESET) on Windows; curl 7.68+ prints "Connection reset by peer" or, on Windows, "Connection was reset".'],
  },
  EPIPE: {
    summary: 'We wrote to a connection the peer had already closed.',
    causes: [{ cause: 'The peer closed (timeout, rejection) while we were still sending.', confirm: 'The write follows a long pause or a rejected request.' }],
    client: ['Ignore SIGPIPE (or use MSG_NOSIGNAL) so the process survives, then reconnect.'],
    server: ['Check why the peer closes: timeouts, limits.'],
  },
  ETIMEDOUT: {
    summary: 'TCP gave up: retransmissions or keepalives went unanswered.',
    causes: [{ cause: 'A firewall silently dropping packets, a dead host, or a broken path.', confirm: '`nc -vz HOST PORT` hangs.' }],
    client: ['Check reachability and firewalls; note that a socket read timeout (SO_RCVTIMEO) shows up as SSL_ERROR_WANT_READ, not this.'],
    server: ['Check the firewall and that the service is up.'],
  },
  ECONNREFUSED: {
    summary: 'Nothing is listening on that address and port (the host answered with a reset to our SYN).',
    causes: [{ cause: 'The service is down, listens on another port or interface, or a firewall rejects.', confirm: '`ss -ltnp` on the server; `nc -vz HOST PORT`.' }],
    client: ['Check host and port.'],
    server: ['Start the service or fix its listen address.'],
  },
  ECONNABORTED: {
    summary: 'The local network stack aborted the connection.',
    causes: [{ cause: 'On Windows often antivirus/firewall software or a timeout; elsewhere an aborted accept.', confirm: 'Disable the security product temporarily.' }],
    client: ['Check local security software and retry.'],
    server: ['Usually harmless on accept().'],
  },
  EHOSTUNREACH: {
    summary: 'No route to the host.',
    causes: [{ cause: 'Routing or firewall problem, host down.', confirm: '`ping`/`traceroute HOST`.' }],
    client: ['Check the network path and VPN.'],
    server: ['Check that the host is up and reachable.'],
  },
  ENETUNREACH: {
    summary: 'The network is unreachable from this machine.',
    causes: [{ cause: 'No route (e.g. IPv6 address without IPv6 connectivity).', confirm: '`ip route get ADDRESS`.' }],
    client: ['Fix routing or force IPv4.'],
    server: [],
  },
  ENOENT: {
    summary: 'A file was not found, typically a certificate, key or CA file. In OpenSSL this leaves a system-library entry on the error queue.',
    causes: [{ cause: 'A wrong path for a certificate, key or CA file.', confirm: 'The queue entry mentions fopen or the path.' }],
    client: ['Fix the path, and call ERR_clear_error() after a handled load failure so it does not turn later results into SSL_ERROR_SYSCALL.'],
    server: ['Fix the path in the configuration.'],
  },
  EMFILE: {
    summary: 'The process ran out of file descriptors.',
    causes: [{ cause: 'A descriptor leak or a low ulimit.', confirm: '`ls /proc/PID/fd | wc -l` against `ulimit -n`.' }],
    client: ['Close connections properly; raise the limit.'],
    server: ['Raise the limit (worker_rlimit_nofile in nginx) and look for leaks.'],
  },
  EPROTO: {
    summary: 'Protocol error. In Node.js, `write EPROTO` (code EPROTO, errno -71) is the wrapper around an OpenSSL error from the TLS layer; the error: entry in the same message is the real cause.',
    causes: [
      { cause: 'Node reporting a TLS failure on a socket write (older versions and the write path).', confirm: 'The message continues with "…:error:0A000…:SSL routines:…" — explain that part.' },
      { cause: 'A genuine EPROTO from the kernel, which OpenSSL\'s socket BIO treats as "retry", not as a fatal error.', confirm: 'No OpenSSL entry accompanies it.' },
    ],
    client: ['Fix the OpenSSL reason carried in the same message (often a protocol version or legacy renegotiation problem).'],
    server: ['Check what the server sent: an alert, or non-TLS data.'],
  },
  EAGAIN: {
    summary: 'The operation would block; OpenSSL turns it into SSL_ERROR_WANT_READ/WANT_WRITE, never into SYSCALL.',
    causes: [{ cause: 'A non-blocking socket, or SO_RCVTIMEO expiring.', confirm: 'The socket flags.' }],
    client: ['Retry the same SSL_* call when the socket is ready.'],
    server: ['The same.'],
  },
};

/** Node's err.code for certificate errors is the X509_V_ERR_ macro without its prefix; a few names differ. */
export const curatedAliases: Readonly<Record<string, string>> = {
  WSAECONNRESET: 'ECONNRESET',
  WSAECONNREFUSED: 'ECONNREFUSED',
  WSAETIMEDOUT: 'ETIMEDOUT',
  WSAECONNABORTED: 'ECONNABORTED',
  WSAEHOSTUNREACH: 'EHOSTUNREACH',
  WSAENETUNREACH: 'ENETUNREACH',
  WSAEWOULDBLOCK: 'EAGAIN',
  EWOULDBLOCK: 'EAGAIN',
  PEM_R_BAD_DECRYPT: 'EVP_R_BAD_DECRYPT',
  PROV_R_BAD_DECRYPT: 'EVP_R_BAD_DECRYPT',
};
