import { explainName, explainPackedCode, explainSslErrorValue, explainX509Number } from './explainers';
import type { Explanation } from './explanation';

/** What a number literal in C/C++ is compared with, when the surrounding code says so. */
export type NumberMeaning = 'ssl-error' | 'x509-verify';

const sources: readonly [RegExp, NumberMeaning][] = [
  [/\bSSL_get_error\s*\(/, 'ssl-error'],
  [/\b(?:SSL_get_verify_result|X509_STORE_CTX_get_error)\s*\(/, 'x509-verify'],
];

function meaningOfCall(text: string): NumberMeaning | undefined {
  return sources.find(([pattern]) => pattern.test(text))?.[1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Decides whether the number at [start, end) of `line` is compared with SSL_get_error()'s or
 * SSL_get_verify_result()'s result: directly on the line (`SSL_get_error(s, r) == 5`), through a variable
 * assigned from the call in `before` (the preceding source), or as a `case` of a switch over either.
 */
export function numberMeaningInCode(before: string, line: string, start: number, end: number): NumberMeaning | undefined {
  const left = line.slice(0, start);
  const right = line.slice(end);
  const compared = /(?:[=!]=|[<>]=?)\s*\(?\s*$/.test(left) || /^\s*\)?\s*(?:[=!]=|[<>]=?)/.test(right);
  const isCase = /\bcase\s+$/.test(left);
  if (!compared && !isCase) return undefined;
  if (compared) {
    const direct = meaningOfCall(line);
    if (direct) return direct;
    const variable = /(\w+)\s*\)?\s*(?:[=!]=|[<>]=?)\s*\(?\s*$/.exec(left)?.[1] ?? /^\s*\)?\s*(?:[=!]=|[<>]=?)\s*(\w+)/.exec(right)?.[1];
    return variable ? assignedFrom(before, variable) : undefined;
  }
  // case N: find the nearest switch before it.
  const switches = [...before.matchAll(/\bswitch\s*\(([^\n{]{1,200})\)/g)];
  const subject = switches[switches.length - 1]?.[1];
  if (!subject) return undefined;
  return meaningOfCall(subject) ?? (/^\s*(\w+)\s*$/.test(subject) ? assignedFrom(before, subject.trim()) : undefined);
}

function assignedFrom(before: string, variable: string): NumberMeaning | undefined {
  const assignments = [...before.matchAll(new RegExp(`\\b${escapeRegExp(variable)}\\s*=(?!=)([^;]{1,300});`, 'g'))];
  const last = assignments[assignments.length - 1]?.[1];
  return last ? meaningOfCall(last) : undefined;
}

/** Explanations for the token under the cursor in C/C++: a name, or a number whose meaning the code reveals. */
export function explainCodeToken(token: string, meaning: NumberMeaning | undefined): Explanation[] {
  if (/^[A-Za-z_]\w*$/.test(token)) {
    const item = explainName(token);
    return item ? [item] : [];
  }
  const hex = /^0[xX]([0-9A-Fa-f]{1,8})[uUlL]{0,3}$/.exec(token);
  if (hex?.[1]) return meaning ? [] : explainPackedCode(parseInt(hex[1], 16), token);
  const decimal = /^(\d{1,6})[uUlL]{0,3}$/.exec(token);
  if (!decimal?.[1] || !meaning) return [];
  const value = Number(decimal[1]);
  if (meaning === 'ssl-error') {
    const item = explainSslErrorValue(value, token);
    return item ? [item] : [];
  }
  return explainX509Number(value, token);
}
