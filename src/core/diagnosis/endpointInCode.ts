// Finds the endpoint a C/C++ program connects to from the code itself: the string literal under the cursor when
// it names a host (`"api.example.com:8443"`, `"https://…"`), or any literal passed to the calls that take a host
// name (`SSL_set_tlsext_host_name`, `BIO_set_conn_hostname`, …). A small lexer skips comments, character
// literals and #include lines, and tracks which call each parenthesis belongs to; it never guesses beyond that.
import { parseTargetInput } from './targetInput';

export interface EndpointLiteral {
  /** Offsets of the literal including its quotes. */
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** The function whose argument list holds the literal, when there is one. */
  readonly call?: string;
  /** Canonical `host:port` to probe. */
  readonly target: string;
}

/** OpenSSL calls whose string argument is a host name (or `host:port` for the BIO connect calls). */
export const hostNameCalls: ReadonlySet<string> = new Set([
  'SSL_set_tlsext_host_name', 'BIO_set_conn_hostname', 'BIO_new_connect', 'SSL_set1_host', 'SSL_add1_host',
  'X509_VERIFY_PARAM_set1_host', 'X509_VERIFY_PARAM_add1_host', 'X509_check_host',
]);

/** Service names BIO_set_conn_hostname accepts after the colon. */
const services: Readonly<Record<string, number>> = { https: 443, ldaps: 636, imaps: 993, pop3s: 995, smtps: 465, ftps: 990 };

/** Last labels that make `name.ext` a file, not a host. */
const fileExtensions = new Set('c h cc cpp cxx hpp hh hxx o obj so a lib dll dylib exe pem crt cer der key csr p12 pfx p7b jks txt log md json xml yaml yml ini conf cfg cnf sh bat py js ts html htm css png jpg jpeg gif svg ico zip gz tgz tar bz2 xz bin dat db sqlite lock pid sock tmp bak out in'.split(' '));

const maxLiteral = 2048;

function decode(body: string): string | undefined {
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c !== '\\') { value += c; continue; }
    const next = body[++i];
    // Only escapes a host name could contain; anything else (\x, \n, octal) means "not a host".
    if (next === '\\' || next === '"' || next === '\'' || next === '/') value += next;
    else return undefined;
  }
  return value;
}

function asTarget(value: string, call: string | undefined): string | undefined {
  if (value.length === 0 || value.length > 300) return undefined;
  const service = /^(.+):([a-z0-9]+)$/.exec(value);
  const withPort = service?.[1] !== undefined && services[service[2] ?? ''] !== undefined ? `${service[1]}:${services[service[2] ?? '']}` : value;
  const parsed = parseTargetInput(withPort);
  if (!parsed.ok) return undefined;
  if (call !== undefined && hostNameCalls.has(call)) return parsed.target;
  // A literal elsewhere must look like an endpoint, not a file name, a version or a format string.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return parsed.target;
  const hasPort = withPort !== value || /:\d{1,5}$/.test(value);
  const labels = parsed.host.split('.');
  const last = labels[labels.length - 1] ?? '';
  const isName = labels.length >= 2 && /^[a-z][a-z-]*[a-z]$/i.test(last) && !fileExtensions.has(last.toLowerCase());
  return isName || (hasPort && (parsed.host === 'localhost' || /^[\d.]+$|:/.test(parsed.host))) ? parsed.target : undefined;
}

const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_]/;

/** The endpoint literal at `offset` in C or C++ source, or undefined when the cursor is not on one. */
export function endpointLiteralAt(source: string, offset: number): EndpointLiteral | undefined {
  const calls: (string | undefined)[] = [];
  let lastIdentifier: string | undefined;
  let lineStart = true;
  let i = 0;
  const limit = Math.min(source.length, offset + maxLiteral);
  while (i < limit) {
    const c = source[i] ?? '';
    if (c === '\n') { lineStart = true; lastIdentifier = undefined; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close < 0 ? source.length : close + 2;
      continue;
    }
    if (c === '#' && lineStart) {
      const directive = /^#\s*(include|import|include_next)\b/.exec(source.slice(i, i + 20));
      if (directive) {
        while (i < source.length && source[i] !== '\n') i++;
        continue;
      }
    }
    lineStart = false;
    if (c === '"') {
      const raw = lastIdentifier !== undefined && lastIdentifier.endsWith('R') && source[i - 1] === lastIdentifier[lastIdentifier.length - 1];
      const start = i;
      let end: number;
      let body: string | undefined;
      if (raw) {
        const open = source.indexOf('(', i);
        const delimiter = open < 0 ? '' : source.slice(i + 1, open);
        const close = open < 0 || delimiter.length > 16 ? -1 : source.indexOf(`)${delimiter}"`, open);
        end = close < 0 ? source.length : close + delimiter.length + 2;
        body = close < 0 ? undefined : source.slice(open + 1, close);
      } else {
        let j = i + 1;
        while (j < source.length && source[j] !== '"' && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
        end = source[j] === '"' ? j + 1 : j;
        body = source[j] === '"' ? decode(source.slice(i + 1, j)) : undefined;
      }
      if (offset >= start && offset <= end) {
        if (body === undefined || end - start > maxLiteral) return undefined;
        const call = calls[calls.length - 1];
        const target = asTarget(body, call);
        return target ? { start, end, value: body, call, target } : undefined;
      }
      i = end;
      lastIdentifier = undefined;
      continue;
    }
    if (c === '\'') {
      let j = i + 1;
      while (j < source.length && source[j] !== '\'' && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      i = j + 1;
      lastIdentifier = undefined;
      continue;
    }
    if (identifierStart.test(c)) {
      let j = i + 1;
      while (j < source.length && identifierPart.test(source[j] ?? '')) j++;
      lastIdentifier = source.slice(i, j);
      i = j;
      continue;
    }
    if (c === '(') calls.push(lastIdentifier);
    else if (c === ')') calls.pop();
    else if (c === ';' || c === '{' || c === '}') calls.length = 0;
    lastIdentifier = undefined;
    i++;
  }
  return undefined;
}
