import errnoData from './data/errno.json';

export type ErrnoPlatform = 'linux' | 'macos' | 'winsock' | 'windowsCrt';

export interface ErrnoEntry {
  readonly platform: ErrnoPlatform;
  readonly number: number;
  readonly name: string;
  readonly message: string;
}

export const platformLabel: Readonly<Record<ErrnoPlatform, string>> = {
  linux: 'Linux',
  macos: 'macOS/BSD',
  winsock: 'Windows (Winsock, WSAGetLastError)',
  windowsCrt: 'Windows (MSVC CRT errno)',
};

const platforms: readonly ErrnoPlatform[] = ['linux', 'macos', 'winsock', 'windowsCrt'];

let entries: ErrnoEntry[] | undefined;
function all(): ErrnoEntry[] {
  entries ??= platforms.flatMap((platform) => (errnoData[platform] as [number, string, string][])
    .map(([number, name, message]) => ({ platform, number, name, message })));
  return entries;
}

/**
 * Errors a TLS connection realistically fails with. When a bare number means different things on different
 * systems (54 is ECONNRESET on macOS but EXFULL on Linux), the reading that is one of these wins.
 */
const networkNames = new Set([
  'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNABORTED', 'ENETUNREACH', 'EHOSTUNREACH', 'EHOSTDOWN',
  'ENETDOWN', 'ENETRESET', 'ENOTCONN', 'EAGAIN', 'EWOULDBLOCK', 'EINTR', 'EPROTO', 'EINPROGRESS', 'EMFILE', 'ENOENT',
  'EACCES', 'EADDRINUSE', 'EADDRNOTAVAIL', 'ESHUTDOWN', 'ENOBUFS',
]);

/** The portable name of a Winsock error: WSAECONNRESET → ECONNRESET. */
export function portableName(name: string): string {
  return name.startsWith('WSAE') ? name.slice(3) : name;
}

export function errnoByName(name: string): ErrnoEntry[] {
  return all().filter((e) => e.name === name);
}

export function errnoByNumber(number: number, platform: ErrnoPlatform): ErrnoEntry | undefined {
  return all().find((e) => e.platform === platform && e.number === number);
}

/** Every reading of an errno value, the most likely first (a hint narrows it when the log says which system). */
export function errnoReadings(number: number, hint?: 'windows' | 'macos' | 'linux'): ErrnoEntry[] {
  if (number >= 10000) return all().filter((e) => e.platform === 'winsock' && e.number === number);
  const order: ErrnoPlatform[] = hint === 'windows' ? ['windowsCrt', 'linux', 'macos'] : hint === 'macos' ? ['macos', 'linux'] : ['linux', 'macos'];
  // One reading per platform: the first listed name is the canonical one (EAGAIN before EWOULDBLOCK).
  const readings = order.map((p) => errnoByNumber(number, p)).filter((e): e is ErrnoEntry => e !== undefined);
  if (hint) return readings;
  const network = readings.findIndex((e) => networkNames.has(e.name));
  if (network > 0) readings.unshift(...readings.splice(network, 1));
  return readings;
}
