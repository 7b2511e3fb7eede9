// The probe's report model: the JSON contract of DESIGN.md (`openssl-doctor probe --json`) plus everything a
// panel shows (certificate chain, negotiated parameters, versions, connections and bytes), and the progress
// events a UI listens to while the probe runs.

export const probeReportVersion = 1;

/** Root causes, exactly DESIGN.md's list. */
export const diagnosisIds = [
  'healthy', 'dns-not-found', 'dns-failure', 'tcp-refused', 'tcp-timeout', 'tcp-unreachable', 'reset-on-connect',
  'closed-before-handshake', 'reset-during-handshake', 'no-response', 'slow-response', 'not-tls-http',
  'not-tls-ssh', 'starttls-required', 'not-tls-unknown', 'protocol-version-mismatch', 'cipher-mismatch',
  'sni-required', 'client-cert-required', 'alpn-mismatch', 'server-internal-error', 'handshake-alert',
  'cert-expired', 'cert-not-yet-valid', 'cert-self-signed', 'cert-untrusted-root', 'cert-chain-incomplete',
  'cert-hostname-mismatch', 'reset-after-handshake', 'unexpected-eof', 'proxy-auth-required', 'tls-interception',
] as const;
export type DiagnosisId = (typeof diagnosisIds)[number];

export type Verdict = 'ok' | 'warn' | 'fail';

export type StepName =
  | 'proxy' | 'dns' | 'tcp' | 'banner' | 'first-flight' | 'handshake' | 'differential' | 'certificates' | 'close' | 'direct-comparison';

export interface ProbeTarget {
  /** What the user asked for, as typed. */
  readonly input: string;
  readonly host: string;
  readonly port: number;
  /** The SNI name sent, or undefined when none was (IP literal without --servername). */
  readonly servername?: string;
  /** Addresses DNS returned (or the literal), in the order tried. */
  readonly addresses: readonly string[];
  /** The address the TLS observations come from. */
  readonly address?: string;
  /** The HTTP proxy used, without credentials. */
  readonly proxy?: string;
}

/** What an OpenSSL 3 C client reports for the same failure, so users can match it to their own logs. */
export interface OpensslClientView {
  /** The call that fails: `connect()`, `SSL_connect`, `SSL_read`, or `getaddrinfo()`. */
  readonly call: string;
  /** `SSL_get_error()` value with its name, e.g. `SSL_ERROR_SYSCALL (5)`; absent before TLS starts. */
  readonly sslError?: string;
  readonly errno?: string;
  /** The error-queue line, e.g. `error:0A000126:SSL routines::unexpected eof while reading`. */
  readonly errorQueue?: string;
  /** `SSL_get_verify_result()` for certificate failures. */
  readonly verifyResult?: string;
}

export interface Fix {
  readonly audience: 'server' | 'client';
  readonly text: string;
}

export interface Alternative {
  readonly id: DiagnosisId;
  readonly title: string;
  /** Why it remains possible, and what would confirm it. */
  readonly reason: string;
}

export interface Diagnosis {
  readonly id: DiagnosisId;
  readonly title: string;
  readonly summary: string;
  /** Observed facts the diagnosis rests on (bytes, alerts, timings, how the stream ended). */
  readonly evidence: readonly string[];
  readonly fixes: readonly Fix[];
  /** Other explanations the evidence does not rule out, most likely first. */
  readonly alternatives: readonly Alternative[];
  readonly openssl: OpensslClientView;
}

export type FindingId =
  | 'cert-expiring-soon' | 'legacy-protocol' | 'weak-cipher' | 'sni-required' | 'chain-order' | 'chain-extra-root'
  | 'weak-key' | 'weak-signature' | 'address-failed' | 'no-close-notify-check' | 'keeps-connection-open'
  | 'interception-not-compared' | 'certificate-problem';

export interface Finding {
  readonly id: FindingId;
  readonly severity: 'info' | 'warning' | 'error';
  readonly title: string;
  readonly detail: string;
}

export interface StepRecord {
  readonly name: StepName;
  readonly ms: number;
  /** Short machine-friendly outcome, e.g. `resolved`, `refused`, `alert`, `close_notify`. */
  readonly outcome: string;
  /** One line for people. */
  readonly detail: string;
}

export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** DNS names and IP addresses from subjectAltName (the CN when there is none). */
  readonly names: readonly string[];
  /** e.g. `RSA 2048`, `EC P-256`, `Ed25519`. */
  readonly key: string;
  readonly signatureAlgorithm: string;
  readonly fingerprintSha256: string;
  readonly isCa: boolean;
  readonly selfSigned: boolean;
}

export type ChainTrust =
  | 'trusted' | 'self-signed' | 'untrusted-root' | 'incomplete' | 'unverified';

export interface ChainReport {
  /** Leaf first: in the server's order when `asSent`, else in the order Node's TLS library reports the chain. */
  readonly certificates: readonly CertificateInfo[];
  /** True when read from a plaintext TLS 1.2 flight (TLS 1.3 encrypts the Certificate message). */
  readonly asSent: boolean;
  readonly trust: ChainTrust;
  /** The trust anchor the path ended at, when one was found. */
  readonly anchor?: string;
  readonly hostnameMatches: boolean;
  /** Node's own verification error code (`CERT_HAS_EXPIRED`, …) for comparison. */
  readonly libraryVerifyError?: string;
}

export type VersionSupport = 'accepted' | 'refused' | 'unknown';

export interface NegotiatedParameters {
  readonly version?: string;
  readonly cipher?: string;
  readonly alpn?: string;
  readonly keyExchange?: string;
}

export type CloseBehaviour = 'close_notify' | 'eof-without-close_notify' | 'truncated-record' | 'reset' | 'kept-open' | 'not-checked';

export interface ProbeReport {
  readonly version: typeof probeReportVersion;
  readonly target: ProbeTarget;
  readonly verdict: Verdict;
  readonly diagnosis: Diagnosis;
  readonly findings: readonly Finding[];
  readonly steps: readonly StepRecord[];
  readonly chain?: ChainReport;
  readonly negotiated: NegotiatedParameters;
  readonly versions: Readonly<Record<'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3', VersionSupport>>;
  readonly close: CloseBehaviour;
  readonly connections: number;
  readonly bytesRead: number;
  /** Set when the probe was cancelled through its AbortSignal; the diagnosis then covers what was seen. */
  readonly cancelled: boolean;
  readonly ms: number;
}

/** Progress: each step announces its start and finish, so a UI can show a live timeline. */
export type ProbeEvent =
  | { readonly kind: 'step-started'; readonly step: StepName; readonly detail: string }
  | { readonly kind: 'step-finished'; readonly step: StepRecord };

export type ProbeListener = (event: ProbeEvent) => void;

export interface ProbeOptions {
  /** SNI name to send (also for IP targets); defaults to the host when it is a name. */
  readonly servername?: string;
  /** One total deadline for the whole probe. */
  readonly timeoutMs?: number;
  /** Extra trust anchors (PEM text), added to the system roots. */
  readonly ca?: string;
  /** `http://[user:pass@]host:port` of an HTTP proxy to CONNECT through. */
  readonly proxy?: string;
  readonly signal?: AbortSignal;
  readonly onEvent?: ProbeListener;
  /** DNS servers to ask instead of the system's (tests use a fake resolver on 127.0.0.1). */
  readonly dnsServers?: readonly string[];
  /** How long to listen for a server that speaks first (SSH, SMTP, …) before sending our ClientHello. */
  readonly bannerWaitMs?: number;
  /** Reference time for certificate validity (tests); defaults to now. */
  readonly now?: Date;
}
