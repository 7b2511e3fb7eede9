import { createHash } from 'node:crypto';
import type { SyntaxNode as Node } from './syntaxTree';
import type { FileContext } from './fileContext';
import { declarationsOf, declaredName, type FunctionModel } from './functionModel';
import { assignmentTarget, callArgs, exprKey, intLiteral, outermostWrapping, stripExpr } from './syntax';
import { memoized } from '../memo';
import { pushTo } from '../multimap';

/**
 * How a file sets up TLS objects (rules.md §3 conventions, group C and D): which SSL_CTX an SSL was made from,
 * whether a context or connection is a client or a server, the verify mode and callback that apply to it, and the
 * client handshakes. Objects are matched by their expression text ("same SSL"), inside one function first and then
 * across the file, and through one level of the file's own wrapper functions.
 */
export type Role = 'client' | 'server' | 'unknown';
export type VerifyMode = 'none' | 'peer' | 'unknown';

/**
 * The calls the certificate, host name and protocol rules (C1–C10, D1–D3) start from or read across functions (trust
 * stores, C9; roles set by SSL_set_connect_state; peer-certificate getters in helpers, C4): a function without one
 * has no findings of theirs.
 */
export const tlsRuleCallInText = /\b(?:SSL_new|SSL_CTX_(?:new|new_ex|set|use|load|ctrl|add|clear)\w*|SSL_set_(?:verify|options|min_proto_version|tlsext_host_name|connect_state|accept_state)|SSL_get_verify_result|SSL_get[01]?_peer_(?:certificate|rpk)|SSL_(?:set1|add1)_host|SSL_set1_(?:dnsname|ipaddr)|X509_VERIFY_PARAM_set1_host|(?:X509|X509_STORE_CTX|X509_REQ|X509_CRL)_verify(?:_cert)?|X509_STORE_CTX_get_error|EVP_(?:Digest)?Verify(?:Final)?(?:_ex)?|OCSP_basic_verify|X509_STORE_(?:add_cert|load_\w+|set_default_paths)|SSL_(?:connect|do_handshake)|BIO_do_(?:connect|handshake)|(?:TLS|DTLS|SSLv2|SSLv3|SSLv23|TLSv1(?:_[12])?|DTLSv1(?:_2)?)_(?:client_|server_)?method)\b/;

export interface SetupCall {
  readonly model: FunctionModel;
  readonly call: Node;
  /** The API name, with 3.x macro aliases resolved (SSL_get_peer_certificate → SSL_get1_peer_certificate). */
  readonly name: string;
  readonly args: readonly Node[];
  /** exprKey of each argument, computed once (reading nodes out of the parser is the costly part). */
  readonly argKeys: readonly string[];
  /** The key of the variable or field the result is stored in (targetKey). */
  readonly target: string | undefined;
}

/** Source-level names that are macros or renames of another API in 3.x (rules.md §5). */
const aliases = new Map([
  ['SSL_get_peer_certificate', 'SSL_get1_peer_certificate'],
  ['SSLv23_method', 'TLS_method'],
  ['SSLv23_client_method', 'TLS_client_method'],
  ['SSLv23_server_method', 'TLS_server_method'],
]);

export function apiName(name: string): string {
  return aliases.get(name) ?? name;
}

const methodPattern = /^(?:TLS|DTLS|SSLv2|SSLv3|SSLv23|TLSv1|TLSv1_1|TLSv1_2|DTLSv1|DTLSv1_2)_(?:(client|server)_)?method$/;

/** Whether a name is an SSL_METHOD constructor, and for which side. */
export function methodRole(name: string): 'client' | 'server' | 'any' | undefined {
  const match = methodPattern.exec(name);
  if (!match) return undefined;
  return match[1] === 'client' ? 'client' : match[1] === 'server' ? 'server' : 'any';
}

const verifyFlags = new Map([
  ['SSL_VERIFY_NONE', 0], ['SSL_VERIFY_PEER', 1], ['SSL_VERIFY_FAIL_IF_NO_PEER_CERT', 2],
  ['SSL_VERIFY_CLIENT_ONCE', 4], ['SSL_VERIFY_POST_HANDSHAKE', 8],
]);

/** The value of a verify-mode expression built from SSL_VERIFY_* names, literals and `|`; undefined otherwise. */
export function verifyFlagsValue(expr: Node): number | undefined {
  const node = stripExpr(expr);
  if (node.type === 'identifier') return verifyFlags.get(node.text);
  if (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '|') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const l = left ? verifyFlagsValue(left) : undefined;
    const r = right ? verifyFlagsValue(right) : undefined;
    return l === undefined || r === undefined ? undefined : l | r;
  }
  return intLiteral(node);
}

export function verifyModeOf(expr: Node | undefined): VerifyMode {
  const value = expr ? verifyFlagsValue(expr) : undefined;
  if (value === undefined) return 'unknown';
  return (value & 1) === 1 ? 'peer' : 'none';
}

const clientSslCalls = new Set(['SSL_connect', 'SSL_set_connect_state', 'SSL_set_tlsext_host_name', 'SSL_set1_host', 'SSL_add1_host']);
const serverSslCalls = new Set(['SSL_accept', 'SSL_set_accept_state', 'SSL_verify_client_post_handshake']);
const serverCtxCalls = new Set([
  'SSL_CTX_set_tlsext_servername_callback', 'SSL_CTX_set_client_CA_list', 'SSL_CTX_add_client_CA',
  'SSL_CTX_set_session_id_context', 'SSL_CTX_set_alpn_select_cb', 'SSL_CTX_set_client_hello_cb',
]);
const ctxConstructors = new Set(['SSL_CTX_new', 'SSL_CTX_new_ex']);
export const verifySetters = new Set(['SSL_CTX_set_verify', 'SSL_set_verify']);

export interface Verification {
  /** `default` when nothing sets a mode: OpenSSL then verifies nothing (SSL_CTX_new.pod NOTES). */
  readonly mode: VerifyMode | 'default';
  readonly calls: readonly SetupCall[];
}

export interface ClientHandshake {
  readonly model: FunctionModel;
  readonly call: Node;
  /** The SSL the handshake runs on, when the code names it (BIO flows may not). */
  readonly ssl: Node | undefined;
}

const handshakeNames = ['SSL_connect', 'SSL_do_handshake', 'BIO_do_connect', 'BIO_do_handshake'];

/**
 * What one function's C/D findings read of the rest of the file: per observation (a kind and its argument), the
 * value it had. The findings hold for as long as every observation has that value again (TlsSetup.holds).
 */
export type SetupReads = ReadonlyMap<string, string>;

/** How to observe one kind of fact about the file: its value as a string, computed from the file alone. */
type ObservationKind = (setup: TlsSetup, argument: string) => string;
const observationKinds = new Map<string, ObservationKind>();

/**
 * Declares a kind of observation and returns the function that makes one. Its value must depend on nothing but the
 * file (never on the function being analysed), so that a later lint can tell whether it still holds.
 */
export function observation(kind: string, compute: ObservationKind): (setup: TlsSetup, argument: string) => string {
  observationKinds.set(kind, compute);
  return (setup, argument) => setup.observe(kind, argument);
}

const cache = new WeakMap<FileContext, TlsSetup>();
/** A function's calls as setup calls (kept with its model, across lints). */
const setupCallsOf = memoized((model: FunctionModel): readonly SetupCall[] => model.calls().map((site) => {
  const args = callArgs(site.node);
  return { model, call: site.node, name: apiName(site.name), args, argKeys: args.map(exprKey), target: targetKey(site.node) };
}));

const roleValues = new Set<string>(['client', 'server', 'unknown']);
const asRole = (value: string): Role => (roleValues.has(value) ? value as Role : 'unknown');

/** One function's setup calls by name, first argument, result target and any key passed or assigned (kept with its model). */
interface CallIndex {
  readonly byName: ReadonlyMap<string, readonly SetupCall[]>;
  readonly byFirstArg: ReadonlyMap<string, readonly SetupCall[]>;
  readonly byTarget: ReadonlyMap<string, readonly SetupCall[]>;
  readonly byKey: ReadonlyMap<string, readonly SetupCall[]>;
  /** The roles its calls show by themselves (TlsSetup.fileRole). */
  readonly roles: readonly Role[];
}

type IndexName = Exclude<keyof CallIndex, 'roles'>;
const indexNames: readonly IndexName[] = ['byName', 'byFirstArg', 'byTarget', 'byKey'];

const callIndexOf = memoized((model: FunctionModel): CallIndex => {
  const byName = new Map<string, SetupCall[]>();
  const byFirstArg = new Map<string, SetupCall[]>();
  const byTarget = new Map<string, SetupCall[]>();
  const byKey = new Map<string, SetupCall[]>();
  const roles: Role[] = [];
  for (const call of setupCallsOf(model)) {
    pushTo(byName, call.name, call);
    if (call.argKeys[0] !== undefined) pushTo(byFirstArg, call.argKeys[0], call);
    if (call.target !== undefined) pushTo(byTarget, call.target, call);
    for (const key of new Set(call.target === undefined ? call.argKeys : [...call.argKeys, call.target])) pushTo(byKey, key, call);
    const method = methodRole(call.name);
    if (clientSslCalls.has(call.name) || call.name === 'BIO_new_ssl_connect') roles.push('client');
    else if (serverSslCalls.has(call.name) || serverCtxCalls.has(call.name)) roles.push('server');
    else if (method === 'client' || method === 'server') roles.push(method);
  }
  return { byName, byFirstArg, byTarget, byKey, roles };
});

/**
 * The file's TLS setup, indexed, and what the function being analysed reads of it. Everything a C/D rule learns
 * about other functions comes through here as an observation (a lookup by name or key, a role, whether a call
 * exists…) with its value; the engine keeps them with that function's findings and re-uses the findings while
 * each observation still has its value, so an edit in one setup function re-checks only the functions that read it.
 */
export class TlsSetup {
  /** The setup functions, in text order. */
  private readonly order: readonly FunctionModel[];
  /** The setup functions read (the others' calls are not part of the setup). */
  private readonly setupModels: ReadonlySet<FunctionModel>;
  /** The setup functions by name (the last one, when several have it). */
  private readonly models = new Map<string, FunctionModel>();
  /** The file's calls per index and key, gathered from the functions' own indexes when first asked for. */
  private readonly gathered = new Map<string, readonly SetupCall[]>();
  /**
   * The functions' indexes merged, made once a lint has asked for many keys (each gathering visits every setup
   * function; a file whose setup functions read each other asks for hundreds).
   */
  private merged: Map<string, SetupCall[]> | undefined;
  private callCount: number | undefined;
  /** Values of observations made in this lint. */
  private readonly values = new Map<string, string>();
  /** Roles of contexts as seen from one function, with what computing them read. */
  private readonly roleCache = new Map<string, { readonly role: Role; readonly reads: Map<string, string> }>();
  /** The observations of the function being analysed, while recording. */
  private recording: Map<string, string> | undefined;

  static of(file: FileContext): TlsSetup {
    let setup = cache.get(file);
    if (!setup) {
      setup = new TlsSetup(file);
      cache.set(file, setup);
    }
    return setup;
  }

  private constructor(readonly file: FileContext) {
    this.order = file.setupFunctions();
    this.setupModels = new Set(this.order);
    for (const model of this.order) this.models.set(model.name, model);
  }

  /** The file's calls under `key` in one of the functions' indexes, in text order. */
  private gather(index: IndexName, key: string): readonly SetupCall[] {
    const id = `${index}\u0000${key}`;
    let calls = this.merged ? this.merged.get(id) ?? [] : this.gathered.get(id);
    if (!calls) {
      const found: SetupCall[] = [];
      for (const model of this.order) {
        const own = callIndexOf(model)[index].get(key);
        if (own) found.push(...own);
      }
      calls = found;
      this.gathered.set(id, calls);
      // Merging costs about one visit per call: worth it once the gatherings so far have cost as much.
      this.callCount ??= this.order.reduce((sum, model) => sum + setupCallsOf(model).length, 0);
      if (this.gathered.size * this.order.length > this.callCount) this.merged = this.mergeIndexes();
    }
    return calls;
  }

  private mergeIndexes(): Map<string, SetupCall[]> {
    const merged = new Map<string, SetupCall[]>();
    for (const model of this.order) {
      const own = callIndexOf(model);
      for (const index of indexNames) {
        for (const [key, calls] of own[index]) {
          const id = `${index}\u0000${key}`;
          const list = merged.get(id);
          if (list) list.push(...calls);
          else merged.set(id, [...calls]);
        }
      }
    }
    return merged;
  }

  /** Records the observations made from now on, for one function's findings. */
  startRecording(): void {
    this.recording = new Map();
  }

  stopRecording(): SetupReads {
    const reads = this.recording ?? new Map<string, string>();
    this.recording = undefined;
    return reads;
  }

  /** The value of an observation (computed once per lint), recorded for the function being analysed. */
  observe(kind: string, argument: string): string {
    const key = `${kind}\u0000${argument}`;
    let value = this.values.get(key);
    if (value === undefined) {
      const compute = observationKinds.get(kind);
      // What computing it reads is not the reader's concern: its value stands for all of it.
      value = this.recordingInto(undefined, () => (compute ? compute(this, argument) : this.observeBuiltIn(kind, argument)));
      this.values.set(key, value);
    }
    this.recording?.set(key, value);
    return value;
  }

  /** `compute` with what it observes recorded into `reads` (or nowhere), then the recording as it was. */
  private recordingInto<T>(reads: Map<string, string> | undefined, compute: () => T): T {
    const reader = this.recording;
    this.recording = reads;
    try {
      return compute();
    } finally {
      this.recording = reader;
    }
  }

  /** Whether every observation still has the value it had when it was recorded. */
  holds(reads: SetupReads): boolean {
    for (const [key, value] of reads) {
      const at = key.indexOf('\u0000');
      if (this.observe(key.slice(0, at), key.slice(at + 1)) !== value) return false;
    }
    return true;
  }

  /** The calls made in one function (its own: nothing is recorded; a function reached through a lookup is covered by it). */
  callsIn(model: FunctionModel): readonly SetupCall[] {
    return this.setupModels.has(model) ? setupCallsOf(model) : [];
  }

  /** The calls of `names` in the functions being analysed, name by name. */
  analysedCalls(...names: string[]): SetupCall[] {
    const models = this.file.analysedSetupFunctions();
    return names.flatMap((name) => models.flatMap((model) => this.callsIn(model).filter((c) => c.name === name)));
  }

  /** Every call of `names` in the file (observed: a change in any function that makes one re-checks the reader). */
  named(...names: string[]): SetupCall[] {
    return names.flatMap((name) => {
      this.observe('name', name);
      return this.gather('byName', name);
    });
  }

  /** Whether the file calls any of `names` (observed as just that). */
  callsAny(...names: string[]): boolean {
    return this.observe('exists', names.join(',')) === '1';
  }

  /** Whether the file's function `name` checks SSL_get_verify_result (observed as just that). */
  checksVerifyResult(name: string): boolean {
    return this.observe('checksResult', name) === '1';
  }

  /** The definitions (with a body) of the file's functions called `name`, set up TLS or not (verify callbacks). */
  definitionsNamed(name: string): Node[] {
    this.observe('definitions', name);
    return this.file.definitionsNamed(name);
  }

  /** Whether the file defines a function called `name` (whose summary the analysis knows). */
  defines(name: string): boolean {
    return this.observe('defines', name) === '1';
  }

  private withFirstArg(key: string): readonly SetupCall[] {
    this.observe('firstArg', key);
    return this.gather('byFirstArg', key);
  }

  /** The calls whose result is stored in `key`, anywhere in the file's setup. */
  assignedTo(key: string): readonly SetupCall[] {
    this.observe('target', key);
    return this.gather('byTarget', key);
  }

  /** The file's setup function called `name`, if there is one. */
  private callee(name: string): FunctionModel | undefined {
    this.observe('function', name);
    return this.models.get(name);
  }

  /**
   * Calls of `names` whose argument `argIndex` is the object `key` as seen from `model`: made directly (only in
   * `model` when `key` is one of its locals or parameters), inside a function of this file that receives the object
   * as a parameter (one level, so `configure_tls(ctx)` counts), or inside the function of this file that created it
   * (`ctx = make_client_ctx()`).
   */
  callsOn(names: ReadonlySet<string>, key: string, model?: FunctionModel, argIndex = 0): SetupCall[] {
    const matches = (c: SetupCall, k: string) => names.has(c.name) && c.argKeys[argIndex] === k;
    const local = model !== undefined && isLocalName(model, key);
    const pool = local ? this.callsIn(model) : argIndex === 0 ? this.withFirstArg(key) : this.named(...names);
    const result = pool.filter((c) => matches(c, key));
    const wrappers = local ? this.callsIn(model).filter((c) => c.argKeys.includes(key) || c.target === key) : this.wrappersWith(key);
    for (const c of wrappers) {
      const callee = this.callee(c.name);
      if (!callee || callee === c.model) continue;
      const inside = this.callsIn(callee);
      c.argKeys.forEach((argKey, i) => {
        const param = callee.paramNames[i];
        if (param && argKey === key) result.push(...inside.filter((inner) => matches(inner, param.text)));
      });
      const created = c.target === key ? inside.filter((inner) => ctxConstructors.has(inner.name)) : [];
      for (const creation of created) {
        const inner = creation.target;
        if (inner !== undefined) result.push(...inside.filter((x) => matches(x, inner)));
      }
    }
    return result;
  }

  /** The calls of the file's own setup functions (wrappers) that are passed `key` or store their result in it. */
  private wrapperCalls(key: string): readonly SetupCall[] {
    return this.gather('byKey', key).filter((c) => {
      const callee = this.models.get(c.name);
      return callee !== undefined && callee !== c.model;
    });
  }

  private wrappersWith(key: string): readonly SetupCall[] {
    this.observe('wrappers', key);
    return this.wrapperCalls(key);
  }

  /** The SSL_CTX_new calls that create the context `key` (directly or in a function of this file that returns one). */
  creationsOf(key: string, model?: FunctionModel): SetupCall[] {
    const result: SetupCall[] = [];
    const candidates = model ? this.callsIn(model).filter((c) => c.target === key) : this.assignedTo(key);
    for (const c of candidates) {
      if (ctxConstructors.has(c.name)) {
        result.push(c);
        continue;
      }
      const callee = this.callee(c.name);
      if (callee) result.push(...this.callsIn(callee).filter((inner) => ctxConstructors.has(inner.name)));
    }
    return result;
  }

  /** Which side an SSL_CTX_new call creates, from its method argument. */
  creationRole(creation: SetupCall): Role {
    const method = creation.name === 'SSL_CTX_new_ex' ? creation.args[2] : creation.args[0];
    if (!method) return 'unknown';
    const roles = new Set(this.file.originsOf(creation.model, method).map((o) => (o.kind === 'call' ? methodRole(apiName(o.name)) : undefined)));
    if (roles.size === 1 && roles.has('client')) return 'client';
    if (roles.size === 1 && roles.has('server')) return 'server';
    return 'unknown';
  }

  /** The key of the SSL_CTX an SSL was made from by SSL_new, in this function or (for a field) anywhere in the file. */
  ctxKeyOf(model: FunctionModel, ssl: Node): string | undefined {
    for (const origin of this.file.originsOf(model, ssl)) {
      if (origin.kind === 'call' && origin.name === 'SSL_new') {
        const ctx = callArgs(origin.call)[0];
        if (ctx) return exprKey(ctx);
      }
    }
    const key = exprKey(ssl);
    if (isLocalName(model, key)) return undefined;
    return this.assignedTo(key).find((c) => c.name === 'SSL_new' && c.argKeys[0] !== undefined)?.argKeys[0];
  }

  /** Client or server, from what is done to the SSL, then to its SSL_CTX, then what the file does as a whole. */
  roleOfSsl(model: FunctionModel, ssl: Node): Role {
    const key = exprKey(ssl);
    const evidence = (calls: readonly SetupCall[]) => single(calls.filter((c) => c.argKeys[0] === key)
      .map((c): Role => (clientSslCalls.has(c.name) ? 'client' : serverSslCalls.has(c.name) ? 'server' : 'unknown')));
    const local = evidence(this.callsIn(model));
    if (local !== 'unknown') return local;
    const ctxKey = this.ctxKeyOf(model, ssl);
    const fromCtx = ctxKey === undefined ? 'unknown' : this.roleOfCtx(ctxKey, model, false);
    if (fromCtx !== 'unknown') return fromCtx;
    const fileWide = isLocalName(model, key) ? 'unknown' : evidence(this.withFirstArg(key));
    return fileWide !== 'unknown' ? fileWide : this.fileRole();
  }

  /**
   * Client or server for an SSL_CTX: its method, client- or server-only settings, and the SSLs made from it; what
   * the function `model` does with it first, then the file, then (with `fileFallback`) the file's only role.
   */
  roleOfCtx(key: string, model?: FunctionModel, fileFallback = true): Role {
    const local = model ? this.ctxRoleIn(key, model) : 'unknown';
    if (local !== 'unknown') return local;
    const role = asRole(this.observe('contextRole', key));
    return role !== 'unknown' || !fileFallback ? role : this.fileRole();
  }

  /** The role of the context `key` from what `model` does (kept per lint with what it read, replayed on reuse). */
  private ctxRoleIn(key: string, model: FunctionModel): Role {
    const cacheKey = `${key}\u0000${model.definition.id}`;
    let entry = this.roleCache.get(cacheKey);
    if (!entry) {
      const reads = new Map<string, string>();
      entry = { role: this.recordingInto(reads, () => this.ctxRole(key, model)), reads };
      this.roleCache.set(cacheKey, entry);
    }
    if (this.recording) for (const [k, v] of entry.reads) this.recording.set(k, v);
    return entry.role;
  }

  /** The role of the context `key` from what `model` (or, without one, the whole file) does with it. */
  private ctxRole(key: string, model: FunctionModel | undefined): Role {
    const roles: Role[] = this.creationsOf(key, model).map((c) => this.creationRole(c));
    for (const c of model ? this.callsIn(model).filter((x) => x.argKeys[0] === key) : this.withFirstArg(key)) {
      if (c.name === 'BIO_new_ssl_connect') roles.push('client');
      else if (serverCtxCalls.has(c.name)) roles.push('server');
      else if (c.name === 'BIO_new_ssl' && c.args[1]) roles.push(intLiteral(c.args[1]) === 0 ? 'server' : 'client');
      else if (c.name === 'SSL_new' && c.target !== undefined) {
        for (const e of this.callsIn(c.model)) {
          if (e.argKeys[0] !== c.target) continue;
          if (clientSslCalls.has(e.name)) roles.push('client');
          else if (serverSslCalls.has(e.name)) roles.push('server');
        }
      }
    }
    return single(roles);
  }

  /** Client when the file only ever acts as a client, server when only as a server. */
  fileRole(): Role {
    return asRole(this.observe('fileRole', ''));
  }

  /** The observations this class makes itself (the rules declare theirs with `observation`). */
  private observeBuiltIn(kind: string, argument: string): string {
    const flag = (value: boolean) => (value ? '1' : '0');
    switch (kind) {
      case 'name': return this.contributors(this.gather('byName', argument));
      case 'firstArg': return this.contributors(this.gather('byFirstArg', argument));
      case 'target': return this.contributors(this.gather('byTarget', argument));
      // A wrapper call stands for its callee's calls too.
      case 'wrappers': return this.contributors(this.wrapperCalls(argument), true);
      case 'function': {
        const model = this.models.get(argument);
        return model ? this.file.contentDigest(model) : '';
      }
      case 'exists': return flag(argument.split(',').some((name) => this.gather('byName', name).length > 0));
      case 'checksResult': return flag(this.gather('byName', 'SSL_get_verify_result').some((c) => c.model.name === argument));
      case 'definitions': return this.file.definitionsDigest(argument);
      case 'defines': return flag(this.file.summary(argument) !== undefined);
      case 'contextRole': return this.ctxRole(argument, undefined);
      case 'fileRole': return single(this.order.flatMap((model) => callIndexOf(model).roles));
      default: throw new Error(`unknown TLS setup observation: ${kind}`);
    }
  }

  /** A digest of the functions that make `calls` (with the callees of wrapper calls): what a reader of them may see. */
  private contributors(calls: readonly SetupCall[] | undefined, withCallees = false): string {
    const digests: string[] = [];
    let last: FunctionModel | undefined;
    for (const c of calls ?? []) {
      if (c.model !== last) digests.push(this.file.contentDigest(c.model));
      last = c.model;
      const callee = withCallees ? this.models.get(c.name) : undefined;
      if (callee) digests.push(this.file.contentDigest(callee));
    }
    const joined = digests.join(',');
    return joined.length <= 64 ? joined : createHash('sha1').update(joined).digest('base64');
  }

  /** The verify mode in effect for an SSL: SSL_set_verify on it, else SSL_CTX_set_verify on its context. */
  verificationOfSsl(model: FunctionModel, ssl: Node): Verification {
    const onSsl = this.callsOn(new Set(['SSL_set_verify']), exprKey(ssl), model);
    const local = onSsl.filter((c) => c.model === model);
    if (onSsl.length > 0) return combine(local.length > 0 ? local : onSsl);
    const ctxKey = this.ctxKeyOf(model, ssl);
    if (ctxKey !== undefined) return this.verificationOfCtx(ctxKey, model);
    // The context is not visible: every non-server context of the file is a candidate.
    return combine(this.named('SSL_CTX_set_verify').filter((c) => c.argKeys[0] !== undefined && this.roleOfCtx(c.argKeys[0], c.model) !== 'server'));
  }

  verificationOfCtx(key: string, model?: FunctionModel): Verification {
    return combine(this.callsOn(new Set(['SSL_CTX_set_verify']), key, model));
  }

  /**
   * The client handshakes in one function: SSL_connect, SSL_do_handshake on a client, and
   * BIO_do_connect/BIO_do_handshake on a BIO_new_ssl_connect chain.
   */
  clientHandshakesIn(model: FunctionModel): ClientHandshake[] {
    const result: ClientHandshake[] = [];
    const own = this.callsIn(model);
    for (const name of handshakeNames) {
      for (const c of own) {
        const first = c.args[0];
        if (c.name !== name || !first) continue;
        if (name === 'SSL_connect') result.push({ model, call: c.call, ssl: first });
        else if (name === 'SSL_do_handshake') {
          if (this.roleOfSsl(model, first) === 'client') result.push({ model, call: c.call, ssl: first });
        } else if (own.some((b) => b.name === 'BIO_new_ssl_connect')) {
          const getSsl = own.find((b) => b.name === 'BIO_get_ssl');
          const out = getSsl?.args[1] ? stripExpr(getSsl.args[1]) : undefined;
          const ssl = out?.type === 'pointer_expression' ? out.childForFieldName('argument') ?? undefined : undefined;
          result.push({ model, call: c.call, ssl });
        }
      }
    }
    return result;
  }

  /** The SSL_CTX_new calls of client contexts in the functions being analysed. */
  analysedClientCreations(): SetupCall[] {
    return this.analysedCalls(...ctxConstructors).filter((c) => {
      const role = this.creationRole(c);
      if (role !== 'unknown') return role === 'client';
      return c.target !== undefined && this.roleOfCtx(c.target, c.model) === 'client';
    });
  }
}

/** The names of a function's parameters and locals (kept with its model). */
const localNamesOf = memoized((model: FunctionModel): ReadonlySet<string> => new Set([...model.paramNames.map((p) => p.text), ...declarationsOf(model).keys()]));

/** Whether `key` names a local variable or parameter of the function (so other functions' `key` is another object). */
export function isLocalName(model: FunctionModel, key: string): boolean {
  return localNamesOf(model).has(key);
}

/** The key of the variable or field a call's result is stored in (`SSL_CTX *ctx = SSL_CTX_new(…)` gives `ctx`). */
export function targetKey(call: Node): string | undefined {
  const target = assignmentTarget(call);
  const name = target?.parent?.type === 'init_declarator' ? declaredName(target) : target;
  return name ? exprKey(name) : undefined;
}

function single(roles: readonly Role[]): Role {
  const known = new Set(roles.filter((r) => r !== 'unknown'));
  if (known.size !== 1) return 'unknown';
  return known.has('client') ? 'client' : 'server';
}

function combine(calls: readonly SetupCall[]): Verification {
  if (calls.length === 0) return { mode: 'default', calls };
  const modes = new Set(calls.map((c) => verifyModeOf(c.args[1])));
  return { mode: modes.size === 1 ? [...modes][0] ?? 'unknown' : 'unknown', calls };
}

/** The function definition (or C++ lambda) a verify-callback argument names, when this file defines it. */
export function callbackDefinition(setup: TlsSetup, arg: Node | undefined): Node | undefined {
  if (!arg) return undefined;
  const expr = stripExpr(arg);
  if (expr.type === 'lambda_expression') return expr;
  const name = expr.type === 'pointer_expression' ? expr.childForFieldName('argument')?.text : expr.type === 'identifier' ? expr.text : undefined;
  if (!name) return undefined;
  return setup.definitionsNamed(name)[0];
}

/** The name of the first parameter of a function definition or lambda (preverify_ok for a verify callback). */
export function firstParameter(definition: Node): Node | undefined {
  const declarator = definition.type === 'lambda_expression'
    ? definition.childForFieldName('declarator')
    : definition.descendantsOfType('function_declarator')[0];
  const params = declarator?.childForFieldName('parameters');
  const first = params?.namedChildren.find((p) => p?.type === 'parameter_declaration');
  let current = first?.childForFieldName('declarator') ?? null;
  while (current && current.type !== 'identifier') current = current.childForFieldName('declarator');
  return current ?? undefined;
}


/** Calls that give a context trust anchors (or replace chain verification), rules.md C9. */
export const trustStoreCalls = new Set([
  'SSL_CTX_set_default_verify_paths', 'SSL_CTX_set_default_verify_file', 'SSL_CTX_set_default_verify_dir', 'SSL_CTX_set_default_verify_store',
  'SSL_CTX_load_verify_locations', 'SSL_CTX_load_verify_file', 'SSL_CTX_load_verify_dir', 'SSL_CTX_load_verify_store',
  'SSL_CTX_set_cert_store', 'SSL_CTX_set1_cert_store', 'SSL_CTX_set1_verify_cert_store', 'SSL_CTX_set0_verify_cert_store',
  'X509_STORE_add_cert', 'X509_STORE_load_locations', 'X509_STORE_load_file', 'X509_STORE_load_path', 'X509_STORE_load_store',
  'X509_STORE_set_default_paths', 'SSL_CTX_set_cert_verify_callback',
]);
/** Calls that load a specific CA (a private one), as opposed to the system's default paths. */
export const privateTrustCalls = new Set([...trustStoreCalls].filter((name) => !name.includes('default')));

/** Whether an SSL_get_verify_result call's value is tested or stored, not just printed (passed to a call). */
export function isVerifyResultCheck(call: Node): boolean {
  return outermostWrapping(call).parent?.type !== 'argument_list';
}

/** Whether `node` is evaluated only on some paths through its statement (right of && / ||, a ?: branch). */
export function conditionallyEvaluated(node: Node, statement: Node): boolean {
  if (node.id === statement.id) return false;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'binary_expression' && /^(?:&&|\|\|)$/.test(parent.childForFieldName('operator')?.text ?? '') && parent.childForFieldName('right')?.id === child.id) return true;
    if (parent.type === 'conditional_expression' && parent.childForFieldName('condition')?.id !== child.id) return true;
    if (parent.id === statement.id) break;
  }
  return false;
}
