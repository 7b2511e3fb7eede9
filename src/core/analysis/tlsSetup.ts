import type { SyntaxNode as Node } from './syntaxTree';
import type { FileContext } from './fileContext';
import { declaredName, type FunctionModel } from './functionModel';
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

const cache = new WeakMap<FileContext, TlsSetup>();
/** A function's calls as setup calls (kept with its model, across lints). */
const setupCallsOf = memoized((model: FunctionModel): readonly SetupCall[] => model.calls().map((site) => {
  const args = callArgs(site.node);
  return { model, call: site.node, name: apiName(site.name), args, argKeys: args.map(exprKey) };
}));

export class TlsSetup {
  private readonly calls: SetupCall[] = [];
  private readonly byName = new Map<string, SetupCall[]>();
  /** The setup functions read (the others' calls are not part of the setup). */
  private readonly setupModels = new Set<FunctionModel>();
  /** Calls by the key of their first argument (the object most OpenSSL calls act on). */
  private readonly byFirstArg = new Map<string, SetupCall[]>();
  /** Calls of the file's own functions (candidate wrappers). */
  private readonly wrapperCalls: SetupCall[] = [];
  private readonly models = new Map<string, FunctionModel>();
  private readonly roleCache = new Map<string, Role>();
  private fileRoleCache: Role | undefined;

  static of(file: FileContext): TlsSetup {
    let setup = cache.get(file);
    if (!setup) {
      setup = new TlsSetup(file);
      cache.set(file, setup);
    }
    return setup;
  }

  private constructor(readonly file: FileContext) {
    for (const model of file.setupFunctions()) {
      this.models.set(model.name, model);
      this.setupModels.add(model);
      for (const call of setupCallsOf(model)) {
        this.calls.push(call);
        pushTo(this.byName, call.name, call);
        if (call.argKeys[0] !== undefined) pushTo(this.byFirstArg, call.argKeys[0], call);
      }
    }
    for (const call of this.calls) if (this.models.has(call.name)) this.wrapperCalls.push(call);
  }

  /** The calls made in one function. */
  callsIn(model: FunctionModel): readonly SetupCall[] {
    return this.setupModels.has(model) ? setupCallsOf(model) : [];
  }

  named(...names: string[]): SetupCall[] {
    return names.flatMap((name) => this.byName.get(name) ?? []);
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
    const pool = local ? this.callsIn(model) : argIndex === 0 ? this.byFirstArg.get(key) ?? [] : this.named(...names);
    const result = pool.filter((c) => matches(c, key));
    for (const c of this.wrapperCalls) {
      const callee = this.models.get(c.name);
      if (!callee || callee === c.model || (local && c.model !== model)) continue;
      const inside = this.callsIn(callee);
      c.argKeys.forEach((argKey, i) => {
        const param = callee.paramNames[i];
        if (param && argKey === key) result.push(...inside.filter((inner) => matches(inner, param.text)));
      });
      const created = targetKey(c.call) === key ? inside.filter((inner) => ctxConstructors.has(inner.name)) : [];
      for (const creation of created) {
        const inner = targetKey(creation.call);
        if (inner !== undefined) result.push(...inside.filter((x) => matches(x, inner)));
      }
    }
    return result;
  }

  /** The SSL_CTX_new calls that create the context `key` (directly or in a function of this file that returns one). */
  creationsOf(key: string, model?: FunctionModel): SetupCall[] {
    const result: SetupCall[] = [];
    const candidates = [...this.named(...ctxConstructors), ...this.wrapperCalls];
    for (const c of candidates) {
      if ((model && c.model !== model) || targetKey(c.call) !== key) continue;
      const callee = this.models.get(c.name);
      if (ctxConstructors.has(c.name)) result.push(c);
      else if (callee) result.push(...this.callsIn(callee).filter((inner) => ctxConstructors.has(inner.name)));
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
    for (const c of this.named('SSL_new')) {
      if (targetKey(c.call) === key && c.argKeys[0] !== undefined) return c.argKeys[0];
    }
    return undefined;
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
    const fileWide = isLocalName(model, key) ? 'unknown' : evidence(this.byFirstArg.get(key) ?? []);
    return fileWide !== 'unknown' ? fileWide : this.fileRole();
  }

  /**
   * Client or server for an SSL_CTX: its method, client- or server-only settings, and the SSLs made from it; what
   * the function `model` does with it first, then the file, then (with `fileFallback`) the file's only role.
   */
  roleOfCtx(key: string, model?: FunctionModel, fileFallback = true): Role {
    const local = model ? this.ctxRole(key, model) : 'unknown';
    if (local !== 'unknown') return local;
    const role = this.ctxRole(key, undefined);
    return role !== 'unknown' || !fileFallback ? role : this.fileRole();
  }

  private ctxRole(key: string, model: FunctionModel | undefined): Role {
    const cacheKey = `${key}\0${model?.definition.id ?? ''}`;
    const cached = this.roleCache.get(cacheKey);
    if (cached) return cached;
    const roles: Role[] = this.creationsOf(key, model).map((c) => this.creationRole(c));
    for (const c of this.byFirstArg.get(key) ?? []) {
      if (model && c.model !== model) continue;
      if (c.name === 'BIO_new_ssl_connect') roles.push('client');
      else if (serverCtxCalls.has(c.name)) roles.push('server');
      else if (c.name === 'BIO_new_ssl' && c.args[1]) roles.push(intLiteral(c.args[1]) === 0 ? 'server' : 'client');
      else if (c.name === 'SSL_new') {
        const sslKey = targetKey(c.call);
        for (const e of sslKey === undefined ? [] : this.byFirstArg.get(sslKey) ?? []) {
          if (e.model !== c.model) continue;
          if (clientSslCalls.has(e.name)) roles.push('client');
          else if (serverSslCalls.has(e.name)) roles.push('server');
        }
      }
    }
    const role = single(roles);
    this.roleCache.set(cacheKey, role);
    return role;
  }

  /** Client when the file only ever acts as a client, server when only as a server. */
  fileRole(): Role {
    if (this.fileRoleCache) return this.fileRoleCache;
    const roles: Role[] = [];
    for (const c of this.calls) {
      if (clientSslCalls.has(c.name) || c.name === 'BIO_new_ssl_connect') roles.push('client');
      else if (serverSslCalls.has(c.name) || serverCtxCalls.has(c.name)) roles.push('server');
      else {
        const method = methodRole(c.name);
        if (method === 'client' || method === 'server') roles.push(method);
      }
    }
    this.fileRoleCache = single(roles);
    return this.fileRoleCache;
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

  /** SSL_connect, SSL_do_handshake on a client, and BIO_do_connect/BIO_do_handshake on a BIO_new_ssl_connect chain. */
  clientHandshakes(): ClientHandshake[] {
    const result: ClientHandshake[] = [];
    for (const c of this.named('SSL_connect', 'SSL_do_handshake', 'BIO_do_connect', 'BIO_do_handshake')) {
      const first = c.args[0];
      if (!first) continue;
      if (c.name === 'SSL_connect') result.push({ model: c.model, call: c.call, ssl: first });
      else if (c.name === 'SSL_do_handshake') {
        if (this.roleOfSsl(c.model, first) === 'client') result.push({ model: c.model, call: c.call, ssl: first });
      } else if (this.callsIn(c.model).some((b) => b.name === 'BIO_new_ssl_connect')) {
        const getSsl = this.callsIn(c.model).find((b) => b.name === 'BIO_get_ssl');
        const out = getSsl?.args[1] ? stripExpr(getSsl.args[1]) : undefined;
        const ssl = out?.type === 'pointer_expression' ? out.childForFieldName('argument') ?? undefined : undefined;
        result.push({ model: c.model, call: c.call, ssl });
      }
    }
    return result;
  }

  /** The SSL_CTX_new calls of client contexts. */
  clientCreations(): SetupCall[] {
    return this.named(...ctxConstructors).filter((c) => {
      const role = this.creationRole(c);
      if (role !== 'unknown') return role === 'client';
      const key = targetKey(c.call);
      return key !== undefined && this.roleOfCtx(key, c.model) === 'client';
    });
  }
}

/** The names of a function's parameters and locals (kept with its model). */
const localNamesOf = memoized((model: FunctionModel): ReadonlySet<string> => {
  const names = new Set(model.paramNames.map((p) => p.text));
  for (const d of model.body.descendantsOfType(['init_declarator', 'declaration'])) {
    const declarators = d.type === 'init_declarator' ? [d.childForFieldName('declarator')] : d.childrenForFieldName('declarator');
    for (const x of declarators) {
      const name = x ? declaredName(x) : undefined;
      if (name) names.add(name.text);
    }
  }
  return names;
});

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
export function callbackDefinition(file: FileContext, arg: Node | undefined): Node | undefined {
  if (!arg) return undefined;
  const expr = stripExpr(arg);
  if (expr.type === 'lambda_expression') return expr;
  const name = expr.type === 'pointer_expression' ? expr.childForFieldName('argument')?.text : expr.type === 'identifier' ? expr.text : undefined;
  if (!name) return undefined;
  return file.definitionsNamed(name)[0];
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
