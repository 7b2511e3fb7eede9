import opensslData from './data/openssl-errors.json';
import x509Data from './data/x509-verify.json';
import { pushTo } from '../multimap';

/** The version families the tables cover; "3.5" also stands for 3.2+ (the "ssl/tls alert" strings). */
export type OpenSslVersion = '1.0.2' | '1.1.1' | '3.0' | '3.5';
export type Layout = '1.x' | '3.x';

export const openSslVersions = opensslData.versions as readonly OpenSslVersion[];
const layouts = opensslData.layouts as readonly Layout[];

export function layoutOf(version: OpenSslVersion): Layout {
  return layouts[openSslVersions.indexOf(version)] ?? '3.x';
}

export function versionsOfLayout(layout: Layout): OpenSslVersion[] {
  return openSslVersions.filter((v) => layoutOf(v) === layout);
}

/** Human-readable version list for a row's mask: "1.1.1, 3.0, 3.5". */
export function versionsOfMask(mask: number): OpenSslVersion[] {
  return openSslVersions.filter((_, i) => (mask & (1 << i)) !== 0);
}

function bitOf(version: OpenSslVersion): number {
  return 1 << openSslVersions.indexOf(version);
}

export interface LibraryRow { readonly number: number; readonly macro: string; readonly name: string | null; readonly mask: number }
export interface ReasonRow { readonly lib: number; readonly reason: number; readonly macro: string; readonly string: string; readonly mask: number }
export interface CommonReasonRow { readonly value: number; readonly macro: string; readonly string: string; readonly mask: number }
export interface FunctionRow { readonly lib: number; readonly func: number; readonly name: string; readonly mask: number }
export interface X509Row { readonly number: number; readonly macro: string; readonly string: string | null; readonly mask: number }

type Row = readonly (string | number | null)[];
const num = (row: Row, i: number): number => row[i] as number;
const str = (row: Row, i: number): string => row[i] as string;

// Rows are decoded into objects and indexed on first use, so activating the extension costs nothing.
interface Tables {
  libs: LibraryRow[];
  reasons: ReasonRow[];
  common: CommonReasonRow[];
  functions: FunctionRow[];
  x509: X509Row[];
  reasonsByCode: Map<number, ReasonRow[]>;
  reasonsByMacro: Map<string, ReasonRow[]>;
  reasonsByString: Map<string, ReasonRow[]>;
  commonByValue: Map<number, CommonReasonRow[]>;
  commonByMacro: Map<string, CommonReasonRow[]>;
  functionsByCode: Map<number, FunctionRow[]>;
  libsByNumber: Map<number, LibraryRow[]>;
  libsByMacro: Map<string, LibraryRow>;
  x509ByNumber: Map<number, X509Row[]>;
  x509ByMacro: Map<string, X509Row[]>;
  x509ByString: Map<string, X509Row[]>;
}
let cache: Tables | undefined;

function tables(): Tables {
  if (cache) return cache;
  const libs = (opensslData.libs as Row[]).map((r) => ({ number: num(r, 0), macro: str(r, 1), name: r[2] as string | null, mask: num(r, 3) }));
  const reasons = (opensslData.reasons as Row[]).map((r) => ({ lib: num(r, 0), reason: num(r, 1), macro: str(r, 2), string: str(r, 3), mask: num(r, 4) }));
  const common = (opensslData.common as Row[]).map((r) => ({ value: num(r, 0), macro: str(r, 1), string: str(r, 2), mask: num(r, 3) }));
  const functions = (opensslData.functions as Row[]).map((r) => ({ lib: num(r, 0), func: num(r, 1), name: str(r, 2), mask: num(r, 3) }));
  const x509 = (x509Data.codes as Row[]).map((r) => ({ number: num(r, 0), macro: str(r, 1), string: r[2] as string | null, mask: num(r, 3) }));
  const built: Tables = {
    libs, reasons, common, functions, x509,
    reasonsByCode: new Map(), reasonsByMacro: new Map(), reasonsByString: new Map(),
    commonByValue: new Map(), commonByMacro: new Map(),
    functionsByCode: new Map(),
    libsByNumber: new Map(), libsByMacro: new Map(),
    x509ByNumber: new Map(), x509ByMacro: new Map(), x509ByString: new Map(),
  };
  for (const r of reasons) {
    pushTo(built.reasonsByCode, r.lib * 0x1000000 + r.reason, r);
    pushTo(built.reasonsByMacro, r.macro, r);
    pushTo(built.reasonsByString, r.string.toLowerCase(), r);
  }
  for (const r of common) {
    pushTo(built.commonByValue, r.value, r);
    pushTo(built.commonByMacro, r.macro, r);
  }
  for (const f of functions) {
    pushTo(built.functionsByCode, f.lib * 0x1000 + f.func, f);
  }
  for (const l of libs) {
    pushTo(built.libsByNumber, l.number, l);
    if (!built.libsByMacro.has(l.macro)) built.libsByMacro.set(l.macro, l);
  }
  for (const x of x509) {
    pushTo(built.x509ByNumber, x.number, x);
    pushTo(built.x509ByMacro, x.macro, x);
    if (x.string) pushTo(built.x509ByString, x.string.toLowerCase(), x);
  }
  cache = built;
  return built;
}

const inVersion = (version: OpenSslVersion | undefined) => (row: { mask: number }) => version === undefined || (row.mask & bitOf(version)) !== 0;

export function allReasons(): readonly ReasonRow[] { return tables().reasons; }
export function allCommonReasons(): readonly CommonReasonRow[] { return tables().common; }
export function allFunctions(): readonly FunctionRow[] { return tables().functions; }
export function allX509Codes(): readonly X509Row[] { return tables().x509; }

export function reasonsFor(lib: number, reason: number, version?: OpenSslVersion): ReasonRow[] {
  return (tables().reasonsByCode.get(lib * 0x1000000 + reason) ?? []).filter(inVersion(version));
}
export function reasonsByMacro(macro: string, version?: OpenSslVersion): ReasonRow[] {
  return (tables().reasonsByMacro.get(macro) ?? []).filter(inVersion(version));
}
export function reasonsByString(text: string): ReasonRow[] {
  return tables().reasonsByString.get(text.toLowerCase()) ?? [];
}
export function commonReasonsFor(value: number, version?: OpenSslVersion): CommonReasonRow[] {
  return (tables().commonByValue.get(value) ?? []).filter(inVersion(version));
}
export function commonReasonsByMacro(macro: string, version?: OpenSslVersion): CommonReasonRow[] {
  return (tables().commonByMacro.get(macro) ?? []).filter(inVersion(version));
}
export function functionFor(lib: number, func: number, version?: OpenSslVersion): FunctionRow | undefined {
  return (tables().functionsByCode.get(lib * 0x1000 + func) ?? []).find(inVersion(version));
}
export function libraryFor(number: number, version?: OpenSslVersion): LibraryRow | undefined {
  return (tables().libsByNumber.get(number) ?? []).find(inVersion(version));
}
export function libraryByMacro(macro: string): LibraryRow | undefined {
  return tables().libsByMacro.get(macro);
}
export function x509ByNumber(number: number, version?: OpenSslVersion): X509Row[] {
  return (tables().x509ByNumber.get(number) ?? []).filter(inVersion(version));
}
export function x509ByMacro(macro: string): X509Row[] {
  return tables().x509ByMacro.get(macro) ?? [];
}
export function x509ByString(text: string): X509Row[] {
  return tables().x509ByString.get(text.toLowerCase()) ?? [];
}
