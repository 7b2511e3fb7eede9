import { clientIdentitiesIn, hostCheckCall, insertHostCall } from '../hostIdentity';
import type { Rule } from '../rule';
import { calleeName } from '../syntax';

export const tlsHostnameNotVerified: Rule = {
  meta: {
    id: 'C6',
    name: 'tls-hostname-not-verified',
    severity: 'error',
    summary: 'A client verifies the certificate chain but not that it names the server',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'A client connection whose chain is verified (SSL_VERIFY_PEER, or a check of SSL_get_verify_result) reaches the handshake without SSL_set1_host/SSL_add1_host/SSL_set1_dnsname/SSL_set1_ipaddr, X509_VERIFY_PARAM_set1_host or _set1_ip on its verify parameters, DANE (SSL_dane_enable), or a checked X509_check_host/X509_check_ip_asc after the handshake.',
      why: 'Chain verification only proves that some trusted CA issued the certificate, to anyone: without a name check, every certificate from a public CA (including one an attacker obtained for their own domain) is accepted for every server.',
      bad: 'SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);\nssl = SSL_new(ctx);\nSSL_set_fd(ssl, fd);\nSSL_connect(ssl);',
      good: 'SSL_set_tlsext_host_name(ssl, host);\nif (SSL_set1_host(ssl, host) != 1)\n    goto err;\nif (SSL_connect(ssl) != 1)\n    goto err;',
      fix: 'Inserts `if (SSL_set1_host(ssl, host) != 1) <the function\'s error path>` before the handshake, with the host expression found in the code (the SNI call, getaddrinfo, BIO_lookup, or a parameter named like a host). For code built for OpenSSL 4 it uses SSL_set1_dnsname, before 1.1.0 X509_VERIFY_PARAM_set1_host. A client whose peers carry no host names (a private CA) sets openssl-doctor.lint.privateCa or writes `// openssl-doctor: private-ca <reason>`.',
      references: ['SSL_set1_host(3)', 'X509_VERIFY_PARAM_set1_host(3)', 'ossl-guide-tls-client-block(7)'],
    },
  },
  check(file, report) {
    for (const identity of file.analysedSetupFunctions().flatMap((model) => clientIdentitiesIn(file, model))) {
      if (!identity.chainVerified || identity.hostBound || identity.privateCa) continue;
      const { handshake } = identity;
      const call = hostCheckCall(file, handshake.call);
      const edit = insertHostCall(file, identity, call, true);
      report({
        start: handshake.call.startIndex, end: handshake.call.endIndex,
        message: `The certificate chain of this connection is verified, but not the server's name: any certificate from a trusted CA passes ${calleeName(handshake.call) ?? 'the handshake'}(). Call ${call(handshake.ssl.text, 'host').split('(')[0] ?? 'SSL_set1_host'}() before the handshake.`,
        fixes: edit ? [{ title: `Check the server's name: ${call(handshake.ssl.text, 'host').split('(')[0] ?? ''}() before the handshake`, edits: [edit], safe: false }] : [],
      });
    }
  },
};
