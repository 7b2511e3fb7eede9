import type { Rule } from '../rule';
import { sslGetErrorMissing } from './a0SslGetErrorMissing';
import { sslIoResultIgnored } from './a1SslIoResultIgnored';
import { sslHandshakeSuccessMisjudged } from './a2SslHandshakeSuccessMisjudged';
import { sslGetErrorWrongArgument } from './a4SslGetErrorWrongArgument';

/** Every rule, in catalog order. */
export const allRules: readonly Rule[] = [
  sslGetErrorMissing,
  sslIoResultIgnored,
  sslHandshakeSuccessMisjudged,
  sslGetErrorWrongArgument,
];
