// What a user types (or a C string names) as an endpoint: `host[:port]`, `[v6]:port`, or an https:// URL, reduced
// to the canonical `host:port` the probe takes. Errors are sentences for an input box.
import { isIP } from 'node:net';
import { TargetError, parseTarget } from '../probe/target';

export type TargetInput =
  | { readonly ok: true; readonly host: string; readonly port: number; readonly target: string }
  | { readonly ok: false; readonly message: string };

/** Schemes that name a TLS endpoint, with their default port. */
const tlsSchemes: Readonly<Record<string, number>> = { 'https:': 443, 'wss:': 443, 'tls:': 443, 'ldaps:': 636, 'imaps:': 993, 'pop3s:': 995, 'smtps:': 465, 'ftps:': 990 };
const plainSchemes = new Set(['http:', 'ws:', 'ldap:', 'imap:', 'pop3:', 'smtp:', 'ftp:']);

export function formatTarget(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

function fromUrl(text: string): TargetInput {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a valid URL` };
  }
  if (plainSchemes.has(url.protocol)) return { ok: false, message: `${url.protocol}// is not TLS: use the TLS form (https://, ldaps://, …) or host:port` };
  const defaultPort = tlsSchemes[url.protocol];
  if (defaultPort === undefined) return { ok: false, message: `${url.protocol}// is not a TLS URL scheme` };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') return { ok: false, message: 'the URL has no host' };
  const port = url.port === '' ? defaultPort : Number(url.port);
  return fromHostPort(formatTarget(host, port));
}

function fromHostPort(text: string): TargetInput {
  try {
    const { host, port } = parseTarget(text);
    return { ok: true, host, port, target: formatTarget(host, port) };
  } catch (error) {
    if (error instanceof TargetError) return { ok: false, message: error.message };
    throw error;
  }
}

export function parseTargetInput(input: string): TargetInput {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Type a host, host:port, [IPv6]:port or an https:// URL' };
  if (text.length > 2048) return { ok: false, message: 'that is too long to be a host name or URL' };
  // Control characters never belong in a host name; reject them before they reach a message or a socket.
  if ([...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return { ok: false, message: 'the target contains control characters' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return fromUrl(text);
  return fromHostPort(text);
}
