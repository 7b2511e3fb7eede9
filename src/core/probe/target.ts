// Parses `host[:port]`: names, IPv4, IPv6 in brackets (with a port) or bare (without one).
import { isIP } from 'node:net';

export const defaultPort = 443;

export interface ParsedTarget {
  readonly host: string;
  readonly port: number;
}

export class TargetError extends Error {}

const hostname = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** A DNS name fit for SNI: letters, digits, hyphens and underscores in dot-separated labels. */
export function isHostName(text: string): boolean {
  return isIP(text) === 0 && hostname.test(text);
}

function parsePort(text: string, input: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw new TargetError(`"${input}": the port must be a number from 1 to 65535`);
  return Number(text);
}

export function parseTarget(input: string): ParsedTarget {
  const text = input.trim().replace(/^(?:https|tls):\/\//i, '').replace(/\/.*$/, '');
  if (text === '') throw new TargetError('no target given: expected HOST[:PORT]');
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const host = bracketed[1] ?? '';
    if (isIP(host) !== 6) throw new TargetError(`"${input}": [${host}] is not an IPv6 address`);
    return { host, port: bracketed[2] === undefined ? defaultPort : parsePort(bracketed[2], input) };
  }
  if (isIP(text) === 6) return { host: text, port: defaultPort };
  const colon = text.lastIndexOf(':');
  const host = colon < 0 ? text : text.slice(0, colon);
  const port = colon < 0 ? defaultPort : parsePort(text.slice(colon + 1), input);
  if (isIP(host) === 0 && !hostname.test(host)) throw new TargetError(`"${input}": "${host}" is not a host name or IP address`);
  return { host: host.replace(/\.$/, ''), port };
}
