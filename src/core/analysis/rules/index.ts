import type { Rule } from '../rule';
import { sslGetErrorMissing } from './a0SslGetErrorMissing';
import { sslIoResultIgnored } from './a1SslIoResultIgnored';
import { sslHandshakeSuccessMisjudged } from './a2SslHandshakeSuccessMisjudged';
import { sslIoReturnConvention } from './a3SslIoReturnConvention';
import { sslGetErrorWrongArgument } from './a4SslGetErrorWrongArgument';
import { sslGetErrorNotImmediate } from './a5SslGetErrorNotImmediate';
import { sslIoStaleErrorQueue } from './a6SslIoStaleErrorQueue';
import { errQueueLeakOnHandledFailure } from './a7ErrQueueLeakOnHandledFailure';
import { sslIoAfterFatalError } from './a8SslIoAfterFatalError';
import { sslShutdownAfterFatalError } from './a9SslShutdownAfterFatalError';
import { sslShutdownReturnMisread } from './a10SslShutdownReturnMisread';
import { sslWantRetryChangedArgs } from './a11SslWantRetryChangedArgs';
import { sslWantMishandled } from './a12SslWantMishandled';
import { sslWriteZeroLength } from './a13SslWriteZeroLength';
import { sslUnexpectedEofVersionDrift } from './a14SslUnexpectedEofVersionDrift';
import { errGetErrorAsErrno } from './b1ErrGetErrorAsErrno';
import { errCodeNarrowed } from './b2ErrCodeNarrowed';
import { sslErrorEnumAsErrCode } from './b3SslErrorEnumAsErrCode';
import { errGetErrorDoubleConsume } from './b4ErrGetErrorDoubleConsume';
import { errnoWithoutSyscallCheck } from './b5ErrnoWithoutSyscallCheck';
import { errnoClobberedBeforeRead } from './b6ErrnoClobberedBeforeRead';
import { errErrorStringUnsafe } from './b7ErrErrorStringUnsafe';
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

/** Every rule, in catalog order (rules.md §3). */
export const allRules: readonly Rule[] = [
  sslGetErrorMissing,
  sslIoResultIgnored,
  sslHandshakeSuccessMisjudged,
  sslIoReturnConvention,
  sslGetErrorWrongArgument,
  sslGetErrorNotImmediate,
  sslIoStaleErrorQueue,
  errQueueLeakOnHandledFailure,
  sslIoAfterFatalError,
  sslShutdownAfterFatalError,
  sslShutdownReturnMisread,
  sslWantRetryChangedArgs,
  sslWantMishandled,
  sslWriteZeroLength,
  sslUnexpectedEofVersionDrift,
  errGetErrorAsErrno,
  errCodeNarrowed,
  sslErrorEnumAsErrCode,
  errGetErrorDoubleConsume,
  errnoWithoutSyscallCheck,
  errnoClobberedBeforeRead,
  errErrorStringUnsafe,
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
