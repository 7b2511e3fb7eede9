/**
 * Node.js's own TLS error codes (lib/internal/errors.js), in our words. Codes Node derives from OpenSSL
 * (ERR_SSL_*, ERR_OSSL_*, the X509 names in err.code) are decoded from the OpenSSL tables instead.
 */
export interface NodeCode {
  readonly summary: string;
  readonly causes: readonly string[];
  readonly fixes: readonly string[];
}

const codes: Readonly<Record<string, NodeCode>> = {
  ERR_TLS_CERT_ALTNAME_INVALID: {
    summary: 'Node\'s own host name check failed: the certificate\'s subjectAltName does not cover the host we connected to.',
    causes: ['Connecting by IP or by another name than the certificate\'s. Confirm: the message lists the certificate\'s altnames.'],
    fixes: ['Client: connect with a name on the certificate, or set `servername` correctly.', 'Server: add the name to the certificate\'s SAN.'],
  },
  ERR_TLS_CERT_ALTNAME_FORMAT: {
    summary: 'The certificate\'s subjectAltName could not be parsed by Node\'s host name check.',
    causes: ['An unusual SAN encoding in the certificate. Confirm: `openssl x509 -noout -ext subjectAltName`.'],
    fixes: ['Server: reissue the certificate with a plain DNS/IP SAN.'],
  },
  ERR_TLS_HANDSHAKE_TIMEOUT: {
    summary: 'The TLS handshake did not finish within the handshake timeout (120 s by default).',
    causes: ['The server accepted TCP but never answered the ClientHello (a non-TLS service, a black-holing middlebox). Confirm: `openssl s_client` also hangs.'],
    fixes: ['Client: check host, port and proxy; lower handshakeTimeout to fail faster.'],
  },
  ERR_TLS_DH_PARAM_SIZE: {
    summary: 'The server\'s Diffie-Hellman parameters are smaller than Node\'s minimum (minDHSize, 1024 bits by default).',
    causes: ['A legacy server with weak DHE parameters.'],
    fixes: ['Server: use 2048-bit DH or ECDHE.', 'Client: prefer ECDHE ciphers.'],
  },
  ERR_TLS_INVALID_PROTOCOL_VERSION: {
    summary: 'minVersion/maxVersion was given a value Node does not accept (TLSv1, TLSv1.1, TLSv1.2, TLSv1.3).',
    causes: ['A typo or an unsupported version string in the TLS options.'],
    fixes: ['Use one of the documented version strings.'],
  },
  ERR_TLS_PROTOCOL_VERSION_CONFLICT: {
    summary: 'minVersion/maxVersion were combined with secureProtocol, which Node does not allow.',
    causes: ['Both styles of version selection in the same options.'],
    fixes: ['Use minVersion/maxVersion only.'],
  },
  ERR_TLS_RENEGOTIATION_DISABLED: {
    summary: 'Renegotiation was attempted on a connection where it is disabled (TLS 1.3 has none).',
    causes: ['socket.renegotiate() on TLS 1.3, or a server that disabled it.'],
    fixes: ['Avoid renegotiation; use post-handshake alternatives.'],
  },
  ERR_TLS_SESSION_ATTACK: {
    summary: 'Node stopped a peer that renegotiated too often (a possible denial of service).',
    causes: ['A client renegotiating repeatedly.'],
    fixes: ['Server: leave the limit on; investigate the client.'],
  },
  ERR_TLS_REQUIRED_SERVER_NAME: {
    summary: 'A server name was required for this TLS operation but none was given.',
    causes: ['tls.connect() without `servername` where one is needed.'],
    fixes: ['Pass `servername`.'],
  },
  ERR_TLS_SNI_FROM_SERVER: {
    summary: 'A server-side socket tried to send SNI, which only clients do.',
    causes: ['`servername` set on a server socket.'],
    fixes: ['Remove `servername` from server options.'],
  },
  ERR_TLS_INVALID_STATE: {
    summary: 'A TLS socket method was used before the connection was securely established.',
    causes: ['Calling TLS-specific methods too early.'],
    fixes: ['Wait for the `secureConnect` event.'],
  },
  ERR_TLS_INVALID_CONTEXT: {
    summary: 'The `secureContext` option is not a SecureContext.',
    causes: ['Passing plain options where tls.createSecureContext() output is expected.'],
    fixes: ['Create the context with tls.createSecureContext().'],
  },
};

export function nodeOwnCode(code: string): NodeCode | undefined {
  return codes[code];
}
