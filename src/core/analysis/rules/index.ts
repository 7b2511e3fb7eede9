import type { Rule } from '../rule';
import { sslGetErrorMissing } from './a0SslGetErrorMissing';
import { sslIoResultIgnored } from './a1SslIoResultIgnored';
import { sslHandshakeSuccessMisjudged } from './a2SslHandshakeSuccessMisjudged';
import { sslGetErrorWrongArgument } from './a4SslGetErrorWrongArgument';
import { sslWantMishandled } from './a12SslWantMishandled';
import { errGetErrorAsErrno } from './b1ErrGetErrorAsErrno';
import { errnoWithoutSyscallCheck } from './b5ErrnoWithoutSyscallCheck';
import { tlsClientVerifyNone } from './c1TlsClientVerifyNone';
import { tlsVerifyCallbackAcceptsAll } from './c2TlsVerifyCallbackAcceptsAll';
import { tlsVerifyResultUnchecked } from './c3TlsVerifyResultUnchecked';
import { tlsVerifyResultWithoutPeerCert } from './c4TlsVerifyResultWithoutPeerCert';
import { tlsVerifyResultConflation } from './c5TlsVerifyResultConflation';
import { tlsHostnameNotVerified } from './c6TlsHostnameNotVerified';
import { tlsSniMissingOrInvalid } from './c8TlsSniMissingOrInvalid';
import { tlsVerifyParamSetTooLate } from './c7TlsVerifyParamSetTooLate';
import { tlsTrustStoreMissing } from './c9TlsTrustStoreMissing';
import { x509TristateCheckedAsBool } from './c10X509TristateCheckedAsBool';
import { tlsLegacyVersionMethod } from './d1TlsLegacyVersionMethod';
import { tlsProtocolFloor } from './d2TlsProtocolFloor';
import { sslCtxModifiedAfterUse } from './d3SslCtxModifiedAfterUse';

/** Every rule, in catalog order. */
export const allRules: readonly Rule[] = [
  sslGetErrorMissing,
  sslIoResultIgnored,
  sslHandshakeSuccessMisjudged,
  sslGetErrorWrongArgument,
  sslWantMishandled,
  errGetErrorAsErrno,
  errnoWithoutSyscallCheck,
  tlsClientVerifyNone,
  tlsVerifyCallbackAcceptsAll,
  tlsVerifyResultUnchecked,
  tlsVerifyResultWithoutPeerCert,
  tlsVerifyResultConflation,
  tlsHostnameNotVerified,
  tlsVerifyParamSetTooLate,
  tlsSniMissingOrInvalid,
  tlsTrustStoreMissing,
  x509TristateCheckedAsBool,
  tlsLegacyVersionMethod,
  tlsProtocolFloor,
  sslCtxModifiedAfterUse,
];
