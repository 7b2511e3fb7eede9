import type { SeveritySetting } from './rule';

export type ErrorQueueMode = 'strict' | 'default' | 'lenient';
export type TargetVersion = 'auto' | '1.1.1' | '3.x';

export interface LintOptions {
  /** Per-rule severity overrides by id or name; 'off' disables the rule. */
  readonly severities: Readonly<Record<string, SeveritySetting>>;
  /** A6: strict requires ERR_clear_error before every I/O call, lenient trusts a clear-after code base. */
  readonly errorQueueMode: ErrorQueueMode;
  /** The OpenSSL line the code targets; auto reads `#if OPENSSL_VERSION_NUMBER` guards. */
  readonly targetVersion: TargetVersion;
  /** Project functions that empty the error queue (like nginx's ngx_ssl_clear_error). */
  readonly errClearWrappers: readonly string[];
  /** Project functions that wrap an I/O call: `(SSL *, …)` returning the I/O call's result unchanged. */
  readonly ioWrappers: readonly string[];
  /** Files larger than this are skipped with a notice, so one huge file cannot stall the editor. */
  readonly maxFileBytes: number;
  /** Functions where skipping or softening certificate verification is deliberate (test clients, s_client-like tools). */
  readonly allowVerifyNone: readonly string[];
  /** The code trusts only a private CA it loads itself, whose certificates name no host: C6/C8 accept that as identity. */
  readonly privateCa: boolean;
}

export const defaultLintOptions: LintOptions = {
  severities: {},
  errorQueueMode: 'default',
  targetVersion: 'auto',
  errClearWrappers: [],
  ioWrappers: [],
  maxFileBytes: 2 * 1024 * 1024,
  allowVerifyNone: [],
  privateCa: false,
};

const severityValues = new Set<string>(['off', 'info', 'warning', 'error']);
const identifier = /^[A-Za-z_]\w*$/;

/**
 * Reads options from untrusted JSON (a config file or editor settings): unknown keys are ignored, wrong
 * types are errors so a typo does not silently turn rules off.
 */
export function parseLintOptions(input: unknown, base: LintOptions = defaultLintOptions): LintOptions {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new Error('the configuration must be a JSON object');
  const raw = input as Record<string, unknown>;
  const severities: Record<string, SeveritySetting> = { ...base.severities };
  if (raw.severity !== undefined) {
    if (raw.severity === null || typeof raw.severity !== 'object' || Array.isArray(raw.severity)) throw new Error('"severity" must map rule ids to off|info|warning|error');
    for (const [rule, value] of Object.entries(raw.severity as Record<string, unknown>)) {
      if (typeof value !== 'string' || !severityValues.has(value)) throw new Error(`severity of ${rule} must be off, info, warning or error`);
      severities[rule] = value as SeveritySetting;
    }
  }
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw new Error(`"${key}" must be one of ${allowed.join(', ')}`);
    return value as T;
  };
  const names = (key: string, fallback: readonly string[]): readonly string[] => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && identifier.test(v))) throw new Error(`"${key}" must be a list of C identifiers`);
    return value as string[];
  };
  let maxFileBytes = base.maxFileBytes;
  if (raw.maxFileSizeKB !== undefined) {
    if (typeof raw.maxFileSizeKB !== 'number' || !(raw.maxFileSizeKB > 0)) throw new Error('"maxFileSizeKB" must be a positive number');
    maxFileBytes = Math.floor(raw.maxFileSizeKB * 1024);
  }
  if (raw.privateCa !== undefined && typeof raw.privateCa !== 'boolean') throw new Error('"privateCa" must be true or false');
  return {
    severities,
    errorQueueMode: oneOf('errorQueueMode', ['strict', 'default', 'lenient'] as const, base.errorQueueMode),
    targetVersion: oneOf('targetVersion', ['auto', '1.1.1', '3.x'] as const, base.targetVersion),
    errClearWrappers: names('errClearWrappers', base.errClearWrappers),
    ioWrappers: names('ioWrappers', base.ioWrappers),
    maxFileBytes,
    allowVerifyNone: names('allowVerifyNone', base.allowVerifyNone),
    privateCa: typeof raw.privateCa === 'boolean' ? raw.privateCa : base.privateCa,
  };
}
