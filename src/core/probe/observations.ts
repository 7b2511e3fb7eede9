// Everything the probe steps saw, in one value: the classifier's only input, so it can be unit-tested with
// hand-made observations and never touches the network.
import type { ChainAnalysis } from './certificates';
import type { HelloVariant } from './clientHello';
import type { DnsObservation } from './dns';
import type { HandshakeObservation } from './handshake';
import type { RawExchange } from './rawExchange';
import type { ConnectFailure } from './tcp';

export interface TcpAttempt {
  readonly address: string;
  readonly ok: boolean;
  readonly failure?: ConnectFailure;
  readonly code?: string;
  readonly message?: string;
  readonly ms: number;
}

export type ProxyObservation =
  | { readonly url: string; readonly ok: true; readonly statusLine: string; readonly ms: number }
  | { readonly url: string; readonly ok: false; readonly stage: 'connect'; readonly failure: ConnectFailure; readonly message: string; readonly ms: number }
  | { readonly url: string; readonly ok: false; readonly stage: 'answer'; readonly status?: number; readonly statusLine: string; readonly authenticate?: string; readonly bytes: number; readonly ms: number };

/** The same handshake made without the proxy, to compare who issued the certificate. */
export interface DirectComparison {
  readonly ok: boolean;
  readonly leafIssuer?: string;
  readonly leafFingerprint?: string;
  readonly failure?: string;
}

export interface ProbeObservations {
  readonly host: string;
  readonly port: number;
  readonly servername?: string;
  readonly proxy?: ProxyObservation;
  readonly dns?: DnsObservation;
  readonly tcp: readonly TcpAttempt[];
  /** The first connection: banner listen, then our default ClientHello. */
  readonly first?: RawExchange;
  readonly handshake?: HandshakeObservation;
  readonly variants: Partial<Readonly<Record<HelloVariant | 'no-sni', RawExchange>>>;
  readonly chain?: ChainAnalysis;
  readonly direct?: DirectComparison;
  /** Set when the first connection worked but the one for the handshake could not be opened. */
  readonly secondConnection?: { readonly failure: ConnectFailure; readonly reason: string };
  readonly now: Date;
  /** The probe ended early because the caller cancelled it. */
  readonly cancelled: boolean;
}
