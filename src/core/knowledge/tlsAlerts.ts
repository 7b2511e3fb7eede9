/** TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2 and extensions); OpenSSL reports a received alert N as reason 1000 + N. */
export interface TlsAlert {
  readonly number: number;
  /** The RFC name, e.g. handshake_failure. */
  readonly name: string;
  /** OpenSSL's macro for the alert number. */
  readonly macro: string;
  /** What the sender of the alert is telling us. */
  readonly meaning: string;
}

const rows: readonly [number, string, string, string][] = [
  [0, 'close_notify', 'SSL_AD_CLOSE_NOTIFY', 'the sender is closing the TLS connection cleanly'],
  [10, 'unexpected_message', 'SSL_AD_UNEXPECTED_MESSAGE', 'the sender received a handshake or record message it did not expect at that point'],
  [20, 'bad_record_mac', 'SSL_AD_BAD_RECORD_MAC', 'a record failed its integrity check at the sender: corruption, tampering, or keys out of step'],
  [21, 'decryption_failed', 'SSL_AD_DECRYPTION_FAILED', 'obsolete (TLS 1.0): a record could not be decrypted'],
  [22, 'record_overflow', 'SSL_AD_RECORD_OVERFLOW', 'a record was longer than the protocol allows'],
  [30, 'decompression_failure', 'SSL_AD_DECOMPRESSION_FAILURE', 'obsolete: TLS compression failed'],
  [40, 'handshake_failure', 'SSL_AD_HANDSHAKE_FAILURE', 'the sender found no acceptable set of parameters (cipher suite, group, signature algorithm, or a required client certificate)'],
  [41, 'no_certificate', 'SSL_AD_NO_CERTIFICATE', 'SSL 3.0 only: no certificate was available'],
  [42, 'bad_certificate', 'SSL_AD_BAD_CERTIFICATE', 'the sender rejected a certificate (bad signature, corrupt, or unacceptable)'],
  [43, 'unsupported_certificate', 'SSL_AD_UNSUPPORTED_CERTIFICATE', 'the sender does not support the type of certificate it received'],
  [44, 'certificate_revoked', 'SSL_AD_CERTIFICATE_REVOKED', 'the certificate it received has been revoked'],
  [45, 'certificate_expired', 'SSL_AD_CERTIFICATE_EXPIRED', 'the certificate it received has expired or is not yet valid'],
  [46, 'certificate_unknown', 'SSL_AD_CERTIFICATE_UNKNOWN', 'the sender could not accept the certificate for some other reason'],
  [47, 'illegal_parameter', 'SSL_AD_ILLEGAL_PARAMETER', 'a handshake field was out of range or inconsistent'],
  [48, 'unknown_ca', 'SSL_AD_UNKNOWN_CA', 'the sender could not chain the certificate it received to a CA it trusts'],
  [49, 'access_denied', 'SSL_AD_ACCESS_DENIED', 'the certificate was valid but access control refused the connection'],
  [50, 'decode_error', 'SSL_AD_DECODE_ERROR', 'a message could not be parsed'],
  [51, 'decrypt_error', 'SSL_AD_DECRYPT_ERROR', 'a cryptographic check failed (signature, Finished message, key exchange)'],
  [60, 'export_restriction', 'SSL_AD_EXPORT_RESTRICTION', 'obsolete: export-grade negotiation was attempted'],
  [70, 'protocol_version', 'SSL_AD_PROTOCOL_VERSION', 'the sender does not support the protocol version that was offered or chosen'],
  [71, 'insufficient_security', 'SSL_AD_INSUFFICIENT_SECURITY', 'the sender requires stronger ciphers or parameters than were offered'],
  [80, 'internal_error', 'SSL_AD_INTERNAL_ERROR', 'the sender hit an internal problem unrelated to the peer (misconfiguration, key or HSM failure)'],
  [86, 'inappropriate_fallback', 'SSL_AD_INAPPROPRIATE_FALLBACK', 'the sender detected a downgrade retry (TLS_FALLBACK_SCSV)'],
  [90, 'user_canceled', 'SSL_AD_USER_CANCELLED', 'the sender cancelled the handshake for a reason of its own'],
  [100, 'no_renegotiation', 'SSL_AD_NO_RENEGOTIATION', 'the sender refuses to renegotiate'],
  [109, 'missing_extension', 'SSL_AD_MISSING_EXTENSION', 'a mandatory TLS 1.3 extension was missing'],
  [110, 'unsupported_extension', 'SSL_AD_UNSUPPORTED_EXTENSION', 'an extension appeared where the sender did not allow it'],
  [111, 'certificate_unobtainable', 'SSL_AD_CERTIFICATE_UNOBTAINABLE', 'a certificate could not be fetched from a URL'],
  [112, 'unrecognized_name', 'SSL_AD_UNRECOGNIZED_NAME', 'the server has no site for the name sent in SNI (or none was sent)'],
  [113, 'bad_certificate_status_response', 'SSL_AD_BAD_CERTIFICATE_STATUS_RESPONSE', 'an OCSP status response was invalid'],
  [114, 'bad_certificate_hash_value', 'SSL_AD_BAD_CERTIFICATE_HASH_VALUE', 'a certificate hash did not match'],
  [115, 'unknown_psk_identity', 'SSL_AD_UNKNOWN_PSK_IDENTITY', 'the sender does not know the pre-shared key identity that was offered'],
  [116, 'certificate_required', 'SSL_AD_CERTIFICATE_REQUIRED', 'the server requires a client certificate and none was sent (TLS 1.3)'],
  [120, 'no_application_protocol', 'SSL_AD_NO_APPLICATION_PROTOCOL', 'no ALPN protocol in common (for example h2 against http/1.1 only)'],
];

export const tlsAlerts: readonly TlsAlert[] = rows.map(([number, name, macro, meaning]) => ({ number, name, macro, meaning }));

export function tlsAlertByNumber(number: number): TlsAlert | undefined {
  return tlsAlerts.find((a) => a.number === number);
}

export function tlsAlertByMacro(macro: string): TlsAlert | undefined {
  return tlsAlerts.find((a) => a.macro === macro);
}
