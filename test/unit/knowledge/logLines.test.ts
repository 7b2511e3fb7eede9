import * as assert from 'node:assert/strict';
import { explainText } from '../../../src/core/knowledge/explainText';
import { findingsInLine } from '../../../src/core/knowledge/lineFindings';

/** [format, line, the names expected in order, extra checks on the first OpenSSL item's details]. */
const fixtures: [string, string, string[], Record<string, unknown>?][] = [
  ['3.x ERR_error_string_n', 'error:0A000126:SSL routines::unexpected eof while reading', ['SSL_R_UNEXPECTED_EOF_WHILE_READING'], { layout: '3.x', code: '0A000126' }],
  ['3.x ERR_print_errors', '40E7A82D327F0000:error:0A000126:SSL routines:ssl3_read_n:unexpected eof while reading:../ssl/record/rec_layer_s3.c:318:', ['SSL_R_UNEXPECTED_EOF_WHILE_READING'], { layout: '3.x', file: '../ssl/record/rec_layer_s3.c', line: 318 }],
  ['1.1.1 ERR_print_errors with alert data', '140057533048640:error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:ssl/record/rec_layer_s3.c:1562:SSL alert number 40', ['SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE'], { layout: '1.x', function: 'ssl3_read_bytes', alert: 40 }],
  ['1.x ERR_error_string', 'error:1408F10B:SSL routines:ssl3_get_record:wrong version number', ['SSL_R_WRONG_VERSION_NUMBER'], { layout: '1.x' }],
  ['1.0.2 upper-case function', 'error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol', ['SSL_R_UNKNOWN_PROTOCOL'], { layout: '1.x' }],
  ['strings not loaded', 'error:14077410:lib(20):func(119):reason(1040)', ['SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE'], { layout: '1.x', alert: 40 }],
  ['1.0.2 reason number reused in 1.1.1', 'error:14082174:SSL routines:SSL3_CHECK_CERT_AND_ALGORITHM:dh key too small', ['SSL_R_DH_KEY_TOO_SMALL'], { layout: '1.x', versions: ['1.0.2'] }],
  ['1.1.1 function code 0', 'error:14000041:SSL routines:SSL routines:malloc failure', ['ERR_R_MALLOC_FAILURE'], { layout: '1.x' }],
  ['3.x system error', '40B7F1E5D07F0000:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()', ['ECONNREFUSED'], { errno: 111 }],
  ['3.2+ alert string', 'error:0A000410:SSL routines::ssl/tls alert handshake failure', ['SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE'], { printedBy: '3.2 or later' }],
  ['curl ≤7.67 / errno 0 form', 'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to github.com:443', ['curl 35 (CURLE_SSL_CONNECT_ERROR)', 'SSL_ERROR_SYSCALL']],
  ['curl SYSCALL errno', 'curl: (56) OpenSSL SSL_read: SSL_ERROR_SYSCALL, errno 104', ['curl 56 (CURLE_RECV_ERROR)', 'SSL_ERROR_SYSCALL', 'ECONNRESET']],
  ['curl 7.68+ errno text', 'curl: (56) OpenSSL SSL_read: Connection reset by peer, errno 104', ['curl 56 (CURLE_RECV_ERROR)', 'ECONNRESET']],
  ['curl on Windows', 'curl: (56) OpenSSL SSL_read: Connection was reset, errno 10054', ['curl 56 (CURLE_RECV_ERROR)', 'ECONNRESET']],
  ['curl with LibreSSL (macOS errno)', 'curl: (56) LibreSSL SSL_read: SSL_ERROR_SYSCALL, errno 54', ['curl 56 (CURLE_RECV_ERROR)', 'SSL_ERROR_SYSCALL', 'ECONNRESET']],
  ['curl 7.87+ OpenSSL/ver prefix', 'curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number', ['curl 35 (CURLE_SSL_CONNECT_ERROR)', 'SSL_R_WRONG_VERSION_NUMBER']],
  ['curl 8.11+ TLS connect error', 'curl: (35) TLS connect error: error:0A000410:SSL routines::ssl/tls alert handshake failure', ['curl 35 (CURLE_SSL_CONNECT_ERROR)', 'SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE']],
  ['curl verify', 'curl: (60) SSL certificate problem: unable to get local issuer certificate', ['curl 60 (CURLE_PEER_FAILED_VERIFICATION)', 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY']],
  ['curl host name', "curl: (60) SSL: certificate subject name 'localhost' does not match target host name '127.0.0.1'", ['curl 60 (CURLE_PEER_FAILED_VERIFICATION)', 'X509_V_ERR_HOSTNAME_MISMATCH']],
  ['git RPC failed', 'error: RPC failed; curl 56 OpenSSL SSL_read: SSL_ERROR_SYSCALL, errno 10054', ['curl 56 (CURLE_RECV_ERROR)', 'SSL_ERROR_SYSCALL', 'ECONNRESET']],
  ['git unable to access', "fatal: unable to access 'https://127.0.0.1:8443/repo.git/': OpenSSL SSL_read: SSL_ERROR_SYSCALL, errno 0", ['git: unable to access', 'SSL_ERROR_SYSCALL', 'errno 0']],
  ['git with GnuTLS', "fatal: unable to access 'https://h/r.git/': gnutls_handshake() failed: The TLS connection was non-properly terminated.", ['git: unable to access', 'GnuTLS']],
  ['GnuTLS recv error', 'GnuTLS recv error (-110): The TLS connection was non-properly terminated.', ['GnuTLS -110']],
  ['wget with GnuTLS', 'GnuTLS: Error in the pull function.', ['GnuTLS']],
  ['wget with OpenSSL', 'OpenSSL: error:0A000126:SSL routines::unexpected eof while reading', ['SSL_R_UNEXPECTED_EOF_WHILE_READING']],
  ['Python verify', 'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)', ['Python ssl.SSLCertVerificationError', 'SSL_R_CERTIFICATE_VERIFY_FAILED', 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY']],
  ['Python EOF 3.x', 'ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)', ['Python ssl.SSLEOFError', 'SSL_R_UNEXPECTED_EOF_WHILE_READING']],
  ['Python EOF without bracket', "SSLError(SSLEOFError(8, 'EOF occurred in violation of protocol (_ssl.c:1125)'))", ['Python ssl.SSLEOFError', 'Python: EOF occurred in violation of protocol']],
  ['Python errno', 'ConnectionResetError: [Errno 104] Connection reset by peer', ['ECONNRESET']],
  ['Python WinError', 'ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host', ['ECONNRESET']],
  ['Python IP mismatch', "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is not valid for '127.0.0.1'. (_ssl.c:1006)", ['SSL_R_CERTIFICATE_VERIFY_FAILED', 'X509_V_ERR_IP_ADDRESS_MISMATCH']],
  ['Node EPROTO', 'Error: write EPROTO C0BAF076:error:0A000152:SSL routines:final_renegotiate:unsafe legacy renegotiation disabled:../deps/openssl/openssl/ssl/statem/extensions.c:922:', ['EPROTO', 'SSL_R_UNSAFE_LEGACY_RENEGOTIATION_DISABLED']],
  ['Node ERR_SSL code', "  code: 'ERR_SSL_WRONG_VERSION_NUMBER'", ['ERR_SSL_WRONG_VERSION_NUMBER']],
  ['Node X509 code', "Error: unable to verify the first certificate  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'", ['X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']],
  ['npm', 'npm ERR! code SELF_SIGNED_CERT_IN_CHAIN', ['SELF_SIGNED_CERT_IN_CHAIN']],
  ['Node handshake disconnect', 'Error: Client network socket disconnected before secure TLS connection was established', ['Node: socket disconnected before secure TLS connection']],
  ['Node ERR_OSSL', "opensslErrorStack: [ 'error:03000086:digital envelope routines::initialization error' ], code: 'ERR_OSSL_EVP_UNSUPPORTED'", ['EVP_R_INITIALIZATION_ERROR', 'ERR_OSSL_EVP_UNSUPPORTED']],
  ['nginx upstream', '2023/01/01 [crit] 1#1: *5 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream', ['nginx: SSL_do_handshake() failed', 'SSL_R_WRONG_VERSION_NUMBER']],
  ['nginx several entries', 'SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed error:0A000410:SSL routines::ssl/tls alert handshake failure)', ['nginx: SSL_do_handshake() failed', 'SSL_R_CERTIFICATE_VERIFY_FAILED', 'SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE']],
  ['nginx peer closed', '2023/01/01 [info] 1#1: *5 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking, client: 1.2.3.4', ['nginx: peer closed connection in SSL handshake', 'ECONNRESET']],
  ['nginx stale error', '2023/01/01 [alert] 1#1: ignoring stale global SSL error (SSL: error:80000002:system library::No such file or directory)', ['nginx: ignoring stale global SSL error', 'ENOENT'], { errno: 2 }],
  ['nginx errno', 'SSL_write() failed (32: Broken pipe)', ['nginx: SSL_write() failed', 'EPIPE']],
  ['Apache AH02008', 'AH02008: SSL library error 1 in handshake (server example.com:443)', ['Apache AH02008', 'SSL_ERROR_SSL']],
  ['Apache library error', 'SSL Library Error: error:0A00018E:SSL routines::ca md too weak', ['SSL_R_CA_MD_TOO_WEAK']],
  ['Apache APR EOF', '(70014)End of file found: [client 1.2.3.4:5] AH01991: SSL input filter read failed.', ['APR_EOF (70014)']],
  ['PHP', 'PHP Warning:  file_get_contents(): SSL operation failed with code 1. OpenSSL Error messages:', ['PHP: SSL operation failed', 'SSL_ERROR_SSL']],
  ['Ruby', 'SSL_connect returned=1 errno=0 peeraddr=1.2.3.4:443 state=error: unsafe legacy renegotiation disabled', ['Ruby OpenSSL::SSL::SSLError', 'SSL_ERROR_SSL', 'SSL_R_UNSAFE_LEGACY_RENEGOTIATION_DISABLED']],
  ['Ruby verify', 'SSL_connect returned=1 errno=0 state=error: certificate verify failed (unable to get local issuer certificate)', ['Ruby OpenSSL::SSL::SSLError', 'SSL_ERROR_SSL', 'SSL_R_CERTIFICATE_VERIFY_FAILED', 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY']],
  ['s_client write errno', 'write:errno=104', ['s_client write:errno', 'ECONNRESET']],
  ['s_client read errno 0', 'read:errno=0', ['s_client read:errno', 'errno 0']],
  ['s_client verify error', 'verify error:num=20:unable to get local issuer certificate', ['X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY']],
  ['s_client verify return', 'Verify return code: 21 (unable to verify the first certificate)', ['X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE']],
  ['openssl verify', 'error 18 at 0 depth lookup: self-signed certificate', ['X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT']],
  ['reused number, 1.x text', 'verify error:num=24:invalid CA certificate', ['X509_V_ERR_INVALID_CA']],
  ['reused number, 3.x text', "verify error:num=24:issuer certificate doesn't have a public key", ['X509_V_ERR_NO_ISSUER_PUBLIC_KEY']],
  ['s_client alert', 'SSL alert number 48', ['SSL_AD_UNKNOWN_CA']],
  ['Java', 'javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure', ['Java (JSSE) TLS error', 'SSL_AD_HANDSHAKE_FAILURE']],
  ['Go', 'Get "https://x": x509: certificate signed by unknown authority', ['Go (crypto/tls) TLS error']],
  ['Go alert in its own words', 'Get "https://x": remote error: tls: protocol version not supported', ['Go (crypto/tls) TLS error', 'SSL_AD_PROTOCOL_VERSION']],
  ['.NET', 'System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure.', ['.NET (SslStream) TLS error']],
  ['schannel', 'curl: (35) schannel: next InitializeSecurityContext failed: SEC_E_ILLEGAL_MESSAGE', ['curl 35 (CURLE_SSL_CONNECT_ERROR)', 'Windows SChannel TLS error']],
];

suite('log lines', () => {
  for (const [format, line, names, details] of fixtures) {
    test(format, () => {
      const items = explainText(line).items;
      assert.deepEqual(items.map((i) => i.name), names, line);
      if (details) {
        const first = items.find((i) => i.kind === 'openssl-error');
        for (const [key, value] of Object.entries(details)) assert.deepEqual(first?.details[key], value, `${key} of ${line}`);
      }
    });
  }

  test('GnuTLS, Java, Go and .NET messages are recognised but not decoded as OpenSSL', () => {
    for (const line of ['GnuTLS: Error in the pull function.', 'javax.net.ssl.SSLHandshakeException: PKIX path building failed', 'remote error: tls: bad certificate']) {
      const items = explainText(line).items;
      assert.ok(items.length > 0, line);
      assert.ok(items.every((i) => i.kind === 'tool-message' || i.kind === 'tls-alert'), line);
      assert.match(items[0]?.summary ?? '', /does not come from OpenSSL/);
    }
  });

  test('errno 0 outside a SYSCALL context is not reported as an EOF', () => {
    assert.ok(!explainText('SSL_connect returned=1 errno=0 state=error: wrong version number').items.some((i) => i.name === 'errno 0'));
  });

  test('a whole log is explained in order, with repeats counted', () => {
    const log = [
      'error:0A000126:SSL routines::unexpected eof while reading',
      'curl: (56) OpenSSL SSL_read: SSL_ERROR_SYSCALL, errno 104',
      'error:0A000126:SSL routines::unexpected eof while reading',
      'nothing here',
    ].join('\n');
    const result = explainText(log);
    assert.deepEqual(result.items.map((i) => i.name), ['SSL_R_UNEXPECTED_EOF_WHILE_READING', 'curl 56 (CURLE_RECV_ERROR)', 'SSL_ERROR_SYSCALL', 'ECONNRESET']);
    assert.deepEqual(result.occurrences, [2, 1, 1, 1]);
    assert.equal(log.slice(result.items[1]?.start, result.items[1]?.end).startsWith('curl: (56)'), true);
  });

  test('findings carry the span of the recognised text within the line', () => {
    const line = 'x: SSL_read: SSL_ERROR_SYSCALL, errno 104';
    const spans = findingsInLine(line).map((f) => line.slice(f.start, f.end));
    assert.deepEqual(spans, ['SSL_ERROR_SYSCALL', 'errno 104']);
  });
});
