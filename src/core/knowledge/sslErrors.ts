/** The results of SSL_get_error() (ssl.h); the numbering is the same in every version that has the constant. */
export interface SslErrorResult {
  readonly value: number;
  readonly name: string;
  /** The first version family that defines it. */
  readonly since: string;
}

const rows: readonly [number, string, string][] = [
  [0, 'SSL_ERROR_NONE', '1.0.2'],
  [1, 'SSL_ERROR_SSL', '1.0.2'],
  [2, 'SSL_ERROR_WANT_READ', '1.0.2'],
  [3, 'SSL_ERROR_WANT_WRITE', '1.0.2'],
  [4, 'SSL_ERROR_WANT_X509_LOOKUP', '1.0.2'],
  [5, 'SSL_ERROR_SYSCALL', '1.0.2'],
  [6, 'SSL_ERROR_ZERO_RETURN', '1.0.2'],
  [7, 'SSL_ERROR_WANT_CONNECT', '1.0.2'],
  [8, 'SSL_ERROR_WANT_ACCEPT', '1.0.2'],
  [9, 'SSL_ERROR_WANT_ASYNC', '1.1.0'],
  [10, 'SSL_ERROR_WANT_ASYNC_JOB', '1.1.0'],
  [11, 'SSL_ERROR_WANT_CLIENT_HELLO_CB', '1.1.1'],
  [12, 'SSL_ERROR_WANT_RETRY_VERIFY', '3.0'],
];

export const sslErrorResults: readonly SslErrorResult[] = rows.map(([value, name, since]) => ({ value, name, since }));

export function sslErrorByName(name: string): SslErrorResult | undefined {
  return sslErrorResults.find((r) => r.name === name);
}

export function sslErrorByValue(value: number): SslErrorResult | undefined {
  return sslErrorResults.find((r) => r.value === value);
}
