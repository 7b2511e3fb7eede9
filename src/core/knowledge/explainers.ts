import { errnoByName, errnoReadings, platformLabel, portableName, type ErrnoEntry } from './errno';
import { withExplanation, type DetailValue, type Explanation } from './explanation';
import { nodeOwnCode } from './nodeCodes';
import { alertReasonOffset, decode1x, decode3x, decodePacked, errLibSsl, errorString, hex8, packCode, type PackedReading } from './packedCode';
import { sslErrorByName, sslErrorByValue } from './sslErrors';
import {
  allCommonReasons, allReasons, commonReasonsByMacro, layoutOf, libraryByMacro, libraryFor, reasonsByMacro, reasonsFor, versionsOfLayout, versionsOfMask, x509ByMacro,
  x509ByNumber, type OpenSslVersion, type ReasonRow,
} from './tables';
import { tlsAlertByMacro, tlsAlertByNumber, type TlsAlert } from './tlsAlerts';

const printQueue = 'Print the whole error queue (ERR_print_errors_fp); the earliest entry is usually the cause and later ones add context.';

/** Where errors of each library come from, for explanations generated from the tables. */
const libraryHints: Readonly<Record<number, { where: string; check: string }>> = {
  2: { where: 'a system call (file or socket) failed inside OpenSSL', check: 'Read the errno text and the function or data attached to the entry (fopen, connect, the file name).' },
  4: { where: 'an RSA key operation', check: 'Check the key file and the padding/size expected by the operation.' },
  6: { where: 'the EVP layer, which dispatches to algorithm implementations', check: 'Check the algorithm name and whether the provider that implements it is loaded.' },
  9: { where: 'reading or writing a PEM file (certificate, key, CSR)', check: 'Check the file path, its -----BEGIN line and whether it needs a passphrase.' },
  11: { where: 'handling an X.509 certificate or store', check: 'Inspect the certificate with `openssl x509 -noout -text -in FILE`.' },
  13: { where: 'decoding DER/ASN.1 data', check: 'The data is probably corrupt or in another format (PEM vs DER vs PKCS#12).' },
  14: { where: 'reading the OpenSSL configuration file', check: 'Check OPENSSL_CONF and the syntax of openssl.cnf.' },
  16: { where: 'an elliptic-curve key or operation', check: 'Check the curve name and the key file.' },
  20: { where: 'the TLS/SSL library: the handshake, a record, or the SSL_CTX configuration', check: 'Note whether it happened during the handshake or later, and on which side.' },
  32: { where: 'a BIO (the I/O layer under TLS)', check: 'Check the connection target and the socket errors next to it.' },
  34: { where: 'an X.509v3 certificate extension', check: 'Inspect the extensions with `openssl x509 -noout -text`.' },
  35: { where: 'a PKCS#12 file', check: 'Check the password and, on OpenSSL 3.x, whether the file needs the legacy provider.' },
  36: { where: 'the random number generator', check: 'Check the entropy source and fork handling.' },
  57: { where: 'a provider implementing an algorithm (OpenSSL 3.x)', check: 'Check which providers are loaded (`openssl list -providers`).' },
  60: { where: 'the 3.x decoders that load keys and certificates', check: 'Check the file format, the passphrase and whether the algorithm needs the legacy provider.' },
};

/** What a reason's macro name says about its usual cause, for explanations generated from the tables. */
const reasonHints: readonly [RegExp, string][] = [
  [/_R_.*(?:CERT|X509|VERIFY|CHAIN|ISSUER|\bCA_)/, 'Usually a certificate, its chain, or its verification. Confirm: inspect the certificate files and SSL_get_verify_result().'],
  [/_R_.*(?:PRIVATE_KEY|KEY_VALUES|PUBLIC_KEY|KEY_TYPE|KEY_SIZE|KEY_TOO)/, 'Usually a key that does not fit: the wrong file, type or size. Confirm: compare `openssl pkey -pubout` with the certificate\'s public key.'],
  [/_R_.*(?:CIPHER|SIGALG|SIGNATURE_ALGORITHM|GROUP|CURVE)/, 'Usually cipher suites, groups or signature algorithms that the two sides do not share. Confirm: compare both sides with `openssl s_client -connect HOST:PORT -servername HOST`.'],
  [/_R_.*(?:VERSION|PROTOCOL)/, 'Usually the protocol versions the two sides allow. Confirm: check MinProtocol/MaxProtocol and the peer\'s supported versions.'],
  [/_R_.*(?:PASSWORD|PASSPHRASE|DECRYPT|MAC_VERIFY)/, 'Usually a wrong password or key for encrypted data. Confirm: open the file with the `openssl` command and the same password.'],
  [/_R_.*(?:NULL|MALLOC|INTERNAL|SHOULD_NOT|UNINITIALIZED|NOT_INITIALISED|NOT_INITIALIZED)/, 'Usually an application bug (a missing argument or call order) or an internal failure. Confirm: check the arguments of the call that failed.'],
  [/_R_.*(?:LENGTH|DECODE|DECODING|BAD_|MALFORMED|INVALID|UNEXPECTED|MISMATCH|EXTENSION|PARSE|ENCODING)/, 'Usually malformed or unexpected data: a corrupt file, or a peer that sent something else than expected. Confirm: capture the handshake with `openssl s_client -msg -state`, or inspect the file.'],
];

function reasonHint(macro: string): string | undefined {
  return reasonHints.find(([pattern]) => pattern.test(macro))?.[1];
}

function libraryHint(lib: number): { where: string; check: string } {
  return libraryHints[lib] ?? { where: 'an OpenSSL library routine', check: printQueue };
}

function versionList(versions: readonly string[]): string {
  return versions.length > 0 ? versions.join(', ') : 'none of the tabulated versions';
}

/** Notes on how the same number or macro differs between versions: reused numbers, changed strings. */
function reasonVersionNotes(rows: readonly ReasonRow[]): string[] {
  const notes: string[] = [];
  const strings = new Map<string, string[]>();
  for (const row of rows) strings.set(row.string, [...(strings.get(row.string) ?? []), ...versionsOfMask(row.mask)]);
  if (strings.size > 1) {
    notes.push(`The text differs by version: ${[...strings].map(([text, versions]) => `"${text}" (${versions.join(', ')})`).join('; ')}.`);
  }
  const first = rows[0];
  if (!first) return notes;
  const numbers = [...new Set(rows.map((r) => r.reason))];
  if (numbers.length > 1) notes.push(`The reason number changed between versions: ${rows.map((r) => `${r.reason} in ${versionsOfMask(r.mask).join('/')}`).join(', ')}.`);
  for (const reason of numbers) {
    const others = reasonsFor(first.lib, reason).filter((r) => r.macro !== first.macro);
    for (const other of others) notes.push(`Beware: reason ${reason} of this library means ${other.macro} ("${other.string}") in ${versionsOfMask(other.mask).join(', ')}.`);
  }
  return notes;
}

function alertNotes(alert: TlsAlert | undefined, number: number): { summary: string; causes: string[] } {
  const name = alert ? `${number} (${alert.name})` : `${number}`;
  return {
    summary: `The peer sent TLS alert ${name}${alert ? `: ${alert.meaning}` : ''}. The decision was made on the other side.`,
    causes: [`The peer rejected something in our handshake or data; its own log names the precise reason. Confirm: look at the other side's log for the same connection, or reproduce with \`openssl s_client -connect HOST:PORT -servername HOST\`.`],
  };
}

function codesForRow(row: ReasonRow): Record<string, string> {
  const codes: Record<string, string> = {};
  for (const version of versionsOfMask(row.mask)) {
    const hex = hex8(packCode(layoutOf(version), row.lib, row.reason));
    // 1.x codes also carry the function number of the call site in the middle three digits.
    codes[version] = layoutOf(version) === '1.x' ? `${hex.slice(0, 2)}xxx${hex.slice(5)}` : hex;
  }
  return codes;
}

/** A reason macro such as SSL_R_UNEXPECTED_EOF_WHILE_READING, from any version's table. */
export function explainReasonMacro(macro: string, input = macro): Explanation | undefined {
  const rows = reasonsByMacro(macro);
  const newest = rows[rows.length - 1];
  if (!newest) return explainCommonMacro(macro, input);
  const lib = libraryFor(newest.lib);
  const versions = versionsOfMask(rows.reduce((m, r) => m | r.mask, 0));
  const alertNumber = newest.lib === errLibSsl && newest.reason >= alertReasonOffset ? newest.reason - alertReasonOffset : undefined;
  const details: Record<string, DetailValue> = {
    library: lib?.name ?? `lib(${newest.lib})`, libraryMacro: lib?.macro ?? null, libraryNumber: newest.lib,
    reasonNumber: newest.reason, reasonString: newest.string, versions, codes: Object.entries(codesForRow(newest)).map(([v, c]) => `${v}: ${c}`),
  };
  if (alertNumber !== undefined) details.alert = alertNumber;
  const hint = libraryHint(newest.lib);
  const alert = alertNumber !== undefined ? alertNotes(tlsAlertByNumber(alertNumber), alertNumber) : undefined;
  return withExplanation({ kind: 'openssl-error', input, name: macro, details }, {
    summary: alert?.summary ?? `OpenSSL ${lib?.name ?? 'library'} error "${newest.string}" (${macro}), raised in ${hint.where}.`,
    causes: alert?.causes ?? [
      `${capitalise(hint.where)} reported "${newest.string}". Confirm: ${hint.check}`,
      ...[reasonHint(macro)].filter((h): h is string => h !== undefined),
    ],
    fixes: [printQueue, ...(alert ? ['Fix what the peer objects to; its log says what it was.'] : [])],
    versions: [`Defined in ${versionList(versions)}.`, ...reasonVersionNotes(rows)],
  });
}

/** An ERR_R_* common reason, shared by every library. */
export function explainCommonMacro(macro: string, input = macro): Explanation | undefined {
  const rows = commonReasonsByMacro(macro);
  const newest = rows[rows.length - 1];
  if (!newest) return undefined;
  const values = rows.map((r) => `${versionsOfMask(r.mask).join('/')}: ${r.value} (0x${r.value.toString(16).toUpperCase()})`);
  return withExplanation({ kind: 'openssl-error', input, name: macro, details: { reasonString: newest.string, reasonValues: values, common: true } }, {
    summary: `Common OpenSSL reason "${newest.string}" (${macro}); any library can raise it, so the library in the code says where.`,
    causes: [`A generic failure inside the library named in the error code. Confirm: ${printQueue}`],
    fixes: [printQueue],
    versions: ['1.x packs common reasons as numbers below 100 (with 64 = ERR_R_FATAL); 3.x sets the COMMON flag (0x80000) and FATAL (0x40000).'],
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A decoded packed code; `extra` carries what the log line showed (printed strings, file, data), and `platform`
 * which system logged it, for system errors.
 */
export function explainPackedReading(reading: PackedReading, input: string, extra: Record<string, DetailValue> = {}, platform?: 'windows' | 'macos' | 'linux'): Explanation {
  if (reading.errno !== undefined) {
    const errnoItem = explainErrnoNumber(reading.errno, input, reading.errno >= 10000 ? 'windows' : platform);
    return {
      ...errnoItem,
      kind: 'openssl-error',
      summary: `A system error recorded on the OpenSSL error queue: ${errnoItem.name === 'errno 0' ? 'no errno' : errnoItem.name} (${typeof errnoItem.details.message === 'string' ? errnoItem.details.message : 'unknown'}). ${errnoItem.summary}`,
      details: {
        code: reading.hex, layout: reading.layout, library: 'system library', libraryNumber: 2, errno: reading.errno,
        ...(reading.funcName ? { function: reading.funcName } : {}), ...errnoItem.details, ...extra,
        ...(reading.layout === '1.x' ? { note: '1.x keeps only the low 12 bits of errno (a Windows 10054 becomes 1862).' } : {}),
      },
    };
  }
  const details: Record<string, DetailValue> = {
    code: reading.hex, layout: reading.layout, library: reading.libName ?? `lib(${reading.lib})`, libraryNumber: reading.lib,
    reasonNumber: reading.reason, reasonString: reading.string ?? null, versions: reading.versions,
    errorString: errorString(reading),
  };
  if (reading.funcName !== undefined || (reading.func !== undefined && reading.func !== 0)) details.function = reading.funcName ?? `func(${reading.func})`;
  if (reading.fatal) details.fatal = true;
  if (reading.otherMacros.length > 0) details.sameNumberIn = reading.otherMacros;
  if (reading.alert !== undefined) details.alert = reading.alert;
  Object.assign(details, extra);
  const macro = reading.macro;
  if (macro) {
    const byMacro = reading.common ? explainCommonMacro(macro, input) : explainReasonMacro(macro, input);
    if (byMacro) return { ...byMacro, input, details: { ...details, ...pick(byMacro.details, ['versionNotes', 'libraryMacro']) } };
  }
  if (reading.alert !== undefined) {
    const alert = tlsAlertByNumber(reading.alert);
    const notes = alertNotes(alert, reading.alert);
    // 1.x has no string (and no table row) for some alerts that later versions name, e.g. 1120 no_application_protocol.
    const laterRows = reasonsFor(errLibSsl, reading.reason);
    const later = laterRows[laterRows.length - 1];
    const name = later?.macro ?? (alert ? `SSL_AD_REASON_OFFSET + ${alert.macro}` : `SSL alert ${reading.alert}`);
    const explained = withExplanation({ kind: 'openssl-error', input, name, details }, {
      summary: notes.summary,
      causes: notes.causes,
      fixes: ['Fix what the peer objects to; its log says what it was.'],
    });
    const missing = `OpenSSL ${reading.layout} has no string for reason ${reading.reason} and prints reason(${reading.reason}).`;
    const prior = explained.details.versionNotes;
    return { ...explained, details: { ...explained.details, versionNotes: [missing, ...(Array.isArray(prior) ? (prior as readonly string[]) : [])] } };
  }
  return withExplanation({ kind: 'openssl-error', input, name: `${reading.libMacro ?? `lib(${reading.lib})`}:reason(${reading.reason})`, details }, {
    summary: `OpenSSL error ${reading.hex} from the ${reading.libName ?? 'unknown'} library, reason ${reading.reason}, which no tabulated version defines.`,
    causes: [`A reason from a newer or patched OpenSSL, or not an OpenSSL code at all. Confirm: run \`openssl errstr ${reading.hex}\` with the OpenSSL that produced it.`],
    fixes: [printQueue],
  });
}

function pick(record: Readonly<Record<string, DetailValue>>, keys: readonly string[]): Record<string, DetailValue> {
  const out: Record<string, DetailValue> = {};
  for (const key of keys) {
    const value = record[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Splits a reading whose reason number means different macros in different versions of its layout. */
function perVersion(reading: PackedReading): PackedReading[] {
  const pinned = versionsOfLayout(reading.layout)
    .map((v) => (reading.layout === '3.x' ? decode3x(reading.code, v) : decode1x(reading.code, v)))
    .filter((r) => r.macro !== undefined);
  const distinct = pinned.filter((r, i) => pinned.findIndex((o) => o.macro === r.macro) === i);
  return distinct.length > 1 ? distinct.reverse() : [reading];
}

/**
 * A bare packed code: both layouts are tried; when both are plausible, or the reason number was reused between
 * versions of the layout (SSL 372), every reading is returned, labelled and marked ambiguous.
 */
export function explainPackedCode(code: number, input: string): Explanation[] {
  const decoded = decodePacked(code);
  if (decoded.readings.length === 0) return [];
  const readings = (decoded.ambiguous ? decoded.readings : decoded.readings.slice(0, 1)).flatMap(perVersion);
  const ambiguous = readings.length > 1;
  return readings.map((reading, index) => explainPackedReading(reading, input, ambiguous
    ? { ambiguous: true, reading: `${index + 1} of ${readings.length}: as an OpenSSL ${reading.versions.join('/')} code` }
    : { ambiguous: false }));
}

export function explainSslError(name: string, input = name): Explanation | undefined {
  const result = sslErrorByName(name);
  if (!result) return undefined;
  return withExplanation({ kind: 'ssl-error', input, name, details: { value: result.value, since: result.since } }, {
    summary: `SSL_get_error() result ${result.value}.`, causes: [], fixes: [],
  });
}

export function explainSslErrorValue(value: number, input: string): Explanation | undefined {
  const result = sslErrorByValue(value);
  return result ? explainSslError(result.name, input) : undefined;
}

/** An X509_V_ERR_* code. Numbers 24, 65-67 and 76-79 mean different things per version: `version` picks one, else all readings. */
export function explainX509Number(number: number, input: string, version?: OpenSslVersion | '1.x' | '3.x'): Explanation[] {
  const rows = x509ByNumber(number).filter((r) => version === undefined || versionsOfMask(r.mask).some((v) => v === version || layoutOf(v) === version));
  const ambiguous = rows.length > 1;
  return rows.map((row) => explainX509Row(row.macro, input, { ambiguous }));
}

export function explainX509Macro(macro: string, input = macro): Explanation | undefined {
  return x509ByMacro(macro).length > 0 ? explainX509Row(macro, input, {}) : undefined;
}

function explainX509Row(macro: string, input: string, extra: Record<string, DetailValue>): Explanation {
  const rows = x509ByMacro(macro);
  const newest = rows[rows.length - 1];
  const numbers = rows.map((r) => `${r.number} in ${versionsOfMask(r.mask).join('/')}`);
  const strings = [...new Set(rows.map((r) => r.string).filter((s): s is string => s !== null))];
  const text = newest?.string ?? 'unknown certificate verification error';
  const renumbered = new Set(rows.map((r) => r.number)).size > 1;
  const details: Record<string, DetailValue> = { number: newest?.number ?? null, string: text, versions: versionsOfMask(rows.reduce((m, r) => m | r.mask, 0)), ...extra };
  const reused = rows.flatMap((r) => x509ByNumber(r.number).filter((o) => o.macro !== macro).map((o) => `${r.number} means ${o.macro} in ${versionsOfMask(o.mask).join('/')}`));
  return withExplanation({ kind: 'x509-verify', input, name: macro, details }, {
    summary: `Certificate verification result ${newest?.number ?? '?'}: "${text}".`,
    causes: [`The chain the peer presented failed this check during X509_verify_cert(). Confirm: \`openssl s_client -connect HOST:PORT -servername HOST -showcerts\` prints "Verify return code: ${newest?.number ?? '?'}", or run \`openssl verify -CAfile CA.pem -untrusted chain.pem cert.pem\`.`],
    fixes: ['Read SSL_get_verify_result() after a failed handshake and fix the certificate or trust store it points to; do not disable verification.'],
    versions: [
      ...(renumbered ? [`The number changed between versions: ${numbers.join(', ')}.`] : []),
      ...(strings.length > 1 ? [`The text differs by version: ${strings.map((s) => `"${s}"`).join(', ')}.`] : []),
      ...(reused.length > 0 ? [`Beware of reused numbers: ${[...new Set(reused)].join('; ')}.`] : []),
    ],
  });
}

export function explainAlert(number: number, input: string): Explanation | undefined {
  const alert = tlsAlertByNumber(number);
  if (!alert) return undefined;
  const reasonRows = reasonsFor(errLibSsl, alertReasonOffset + number);
  const macro = reasonRows[reasonRows.length - 1]?.macro;
  const notes = alertNotes(alert, number);
  const base = { kind: 'tls-alert' as const, input, name: alert.macro, details: { alert: number, alertName: alert.name, reasonNumber: alertReasonOffset + number, reasonMacro: macro ?? null } };
  return withExplanation(base, {
    summary: notes.summary,
    causes: notes.causes,
    fixes: ['Fix what the peer objects to; its log says what it was.'],
  }, macro ?? alert.macro);
}

export function explainAlertMacro(macro: string, input = macro): Explanation | undefined {
  const alert = tlsAlertByMacro(macro);
  return alert ? explainAlert(alert.number, input) : undefined;
}

function errnoItem(entry: ErrnoEntry, input: string, others: readonly ErrnoEntry[]): Explanation {
  const name = portableName(entry.name);
  const elsewhere = errnoByName(name).filter((e) => e.platform !== entry.platform).map((e) => `${e.number} on ${platformLabel[e.platform]}`);
  const details: Record<string, DetailValue> = {
    number: entry.number, platform: platformLabel[entry.platform], message: entry.message,
    ...(entry.name !== name ? { windowsName: entry.name } : {}),
    ...(elsewhere.length > 0 ? { sameNameElsewhere: elsewhere } : {}),
    ...(others.length > 0 ? { otherReadings: others.map((o) => `${o.name} on ${platformLabel[o.platform]}`) } : {}),
  };
  return withExplanation({ kind: 'errno', input, name, details }, {
    summary: `System error ${name} (${entry.number} on ${platformLabel[entry.platform]}): ${entry.message}.`,
    causes: [`A system call under OpenSSL (read, write, connect, fopen) failed with ${name}. Confirm: read errno (WSAGetLastError() on Windows) right after the failing SSL_* call.`],
    fixes: ['Capture errno immediately after the failing call and log it with strerror(); it is unrelated to ERR_get_error().'],
  }, entry.name);
}

export function explainErrnoName(name: string, input = name): Explanation | undefined {
  const entries = errnoByName(name);
  const first = entries[0];
  return first ? errnoItem(first, input, []) : undefined;
}

/** errno 0 after SSL_ERROR_SYSCALL is the classic unexpected EOF, so it gets an item of its own. */
export function explainErrnoNumber(number: number, input: string, hint?: 'windows' | 'macos' | 'linux'): Explanation {
  if (number === 0) {
    return {
      kind: 'errno', input, name: 'errno 0', curated: true,
      summary: 'No system error: with SSL_ERROR_SYSCALL, errno 0 means the peer closed the connection without a TLS close_notify (unexpected EOF).',
      causes: [
        'The server or a middlebox closed the TCP connection mid-handshake or after the response. Confirm: it reproduces with `openssl s_client -connect HOST:PORT -servername HOST`, which reports "unexpected eof while reading" on OpenSSL 3.x.',
        'A stale system error on the queue turned a clean close into SYSCALL. Confirm: ERR_peek_error() is a system-library entry from an earlier call.',
      ],
      fixes: ['Client: treat it as a truncated connection; retry idempotent requests; check proxies and firewalls.', 'Server: look for crashes, limits or filters that drop connections.'],
      details: { number: 0, message: 'no error (end of file)', versionNotes: ['Up to 1.1.1 OpenSSL reports an unexpected EOF this way; 3.x reports SSL_ERROR_SSL 0A000126 unless the application uses its own BIO (curl 7.87.0 to 8.14.0).'] },
    };
  }
  const readings = errnoReadings(number, hint);
  const [first, ...others] = readings;
  if (!first) {
    return {
      kind: 'errno', input, name: `errno ${number}`, curated: false,
      summary: `System error number ${number}, unknown on Linux, macOS and Windows.`,
      causes: ['An errno from another system or a truncated value (1.x keeps only 12 bits). Confirm: look it up on the machine that logged it.'],
      fixes: ['Log strerror(errno) together with the number.'],
      details: { number },
    };
  }
  return errnoItem(first, input, others);
}

/** ERR_LIB_* macros: what the library is and how its codes look in each layout. */
export function explainLibraryMacro(macro: string, input = macro): Explanation | undefined {
  const lib = libraryByMacro(macro);
  if (!lib) return undefined;
  const hint = libraryHint(lib.number);
  return {
    kind: 'openssl-error', input, name: macro, curated: false,
    summary: `OpenSSL library ${lib.number}${lib.name ? ` ("${lib.name}")` : ''}: errors from ${hint.where}.`,
    causes: [`Codes from this library typically look like ${hex8(packCode('3.x', lib.number, 0)).slice(0, 3)}xxxxx in 3.x and ${hex8(packCode('1.x', lib.number, 0)).slice(0, 2)}xxxxxx in 1.x. Confirm: ERR_GET_LIB(code) == ${macro}.`],
    fixes: [hint.check],
    details: { libraryNumber: lib.number, library: lib.name, versions: versionsOfMask(lib.mask), prefix3x: hex8(packCode('3.x', lib.number, 0)).slice(0, 3), prefix1x: hex8(packCode('1.x', lib.number, 0)).slice(0, 2) },
  };
}

export function explainNodeCode(code: string, input = code): Explanation | undefined {
  const own = nodeOwnCode(code);
  if (own) {
    return withExplanation({ kind: 'node-error', input, name: code, details: { source: 'Node.js' } }, { summary: own.summary, causes: own.causes, fixes: own.fixes });
  }
  const mapped = mapNodeCode(code);
  if (!mapped) return undefined;
  return { ...mapped, kind: 'node-error', input, name: code, details: { ...mapped.details, openssl: mapped.name } };
}

/**
 * Node builds its codes from OpenSSL's strings: ERR_SSL_<REASON STRING> for TLS errors, ERR_OSSL_<LIB>_<REASON
 * STRING> for crypto errors (the library part only for the libraries Node knows, e.g. EVP, PEM, X509), and the
 * bare X509_V_ERR_ suffix in err.code for certificate errors. Strings are upper-cased with spaces as underscores.
 */
function mapNodeCode(code: string): Explanation | undefined {
  if (code.startsWith('ERR_SSL_')) {
    const row = rowsByUpperString().get(`${errLibSsl}:${code.slice('ERR_SSL_'.length)}`);
    return row ? explainReasonMacro(row.macro, code) : undefined;
  }
  if (code.startsWith('ERR_OSSL_')) {
    const rest = code.slice('ERR_OSSL_'.length);
    for (let i = rest.indexOf('_'); i > 0; i = rest.indexOf('_', i + 1)) {
      const lib = libraryByMacro(`ERR_LIB_${rest.slice(0, i)}`);
      const reason = rest.slice(i + 1);
      const row = lib ? rowsByUpperString().get(`${lib.number}:${reason}`) : undefined;
      const found = row ? explainReasonMacro(row.macro, code) : lib ? commonByUpperString(reason, code) : undefined;
      if (found) return found;
    }
    // Libraries Node has no prefix for (PROV, DECODER…) give ERR_OSSL_<REASON>.
    const anyLib = rowsByUpperString().get(`*:${rest}`);
    return anyLib ? explainReasonMacro(anyLib.macro, code) : commonByUpperString(rest, code);
  }
  return explainX509Macro(`X509_V_ERR_${code}`, code);
}

function commonByUpperString(reason: string, input: string): Explanation | undefined {
  const row = allCommonReasons().find((r) => upperReason(r.string) === reason);
  return row ? explainCommonMacro(row.macro, input) : undefined;
}

const upperReason = (text: string) => text.toUpperCase().replace(/ /g, '_');

let reasonRowsByUpperString: Map<string, ReasonRow> | undefined;
/** "<lib>:<REASON STRING>" and "*:<REASON STRING>" → the newest row with that string. */
function rowsByUpperString(): Map<string, ReasonRow> {
  if (!reasonRowsByUpperString) {
    reasonRowsByUpperString = new Map();
    for (const row of allReasons()) {
      reasonRowsByUpperString.set(`${row.lib}:${upperReason(row.string)}`, row);
      if (!reasonRowsByUpperString.has(`*:${upperReason(row.string)}`)) reasonRowsByUpperString.set(`*:${upperReason(row.string)}`, row);
    }
  }
  return reasonRowsByUpperString;
}

/** Any canonical name: SSL_ERROR_*, *_R_*, ERR_R_*, X509_V_*, ERR_LIB_*, SSL_AD_*, errno names, Node codes. */
export function explainName(name: string, input = name): Explanation | undefined {
  if (name.startsWith('SSL_ERROR_')) return explainSslError(name, input);
  if (name.startsWith('X509_V_')) return explainX509Macro(name, input);
  if (name.startsWith('ERR_LIB_')) return explainLibraryMacro(name, input);
  if (name.startsWith('ERR_R_')) return explainCommonMacro(name, input);
  if (name.startsWith('SSL_AD_')) return explainAlertMacro(name, input);
  if (name.startsWith('ERR_')) return explainNodeCode(name, input);
  if (/^[A-Z0-9_]+?_R_[A-Z0-9_]+$/.test(name)) return explainReasonMacro(name, input);
  if (/^(?:E|WSA)[A-Z0-9_]+$/.test(name)) return explainErrnoName(name, input);
  return undefined;
}

