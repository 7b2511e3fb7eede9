import {
  explainAlert, explainErrnoName, explainErrnoNumber, explainName, explainNodeCode, explainPackedReading,
  explainReasonMacro, explainX509Macro, explainX509Number,
} from './explainers';
import type { Explanation } from './explanation';
import { decode1x, decode3x, type PackedReading } from './packedCode';
import { allX509Codes, layoutOf, openSslVersions, reasonsByString, x509ByNumber, x509ByString, type Layout } from './tables';
import { eachMatch as each, type Finding, type LineRecognizer, type PlatformHint } from './recognizer';
import { toolRecognizers } from './toolMessages';

// error:<8 hex>:<lib>:<func>:<reason>[:<file>:<line>:<data>], optionally after a thread id (errors.md §1.4, §4.7).
// Bounded repetitions and a " error:" stop keep it linear on hostile input and split nginx's multi-entry lists.
const opensslErrorPattern = /(?:\b([0-9A-Fa-f]{8,16}|\d{1,20}):)?\berror:([0-9A-Fa-f]{8}):([^:\n]{0,80}):([^:\n]{0,120}):((?:(?! error:)[^:\n)]){1,200})(?::((?:(?! error:)[^:\n)]){1,300}):(\d{1,7}):((?:(?! error:)[^\n)]){0,300}))?/g;

function printedLayout(tid: string | undefined, func: string, file: string | undefined): Layout | undefined {
  if (func === '') return '3.x';
  if (tid !== undefined && /^\d+$/.test(tid) && tid.length !== 8 && tid.length !== 16) return '1.x';
  if (tid !== undefined && /[A-Fa-f]/.test(tid) && file !== undefined) return '3.x';
  return file === undefined ? '1.x' : undefined;
}

/** Picks the layout whose decoding reproduces the printed reason; else the one the format implies; else the better score. */
function chooseReading(code: number, printedReason: string, layout: Layout | undefined): PackedReading {
  const readings: [PackedReading, PackedReading] = [decode3x(code), decode1x(code)];
  const text = printedReason.trim().toLowerCase();
  const byText = readings.find((r) => r.string?.toLowerCase() === text || (r.errno !== undefined && r.score > 0 && layout === r.layout));
  if (byText) return byText;
  // Reason numbers were reused between versions (SSL 372: "dh key too small" in 1.0.2 only): the printed text says which.
  const pinned = openSslVersions.map((v) => (layoutOf(v) === '3.x' ? decode3x(code, v) : decode1x(code, v)));
  const byVersionText = pinned.find((r) => r.string?.toLowerCase() === text);
  if (byVersionText) return byVersionText;
  const byLayout = readings.find((r) => r.layout === layout);
  if (byLayout && byLayout.score > 0) return byLayout;
  const [first, second] = readings;
  return second && second.score > first.score ? second : first;
}

function opensslErrors(line: string, hint: PlatformHint): Finding[] {
  if (!line.includes('error:')) return [];
  return each(line, opensslErrorPattern, (m) => {
    const [, tid, hex = '', lib = '', func = '', reason = '', file, lineNo, data] = m;
    const reading = chooseReading(parseInt(hex, 16), reason, printedLayout(tid, func, file));
    const printedBy = /ssl\/tls alert/i.test(reason) ? '3.2 or later' : /\bsslv3 alert\b/i.test(reason) && reading.layout === '3.x' ? '3.0 or 3.1' : null;
    const alertInData = /SSL alert number (\d{1,3})/.exec(data ?? '');
    const item = explainPackedReading(reading, m[0], {
      printedLibrary: lib, printedReason: reason, ...(func ? { printedFunction: func } : {}),
      ...(file ? { file, line: Number(lineNo) } : {}), ...(data ? { data } : {}),
      ...(printedBy ? { printedBy } : {}), ...(alertInData ? { alert: Number(alertInData[1]) } : {}),
    }, hint);
    return [item];
  }, hint);
}

function x509ByText(text: string, input: string): Explanation | undefined {
  const cleaned = text.trim().replace(/[.)'"\]]+$/, '').trim();
  const row = x509ByString(cleaned)[0];
  return row ? explainX509Macro(row.macro, input) : undefined;
}

/** A verify code with its printed text: the text picks the right macro where numbers were reused (24, 76-79). */
function x509WithText(num: number, text: string | undefined, input: string): Explanation[] {
  if (num === 0) return [];
  const byText = text !== undefined ? x509ByNumber(num).find((r) => r.string?.toLowerCase() === text.trim().toLowerCase()) : undefined;
  if (byText) return [explainX509Macro(byText.macro, input)].filter((e): e is Explanation => e !== undefined);
  return explainX509Number(num, input);
}

let x509TextPattern: RegExp | undefined;
/** The longer, distinctive X509 verify strings, as Node, curl and others print them without a number. */
function x509Texts(line: string): Finding[] {
  x509TextPattern ??= new RegExp(`\\b(?:${[...new Set(allX509Codes().map((r) => r.string).filter((s): s is string => s !== null && s.length >= 20))]
    .sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})`, 'gi');
  return each(line, x509TextPattern, (m) => [x509ByText(m[0], m[0])]);
}

const errnoPhrases: Readonly<Record<string, string>> = {
  'connection reset by peer': 'ECONNRESET',
  'connection was reset': 'ECONNRESET',
  'an existing connection was forcibly closed by the remote host': 'ECONNRESET',
  'broken pipe': 'EPIPE',
  'connection refused': 'ECONNREFUSED',
  'connection timed out': 'ETIMEDOUT',
  'operation timed out': 'ETIMEDOUT',
  'no route to host': 'EHOSTUNREACH',
  'network is unreachable': 'ENETUNREACH',
  'no such file or directory': 'ENOENT',
};
const errnoPhrasePattern = new RegExp(`\\b(?:${Object.keys(errnoPhrases).join('|')})\\b`, 'gi');

/** errno 0 only means "EOF" next to SSL_ERROR_SYSCALL; elsewhere (Ruby's returned=1 errno=0) it means nothing. */
const syscallContext = /SSL_ERROR_SYSCALL|returned=5|\b(?:read|write|connect):errno=0\b/;

function platformFromLine(line: string): PlatformHint {
  if (/\bWinError\b|\bWSAE|schannel|errno 10\d{3}\b|\b10054\b/i.test(line)) return 'windows';
  if (/LibreSSL|darwin|macOS/i.test(line)) return 'macos';
  return undefined;
}

const genericRecognizers: readonly LineRecognizer[] = [
  opensslErrors,
  // Python: [SSL: REASON] text (_ssl.c:N); other libraries appear as [PEM: …], [X509: …].
  (line) => each(line, /\[([A-Z0-9_]{1,20}): ([A-Z0-9_]{1,80})\]([^\n(]{0,300})/g, (m) => {
    const macro = `${m[1] ?? ''}_R_${m[2] ?? ''}`;
    const item = explainReasonMacro(macro, m[0]);
    const verify = /certificate verify failed: ([^\n(]{1,200})/.exec(m[3] ?? '');
    return [item, verify?.[1] ? x509ByText(verify[1], verify[0]) : undefined];
  }),
  (line) => each(line, /(Hostname|IP address) mismatch, certificate is not valid for '([^'\n]{0,255})'/g, (m) => [
    explainX509Macro(m[1] === 'Hostname' ? 'X509_V_ERR_HOSTNAME_MISMATCH' : 'X509_V_ERR_IP_ADDRESS_MISMATCH', m[0]),
  ]),
  (line) => each(line, /verify error:num=(\d{1,4}):([^\n]{0,200})/g, (m) => x509WithText(Number(m[1]), m[2], m[0])),
  (line) => each(line, /Verify return code: (\d{1,4}) \(([^)\n]{0,200})\)/g, (m) => x509WithText(Number(m[1]), m[2], m[0])),
  (line) => each(line, /error (\d{1,4}) at (\d{1,3}) depth lookup: ?([^\n]{0,200})/g, (m) => x509WithText(Number(m[1]), m[3], m[0])),
  (line) => each(line, /SSL certificate problem: ([^\n]{1,200})/g, (m) => [x509ByText(m[1] ?? '', m[0])]),
  (line) => each(line, /certificate verify failed \(([^)\n]{1,200})\)/g, (m) => [x509ByText(m[1] ?? '', m[0])]),
  (line) => each(line, /SSL: certificate subject name '[^'\n]{0,255}' does not match target host name '[^'\n]{0,255}'/g, (m) => [explainX509Macro('X509_V_ERR_HOSTNAME_MISMATCH', m[0])]),
  x509Texts,
  (line) => each(line, /SSL alert number (\d{1,3})/g, (m) => [explainAlert(Number(m[1]), m[0])]),
  // Ruby: state=error: <reason string>; and bare reason strings after OpenSSL-style prefixes.
  (line) => each(line, /state=[^:\n]{1,100}: ([a-z0-9 /]{3,120}?)(?: \(|$)/g, (m) => {
    const row = reasonsByString(m[1] ?? '')[0];
    return [row ? explainReasonMacro(row.macro, m[0]) : undefined];
  }),
  (line) => each(line, /Hostname\/IP does not match certificate's altnames/g, (m) => [explainNodeCode('ERR_TLS_CERT_ALTNAME_INVALID', m[0])]),
  // Node's err.code for certificate errors is the X509 macro without its prefix.
  (line) => each(line, /\bcode:? ?['"=]? ?['"]?([A-Z][A-Z0-9_]{2,60})\b/g, (m) => {
    const code = m[1] ?? '';
    // errno names and ERR_* codes are tokens of their own (below).
    return code.startsWith('E') ? [] : [explainNodeCode(code, m[0])];
  }),
  (line) => each(line, /\b(?:SSL_ERROR_[A-Z_]{3,40}|X509_V_(?:ERR_[A-Z0-9_]{2,60}|OK)|ERR_LIB_[A-Z0-9_]{2,30}|ERR_R_[A-Z0-9_]{2,60}|SSL_AD_[A-Z_]{2,60}|[A-Z][A-Z0-9]{0,15}(?:_[A-Z0-9]{1,15})?_R_[A-Z0-9_]{2,80}|ERR_(?:SSL|OSSL|TLS)_[A-Z0-9_/]{2,100}|WSA[A-Z_]{3,30}|E[A-Z0-9]{2,20})\b/g,
    (m) => [explainName(m[0])]),
  (line, hint) => {
    const syscall = syscallContext.test(line);
    return each(line, /\b(?:errno[ =:]{1,3}|\[Errno |\[WinError |errno: )(-?\d{1,6})\b/g, (m) => {
      const n = Math.abs(Number(m[1]));
      if (n === 0 && !syscall) return [];
      return [explainErrnoNumber(n, m[0], m[0].includes('WinError') ? 'windows' : hint)];
    }, `${hint ?? ''}${syscall ? ' syscall' : ''}`);
  },
  // nginx and others append "(104: Connection reset by peer)".
  (line, hint) => each(line, /\((\d{1,5}): ([A-Za-z][^)\n]{2,120})\)/g, (m) => {
    const item = explainErrnoNumber(Number(m[1]), m[0], hint);
    return item.name === `errno ${m[1] ?? ''}` || item.name === 'errno 0' ? [] : [item];
  }, hint),
  (line) => each(line, errnoPhrasePattern, (m) => [explainErrnoName(errnoPhrases[m[0].toLowerCase()] ?? '', m[0])]),
];

const recognizers: readonly LineRecognizer[] = [...toolRecognizers, ...genericRecognizers];

/** Scanning stops at this many characters of one line: beyond it a "line" is not a log line any more. */
export const maxLineLength = 16_384;

/** Everything recognised on one line, by position; each explanation appears once per line (the first place wins). */
export function findingsInLine(fullLine: string): Finding[] {
  const line = fullLine.length > maxLineLength ? fullLine.slice(0, maxLineLength) : fullLine;
  const hint = platformFromLine(line);
  const found = recognizers.flatMap((recognize) => recognize(line, hint));
  if (found.length === 0) return [];
  // Text inside a decoded error:… entry ("Connection refused", a verify string) is part of that entry.
  const decoded = found.filter((f) => f.items.some((i) => i.kind === 'openssl-error') && line.slice(f.start, f.end).includes('error:'));
  const all = found
    .filter((f) => decoded.includes(f) || !decoded.some((d) => d.start <= f.start && f.end <= d.end && (d.start < f.start || f.end < d.end)))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const seen = new Set<string>();
  const alertsCarried = new Set(all.flatMap((f) => f.items).filter((i) => i.kind === 'openssl-error' && typeof i.details.alert === 'number').map((i) => i.details.alert));
  const out: Finding[] = [];
  for (const found of all) {
    const items = found.items.filter((item) => {
      const key = `${item.kind}:${item.name}`;
      if (seen.has(key)) return false;
      // "SSL alert number 40" repeats what the error code on the same line already says.
      if (item.kind === 'tls-alert' && alertsCarried.has(item.details.alert)) return false;
      seen.add(key);
      return true;
    });
    if (items.length > 0) out.push({ ...found, items });
  }
  return out;
}
