import {
  commonReasonsFor, functionFor, libraryFor, reasonsFor, versionsOfLayout, versionsOfMask,
  type Layout, type OpenSslVersion,
} from './tables';

/** SSL reasons 1000..1255 are SSL_AD_REASON_OFFSET + the TLS alert the peer sent (ssl.h). */
export const alertReasonOffset = 1000;
export const errLibSys = 2;
export const errLibSsl = 20;

const systemFlag3 = 0x80000000;
const fatalFlag3 = 0x40000; // ERR_RFLAG_FATAL (1 << ERR_RFLAGS_OFFSET)
const fatalFlag1 = 64; // ERR_R_FATAL in 1.x
const commonLimit1 = 100; // 1.x reasons below 100 are the shared ERR_R_* ones

/** One way of reading a packed `unsigned long` error code. */
export interface PackedReading {
  readonly layout: Layout;
  readonly code: number;
  /** The code as OpenSSL prints it: 8 upper-case hex digits. */
  readonly hex: string;
  readonly lib: number;
  readonly libMacro?: string;
  readonly libName?: string;
  /** 1.x only: the function field and its name when the tables know it. */
  readonly func?: number;
  readonly funcName?: string;
  /** The reason field as packed (3.x: including the flag bits). */
  readonly reason: number;
  readonly fatal?: boolean;
  readonly common?: boolean;
  /** System errors: the errno (1.x truncates it to 12 bits). */
  readonly errno?: number;
  /** The resolved reason macro and string, and the other macros sharing the number. */
  readonly macro?: string;
  readonly string?: string;
  readonly otherMacros: readonly string[];
  /** Versions of this layout whose tables define this reason. */
  readonly versions: readonly OpenSslVersion[];
  /** The TLS alert number when the reason is 1000 + alert. */
  readonly alert?: number;
  /** How plausible the reading is; a reading with score 0 is not a valid code in that layout. */
  readonly score: number;
}

export function hex8(code: number): string {
  return (code >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** Like ERR_reason_error_string: the library's own reason first, then the shared ERR_R_* table. */
function resolveReason(lib: number, reason: number, layout: Layout, version?: OpenSslVersion) {
  const versions = version ? [version] : versionsOfLayout(layout);
  const own = versions.flatMap((v) => reasonsFor(lib, reason, v));
  const common = own.length > 0 ? [] : versions.flatMap((v) => commonReasonsFor(reason, v));
  const rows: { macro: string; string: string; mask: number }[] = own.length > 0 ? own : common;
  // Prefer the newest version's row: its strings are what current builds print.
  const ordered = [...rows].reverse();
  const first = ordered[0];
  const macros = [...new Set(ordered.map((r) => r.macro))];
  const mask = rows.reduce((m, r) => m | r.mask, 0);
  return {
    macro: first?.macro,
    string: first?.string,
    otherMacros: macros.slice(1),
    versions: versionsOfMask(mask).filter((v) => versions.includes(v)),
    common: own.length === 0 && common.length > 0,
  };
}

/** Reads a code as 3.x packs it: `lib << 23 | reason`, or `ERR_SYSTEM_FLAG | errno`; `version` pins the strings. */
export function decode3x(code: number, version?: OpenSslVersion): PackedReading {
  const unsigned = code >>> 0;
  const hex = hex8(unsigned);
  if ((unsigned & systemFlag3) !== 0) {
    const errno = unsigned & 0x7fffffff;
    const lib = libraryFor(errLibSys, '3.0');
    return {
      layout: '3.x', code: unsigned, hex, lib: errLibSys, libMacro: lib?.macro, libName: lib?.name ?? undefined, reason: errno,
      errno, otherMacros: [], versions: versionsOfLayout('3.x'), score: 8,
    };
  }
  const libNumber = (unsigned >>> 23) & 0xff;
  const reason = unsigned & 0x7fffff;
  const fatal = (reason & fatalFlag3) !== 0;
  const lib = libraryFor(libNumber, '3.5') ?? libraryFor(libNumber, '3.0');
  const resolved = resolveReason(libNumber, reason, '3.x', version);
  const alert = libNumber === errLibSsl && reason >= alertReasonOffset && reason <= alertReasonOffset + 255 ? reason - alertReasonOffset : undefined;
  const score = !lib || (lib.number === 1 && !resolved.common) ? 0 : resolved.macro ? 6 : alert !== undefined ? 5 : 0;
  return {
    layout: '3.x', code: unsigned, hex, lib: libNumber, libMacro: lib?.macro, libName: lib?.name ?? undefined,
    reason, fatal, common: resolved.common, macro: resolved.macro, string: resolved.string, otherMacros: resolved.otherMacros,
    versions: resolved.versions, alert, score,
  };
}

/** Reads a code as 1.0.2 and 1.1.1 pack it: `lib << 24 | func << 12 | reason`; `version` pins the strings. */
export function decode1x(code: number, version?: OpenSslVersion): PackedReading {
  const unsigned = code >>> 0;
  const hex = hex8(unsigned);
  const libNumber = (unsigned >>> 24) & 0xff;
  const funcNumber = (unsigned >>> 12) & 0xfff;
  const reason = unsigned & 0xfff;
  const lib = libraryFor(libNumber, '1.1.1') ?? libraryFor(libNumber, '1.0.2');
  const func = funcNumber === 0 ? undefined : functionFor(libNumber, funcNumber, '1.1.1') ?? functionFor(libNumber, funcNumber, '1.0.2');
  const base = { layout: '1.x' as const, code: unsigned, hex, lib: libNumber, libMacro: lib?.macro, libName: lib?.name ?? undefined, func: funcNumber, funcName: func?.name };
  // The func field is part of the code, so an unknown function number makes the reading doubtful, not wrong.
  const funcScore = funcNumber === 0 ? 0 : func ? 1 : -2;
  if (libNumber === errLibSys) {
    return { ...base, reason, errno: reason, otherMacros: [], versions: versionsOfLayout('1.x'), score: lib ? 5 + funcScore : 0 };
  }
  const resolved = resolveReason(libNumber, reason, '1.x', version);
  const alert = libNumber === errLibSsl && reason >= alertReasonOffset && reason <= alertReasonOffset + 255 ? reason - alertReasonOffset : undefined;
  const valid = lib !== undefined && libNumber !== 1 && (resolved.macro !== undefined || alert !== undefined);
  return {
    ...base, reason, common: resolved.common, fatal: resolved.common && reason < commonLimit1 && (reason & fatalFlag1) !== 0, macro: resolved.macro, string: resolved.string,
    otherMacros: resolved.otherMacros, versions: resolved.versions, alert,
    score: valid ? (resolved.macro ? 6 : 5) + funcScore : 0,
  };
}

export interface PackedDecode {
  /** Valid readings, most plausible first. */
  readonly readings: readonly PackedReading[];
  /** True when more than one layout gives a plausible reading. */
  readonly ambiguous: boolean;
}

/** Decodes a bare code under both layouts and ranks the readings (errors.md §1.5). */
export function decodePacked(code: number): PackedDecode {
  // On equal scores the 3.x reading comes first: current systems run 3.x.
  const readings = [decode3x(code), decode1x(code)].filter((r) => r.score > 0).sort((a, b) => b.score - a.score);
  const [first, second] = readings;
  const ambiguous = first !== undefined && second !== undefined && second.score >= 5;
  return { readings, ambiguous };
}

/** Packs a reason as `version` would: the inverse of decode3x/decode1x for table rows. */
export function packCode(layout: Layout, lib: number, reason: number, func = 0): number {
  return layout === '3.x'
    ? ((lib & 0xff) << 23 | (reason & 0x7fffff)) >>> 0
    : ((lib & 0xff) << 24 | (func & 0xfff) << 12 | (reason & 0xfff)) >>> 0;
}

/** The `error:…` string this reading would produce (ERR_error_string_n of that layout). */
export function errorString(reading: PackedReading): string {
  const lib = reading.libName ?? `lib(${reading.lib})`;
  const reason = reading.errno !== undefined ? `errno ${reading.errno}` : reading.string ?? `reason(${reading.reason})`;
  if (reading.layout === '3.x') return `error:${reading.hex}:${lib}::${reason}`;
  const func = reading.func === 0 ? lib : reading.funcName ?? `func(${reading.func ?? 0})`;
  return `error:${reading.hex}:${lib}:${func}:${reason}`;
}

