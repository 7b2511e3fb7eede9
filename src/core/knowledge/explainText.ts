import {
  explainErrnoNumber, explainNodeCode, explainPackedCode, explainReasonMacro, explainSslErrorValue, explainX509Macro, explainX509Number,
} from './explainers';
import type { Explanation } from './explanation';
import { findingsInLine } from './lineFindings';
import type { Finding } from './recognizer';
import { reasonsByString, x509ByString } from './tables';

export interface LocatedExplanation extends Explanation {
  /** Offsets of the recognised text in the input. */
  readonly start: number;
  readonly end: number;
}

export interface ExplainResult {
  /** Every distinct error in order of first appearance. */
  readonly items: readonly LocatedExplanation[];
  /** How often each item (same index) occurred in the text. */
  readonly occurrences: readonly number[];
  /** True when the text was longer than the limits and only a prefix was examined. */
  readonly truncated: boolean;
}

export interface ExplainLimits {
  /** Distinct items kept. */
  readonly maxItems: number;
  /** Characters of input examined. */
  readonly maxChars: number;
}

export const defaultLimits: ExplainLimits = { maxItems: 500, maxChars: 4_000_000 };

const bareHex = /^(?:0x)?([0-9A-Fa-f]{1,8})[lLuU]{0,3}$/;
const decimal = /^-?\d{1,10}$/;

/** A whole input that is one token: a packed code, a number, a reason or verify string. */
function explainWholeInput(text: string): Explanation[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 200) return [];
  const hex = bareHex.exec(trimmed);
  // A bare 8-digit code (OpenSSL prints them so, even when every digit is decimal: 14094460), or any 0x value.
  if (hex?.[1] && (trimmed.toLowerCase().startsWith('0x') || hex[1].length === 8)) {
    const packed = explainPackedCode(parseInt(hex[1], 16), trimmed);
    if (packed.length > 0 || !decimal.test(trimmed)) return packed;
  }
  if (decimal.test(trimmed)) return explainNumber(Number(trimmed), trimmed);
  // A reason without its prefix, as Python prints it ([SSL: WRONG_VERSION_NUMBER]) or Node's err.code for X509 errors.
  if (/^[A-Z][A-Z0-9_]{2,80}$/.test(trimmed) && !/^(?:SSL_|X509_|ERR_|E[A-Z0-9]+$|WSA)/.test(trimmed)) {
    const bare = explainReasonMacro(`SSL_R_${trimmed}`, trimmed) ?? explainNodeCode(trimmed, trimmed);
    if (bare) return [bare];
  }
  const reason = reasonsByString(trimmed)[0];
  if (reason) return [explainReasonMacro(reason.macro, trimmed)].filter((e): e is Explanation => e !== undefined);
  const verify = x509ByString(trimmed)[0];
  if (verify) return [explainX509Macro(verify.macro, trimmed)].filter((e): e is Explanation => e !== undefined);
  return [];
}

/** A bare decimal number has several readings; each is returned and labelled. */
export function explainNumber(value: number, input: string): Explanation[] {
  const readings: Explanation[] = [];
  const label = (item: Explanation | undefined, as: string): void => {
    if (item) readings.push({ ...item, details: { ...item.details, reading: `as ${as}` } });
  };
  if (value < 0) {
    label(explainErrnoNumber(-value, input), 'a negated errno (libuv/Node style)');
    return readings.map((item) => ({ ...item, details: { ...item.details, ambiguous: false } }));
  }
  if (value > 0xffff) return explainPackedCode(value, input);
  label(explainSslErrorValue(value, input), 'an SSL_get_error() result');
  for (const item of explainX509Number(value, input)) label(item, 'an X509 verify result (SSL_get_verify_result)');
  const errnoItem = explainErrnoNumber(value, input);
  if (!errnoItem.name.startsWith('errno ') || value === 0) label(errnoItem, 'an errno value');
  const ambiguous = readings.length > 1;
  return readings.map((item) => ({ ...item, details: { ...item.details, ambiguous } }));
}

function pushFinding(found: Finding, offset: number, state: { items: LocatedExplanation[]; occurrences: number[]; index: Map<string, number> }, maxItems: number): boolean {
  for (const item of found.items) {
    const key = `${item.kind}\u0000${item.name}`;
    const known = state.index.get(key);
    if (known !== undefined) {
      state.occurrences[known] = (state.occurrences[known] ?? 0) + 1;
      continue;
    }
    if (state.items.length >= maxItems) return false;
    state.index.set(key, state.items.length);
    state.items.push({ ...item, start: offset + found.start, end: offset + found.end });
    state.occurrences.push(1);
  }
  return true;
}

/**
 * Explains every error in a text: one code or name, a log line, or a whole pasted log. Work is linear in the input
 * and bounded by `limits`, so a huge or binary paste returns quickly with `truncated` set.
 */
export function explainText(text: string, limits: ExplainLimits = defaultLimits): ExplainResult {
  const whole = explainWholeInput(text);
  if (whole.length > 0) {
    const start = text.length - text.trimStart().length;
    return { items: whole.map((item) => ({ ...item, start, end: start + text.trim().length })), occurrences: whole.map(() => 1), truncated: false };
  }
  const examined = text.length > limits.maxChars ? text.slice(0, limits.maxChars) : text;
  const state = { items: [] as LocatedExplanation[], occurrences: [] as number[], index: new Map<string, number>() };
  let truncated = examined.length < text.length;
  for (let offset = 0; offset < examined.length;) {
    const newline = examined.indexOf('\n', offset);
    const end = newline === -1 ? examined.length : newline;
    // Windows line endings: the \r belongs to the line break, not to the last field.
    const line = examined.slice(offset, examined[end - 1] === '\r' ? end - 1 : end);
    const findings = line.trim() === '' ? [] : findingsInLine(line);
    // A line that is just a token ("0A000126", "unexpected eof while reading") is explained like a whole input.
    const lineFindings = findings.length > 0 ? findings : explainWholeInput(line).map((item) => ({ start: 0, end: line.length, items: [item] }));
    for (const found of lineFindings) {
      if (!pushFinding(found, offset, state, limits.maxItems)) {
        truncated = true;
        return { items: state.items, occurrences: state.occurrences, truncated };
      }
    }
    offset = end + 1;
  }
  return { items: state.items, occurrences: state.occurrences, truncated };
}
