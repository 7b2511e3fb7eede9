import type { SyntaxNode as Node } from '../syntaxTree';
import type { FileContext } from '../fileContext';
import type { FunctionModel } from '../functionModel';
import { clientIdentitiesIn, insertHostCall, type ClientIdentity } from '../hostIdentity';
import type { Rule } from '../rule';
import { calleeName, stripExpr } from '../syntax';
import { isLocalName, observation, TlsSetup } from '../tlsSetup';

const ipv4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const ipv6 = /^\[?[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*\]?$/;

/** The IP literal a string literal (or a local initialised with one) holds, if it is one. */
function ipLiteral(file: FileContext, arg: Node, model: FunctionModel): string | undefined {
  for (const origin of file.originsOf(model, arg)) {
    const node = origin.kind === 'other' ? origin.node : undefined;
    const literal = node ? stripExpr(node) : undefined;
    if (literal?.type !== 'string_literal') continue;
    const value = literal.text.slice(1, -1);
    if (ipv4.test(value) || ipv6.test(value)) return value;
  }
  return undefined;
}

/** Whether a C++ constructor's initializer list (`ssl_(SSL_new(ctx))`, outside any function body) sets the field: by text. */
const initializedBySslNew = observation('initializedBySslNew', (setup, field) => (new RegExp(`\\b${field}\\s*[({]\\s*SSL_new\\s*\\(`).test(setup.file.text) ? '1' : '0'));

/**
 * Whether the SSL a client identity is about is created in this file (SSL_new, a BIO_new_ssl_connect chain, or a
 * function of the file that returns one), or is a parameter (its callers are judged). An SSL made elsewhere
 * (postfix's tlsproxy gets it from tls_client_start in tls_client.c) was configured there, SNI included.
 */
function createdHere(setup: TlsSetup, identity: ClientIdentity): boolean {
  const file = setup.file;
  const { model, ssl, call } = identity.handshake;
  const key = identity.sslKey;
  // BIO_do_connect/BIO_do_handshake run on a BIO_new_ssl_connect chain made in the same function.
  if (calleeName(call)?.startsWith('BIO_') || model.paramNames.some((p) => p.text === key)) return true;
  if (file.originsOf(model, ssl).some((o) => o.kind === 'call' && (o.name === 'SSL_new' || setup.definitionsNamed(o.name).length > 0))) return true;
  if (isLocalName(model, key)) return false;
  if (setup.assignedTo(key).some((c) => c.name === 'SSL_new')) return true;
  const field = key.split(/->|\./).at(-1) ?? key;
  return /^\w+$/.test(field) && initializedBySslNew(setup, field) === '1';
}

export const tlsSniMissingOrInvalid: Rule = {
  meta: {
    id: 'C8',
    name: 'tls-sni-missing-or-invalid',
    severity: 'info',
    summary: 'A client sends no SNI, or sends an IP address as SNI',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'A client connection reaches the handshake without SSL_set_tlsext_host_name (a warning when its host name is not verified either, C6), or SSL_set_tlsext_host_name is given an IPv4/IPv6 literal. Missing SNI is reported for connections the file creates (SSL_new, a BIO_new_ssl_connect chain) or receives as a parameter, not for an SSL made and configured in another file.',
      why: 'Servers that host several names pick the certificate from the SNI extension; without it they send a default certificate, and the handshake or the name check fails (probe diagnosis sni-required). RFC 6066 forbids IP literals in SNI; some servers reject the handshake.',
      bad: 'SSL_set_tlsext_host_name(ssl, "192.0.2.7");',
      good: 'if (!is_ip_literal(host))\n    SSL_set_tlsext_host_name(ssl, host);\nif (SSL_set1_host(ssl, host) != 1)   /* 3.x accepts IP addresses here */\n    goto err;',
      fix: 'Inserts SSL_set_tlsext_host_name(ssl, host) before the handshake with the host expression found in the code (checked with the function\'s error path when there is one).',
      references: ['SSL_CTX_set_tlsext_servername_callback(3)', 'RFC 6066 section 3', 'ossl-guide-tls-client-block(7)'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    for (const c of setup.analysedCalls('SSL_set_tlsext_host_name')) {
      const arg = c.args[1];
      const ip = arg ? ipLiteral(file, arg, c.model) : undefined;
      if (!arg || !ip) continue;
      report({
        start: arg.startIndex, end: arg.endIndex, severity: 'warning',
        message: `"${ip}" is an IP address: RFC 6066 allows only host names in SNI. Skip SSL_set_tlsext_host_name() for IP literals and verify the address with SSL_set1_host() (3.x) or SSL_set1_ipaddr().`,
      });
    }
    for (const identity of file.analysedSetupFunctions().flatMap((model) => clientIdentitiesIn(file, model))) {
      if (identity.sniSet || identity.privateCa || !createdHere(setup, identity)) continue;
      const { handshake } = identity;
      const hostUnchecked = identity.chainVerified && !identity.hostBound;
      const edit = insertHostCall(file, identity, (ssl, host) => `SSL_set_tlsext_host_name(${ssl}, ${host})`, false);
      report({
        start: handshake.call.startIndex, end: handshake.call.endIndex, severity: hostUnchecked ? 'warning' : 'info',
        message: 'This client sends no server name (SNI): servers hosting several names will present a default certificate. Call SSL_set_tlsext_host_name() before the handshake.',
        fixes: edit ? [{ title: 'Send the server name: SSL_set_tlsext_host_name() before the handshake', edits: [edit], safe: true }] : [],
      });
    }
  },
};
