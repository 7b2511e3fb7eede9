// The message protocol between the extension and the diagnosis panel's webview. Both sides import this module
// and validate what they receive with it: the webview trusts no message shape, and the extension treats the
// webview (which renders network-supplied text) as untrusted input.
import { diagnosisIds, type ProbeReport, type StepName } from '../probe/report';
import { arrayOf, bool, literal, num, object, optional, recordOf, str, union, type Check } from './schema';

export const diagnosisViewType = 'openssl-doctor.diagnosis';

export type PanelPhase = 'running' | 'done' | 'failed' | 'cancelled';

/** One line of the live timeline: a step that started, and its outcome once it finished. */
export interface TimelineStep {
  readonly name: StepName;
  readonly detail: string;
  readonly state: 'running' | 'done';
  readonly ms?: number;
  readonly outcome?: string;
}

/** Everything the panel shows; the extension owns it and sends it whole, the webview keeps it with setState. */
export interface PanelModel {
  /** `host:port` as probed. */
  readonly target: string;
  readonly phase: PanelPhase;
  readonly startedAt: number;
  readonly timeline: readonly TimelineStep[];
  readonly report?: ProbeReport;
  /** Why the probe could not run at all (bad proxy URL, unreadable CA file). */
  readonly error?: string;
  /** The editor settings that shaped this run (proxy, extra CA, deadline), for the reader. */
  readonly settings: readonly string[];
}

export interface ToWebview {
  readonly type: 'model';
  readonly model: PanelModel;
}

/** What the webview shows after rendering a model: lets the extension log and tests confirm receipt. */
export interface RenderedSummary {
  readonly target: string;
  readonly phase: PanelPhase;
  readonly diagnosisId?: string;
  readonly headline: string;
  readonly timelineRows: number;
  readonly certificates: number;
}

export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'rerun' }
  | { readonly type: 'cancel' }
  | { readonly type: 'copyMarkdown' }
  | { readonly type: 'saveJson' }
  | { readonly type: 'openLog' }
  | { readonly type: 'rendered'; readonly summary: RenderedSummary };

/** The state the webview stores with setState and the panel serializer receives after a reload. */
export interface PanelState {
  readonly model: PanelModel;
}

const stepNames: readonly StepName[] = ['proxy', 'dns', 'tcp', 'banner', 'first-flight', 'handshake', 'differential', 'certificates', 'close', 'direct-comparison'];
const phase = literal('running', 'done', 'failed', 'cancelled');
// Generous caps: a certificate may carry thousands of names; beyond these a message is not a probe report.
const strings = arrayOf(str, 10_000);

const certificate = object({
  subject: str, issuer: str, serialNumber: str, notBefore: str, notAfter: str, names: strings, key: str,
  signatureAlgorithm: str, fingerprintSha256: str, isCa: bool, selfSigned: bool,
});

const report: Check = object({
  version: literal(1),
  target: object({ input: str, host: str, port: num, servername: optional(str), addresses: strings, address: optional(str), proxy: optional(str) }),
  verdict: literal('ok', 'warn', 'fail'),
  diagnosis: object({
    id: literal(...diagnosisIds), title: str, summary: str, evidence: strings,
    fixes: arrayOf(object({ audience: literal('server', 'client'), text: str })),
    alternatives: arrayOf(object({ id: literal(...diagnosisIds), title: str, reason: str })),
    openssl: object({ call: str, sslError: optional(str), errno: optional(str), errorQueue: optional(str), verifyResult: optional(str) }),
  }),
  findings: arrayOf(object({ id: str, severity: literal('info', 'warning', 'error'), title: str, detail: str })),
  steps: arrayOf(object({ name: literal(...stepNames), ms: num, outcome: str, detail: str })),
  chain: optional(object({
    certificates: arrayOf(certificate, 64), asSent: bool, trust: literal('trusted', 'self-signed', 'untrusted-root', 'incomplete', 'unverified'),
    anchor: optional(str), hostnameMatches: bool, libraryVerifyError: optional(str),
  })),
  negotiated: object({ version: optional(str), cipher: optional(str), alpn: optional(str), keyExchange: optional(str) }),
  versions: recordOf(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], literal('accepted', 'refused', 'unknown')),
  close: literal('close_notify', 'eof-without-close_notify', 'truncated-record', 'reset', 'kept-open', 'not-checked'),
  connections: num, bytesRead: num, cancelled: bool, ms: num,
});

const model: Check = object({
  target: str, phase, startedAt: num,
  timeline: arrayOf(object({ name: literal(...stepNames), detail: str, state: literal('running', 'done'), ms: optional(num), outcome: optional(str) }), 200),
  report: optional(report), error: optional(str), settings: strings,
});

const toWebview = union('type', { model: object({ model }) });

const fromWebview = union('type', {
  ready: object({}), rerun: object({}), cancel: object({}), copyMarkdown: object({}), saveJson: object({}), openLog: object({}),
  rendered: object({ summary: object({ target: str, phase, diagnosisId: optional(str), headline: str, timelineRows: num, certificates: num }) }),
});

const panelState = object({ model });

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function validate<T>(check: Check, value: unknown, what: string): Validated<T> {
  const problem = check(value, what);
  return problem ? { ok: false, problem } : { ok: true, value: value as T };
}

export const parseToWebview = (value: unknown): Validated<ToWebview> => validate(toWebview, value, 'message');
export const parseFromWebview = (value: unknown): Validated<FromWebview> => validate(fromWebview, value, 'message');
export const parsePanelState = (value: unknown): Validated<PanelState> => validate(panelState, value, 'state');
