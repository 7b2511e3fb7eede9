import type { SyntaxNode as Node } from './syntaxTree';
import { isDeliberate } from './deliberate';
import type { FileContext } from './fileContext';
import type { FunctionModel } from './functionModel';
import type { TextEdit } from './rule';
import { callArgs, exprKey, openSslCallPattern } from './syntax';
import { blockStatement, checked, failureJump, hostExpression, insertBefore } from './tlsFixes';
import { isLocalName, isVerifyResultCheck, observation, privateTrustCalls, TlsSetup, type ClientHandshake, type SetupCall } from './tlsSetup';
import { openSsl110, openSsl400, versionRangeAt } from './versionGuards';

/** Calls that bind the expected server identity to one SSL (SSL_set1_host.pod, SSL_CTX_dane_enable.pod). */
const sslIdentityCalls = new Set(['SSL_set1_host', 'SSL_add1_host', 'SSL_set1_dnsname', 'SSL_set1_ipaddr', 'SSL_dane_enable']);
/** Identity checks whose target object the analysis does not follow (a verify param, a peer certificate): any use counts. */
const otherIdentityCalls = new Set([
  'X509_VERIFY_PARAM_set1_host', 'X509_VERIFY_PARAM_add1_host', 'X509_VERIFY_PARAM_set1_ip', 'X509_VERIFY_PARAM_set1_ip_asc',
  'X509_check_host', 'X509_check_ip', 'X509_check_ip_asc',
]);

/** A client handshake and what is known about the identity checks around it (C6, C8). */
export interface ClientIdentity {
  readonly handshake: ClientHandshake & { readonly ssl: Node };
  readonly sslKey: string;
  /** The chain is verified (VERIFY_PEER, or the code checks SSL_get_verify_result). */
  readonly chainVerified: boolean;
  /** A host name or IP is bound before the handshake (or checked after it). */
  readonly hostBound: boolean;
  readonly sniSet: boolean;
  /** The code declares its peers are identified by a private CA (setting or `private-ca` comment). */
  readonly privateCa: boolean;
}

/**
 * Whether code the analysis cannot follow may make the calls: for a local SSL, a function outside this file that
 * receives it; for a field or global, calls of `names` in other functions (on whatever object).
 */
function elsewhere(setup: TlsSetup, names: ReadonlySet<string>, handshake: ClientHandshake, key: string): boolean {
  if (isLocalName(handshake.model, key)) {
    return handshake.model.calls().some((site) => !openSslCallPattern.test(site.name) && !setup.defines(site.name)
      && callArgs(site.node).some((arg) => exprKey(arg) === key));
  }
  // By text, so functions the analysis skipped (unreadable #ifdef mazes) still count. The count observed stands for
  // the offsets: those inside the (unchanged) function are the same.
  const body = handshake.model.body;
  return [...names].some((name) => Number(mentionCount(setup, name)) > 0 && mentions(setup.file, name).some((i) => i < body.startIndex || i >= body.endIndex));
}

const mentionCache = new WeakMap<FileContext, Map<string, number[]>>();

/** The offsets where `name` occurs as a whole word in the file (computed once per name). */
function mentions(file: FileContext, name: string): number[] {
  let perFile = mentionCache.get(file);
  if (!perFile) {
    perFile = new Map();
    mentionCache.set(file, perFile);
  }
  let offsets = perFile.get(name);
  if (!offsets) {
    offsets = [...file.text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].map((m) => m.index);
    perFile.set(name, offsets);
  }
  return offsets;
}

const mentionCount = observation('mentions', (setup, name) => String(mentions(setup.file, name).length));

const identityCache = new WeakMap<FileContext, Map<FunctionModel, ClientIdentity[]>>();

/** The client handshakes of one function being analysed, with what is known about the identity checks around them. */
export function clientIdentitiesIn(file: FileContext, model: FunctionModel): ClientIdentity[] {
  let perFile = identityCache.get(file);
  if (!perFile) {
    perFile = new Map();
    identityCache.set(file, perFile);
  }
  const cached = perFile.get(model);
  if (cached) return cached;
  const setup = TlsSetup.of(file);
  const privateTrust = setup.callsAny(...privateTrustCalls) && !setup.callsAny('SSL_CTX_set_default_verify_paths');
  const result: ClientIdentity[] = [];
  for (const handshake of setup.clientHandshakesIn(model)) {
    const ssl = handshake.ssl;
    if (!ssl) continue;
    const key = exprKey(ssl);
    const local = isLocalName(model, key);
    const verification = setup.verificationOfSsl(model, ssl);
    const checksResult = (local ? setup.callsIn(model) : setup.named('SSL_get_verify_result'))
      .some((c) => c.name === 'SSL_get_verify_result' && c.argKeys[0] === key && isVerifyResultCheck(c.call));
    const sni = new Set(['SSL_set_tlsext_host_name']);
    // A call in the handshake's function counts only if it can run before the handshake (not in another #if branch).
    const before = (c: SetupCall) => {
      if (c.model !== model) return true;
      const from = model.cfgOf(c.call);
      const to = model.cfgOf(handshake.call);
      if (from === undefined || to === undefined) return false;
      return from === to ? c.call.startIndex < handshake.call.startIndex : model.cfg.reachable(from).has(to);
    };
    const hostBound = (m: FunctionModel, k: string) => setup.callsOn(sslIdentityCalls, k, m).some(before)
      || (isLocalName(m, k) ? setup.callsIn(m).some((c) => otherIdentityCalls.has(c.name)) : setup.callsAny(...otherIdentityCalls)) || elsewhere(setup, sslIdentityCalls, { ...handshake, model: m }, k);
    const sniSet = (m: FunctionModel, k: string) => setup.callsOn(sni, k, m).some(before) || elsewhere(setup, sni, { ...handshake, model: m }, k);
    // An SSL parameter is configured by the callers: judge them when they are in this file, else assume they do it.
    const index = model.paramNames.findIndex((p) => p.text === key);
    const callers = index >= 0 ? setup.named(model.name).filter((c) => c.args[index] !== undefined) : [];
    const byCallers = (test: (m: FunctionModel, k: string) => boolean) => callers.length === 0 || callers.some((c) => test(c.model, c.argKeys[index] ?? key));
    result.push({
      handshake: { ...handshake, ssl },
      sslKey: key,
      chainVerified: verification.mode === 'peer' || checksResult,
      hostBound: hostBound(model, key) || (local && index >= 0 && byCallers(hostBound)),
      sniSet: sniSet(model, key) || (local && index >= 0 && byCallers(sniSet)),
      privateCa: (file.options.privateCa && privateTrust) || isDeliberate(file, 'private-ca', handshake.call, ...verification.calls.map((c) => c.call)),
    });
  }
  perFile.set(model, result);
  return result;
}

/**
 * Inserts a checked configuration call before the handshake statement, with the host expression found in the
 * function and the function's own error path; undefined when either is missing (no invented placeholders).
 */
export function insertHostCall(file: FileContext, identity: ClientIdentity, call: (ssl: string, host: string) => string, requireCheck: boolean): TextEdit | undefined {
  const { handshake, sslKey } = identity;
  const statement = blockStatement(file.text, handshake.call);
  if (!statement) return undefined;
  const host = hostExpression(handshake.model, sslKey, statement.startIndex);
  const jump = failureJump(handshake.model, handshake.call, statement.startIndex);
  if (!host || (requireCheck && !jump)) return undefined;
  const text = call(handshake.ssl.text, host);
  return insertBefore(file.text, statement, jump ? checked(`${text} != 1`, jump) : `${text};`);
}

/** The host-verification call for the OpenSSL versions the code is built for (SSL_set1_host is deprecated in 4.0). */
export function hostCheckCall(file: FileContext, node: Node): (ssl: string, host: string) => string {
  const range = versionRangeAt(node, file.options.targetVersion);
  if (range.min >= openSsl400) return (ssl, host) => `SSL_set1_dnsname(${ssl}, ${host})`;
  if (range.max <= openSsl110) return (ssl, host) => `X509_VERIFY_PARAM_set1_host(SSL_get0_param(${ssl}), ${host}, 0)`;
  return (ssl, host) => `SSL_set1_host(${ssl}, ${host})`;
}
