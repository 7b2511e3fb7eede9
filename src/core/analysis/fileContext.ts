import type { Node, Tree } from 'web-tree-sitter';
import { Cfg, UnsupportedConstruct } from './cfg';
import { FunctionModel, functionName, parameterNames, type Def } from './functionModel';
import type { LintOptions } from './options';
import type { SourceLanguage } from './parser';
import {
  calleeName, callArgs, errClearFunctions, exFunctions, exprKey, handshakeFunctions, ioFunctions, noReturnFunctions,
  openSslCallPattern, stripExpr,
} from './syntax';
import { tlsRuleCallInText } from './tlsSetup';

/** What a function of this file does, as far as its callers care (rules.md §5, wrapper summaries). */
export interface FunctionSummary {
  /** Empties the error queue (ERR_clear_error, a drain loop, or a wrapper that does). */
  clearsQueue: boolean;
  /** Calls SSL_get_error (itself or through another function of the file). */
  classifies: boolean;
  /** Calls OpenSSL functions that may touch the error queue. */
  callsOpenSsl: boolean;
  /** Never returns (always ends in exit/abort). */
  noReturn: boolean;
}

/** An I/O call (or a configured wrapper) with the `SSL *` it works on. */
export interface IoCall {
  readonly call: Node;
  readonly name: string;
  readonly ssl: Node;
  readonly sslKey: string;
  readonly cfg: number;
  /** How the result signals failure (SSL_read.pod, SSL_connect.pod, SSL_shutdown.pod). */
  readonly convention: 'count' | 'handshake' | 'ex' | 'shutdown';
}

/** Where a value came from: a call, a parameter, or something the analysis does not follow. */
export type Origin =
  | { readonly kind: 'call'; readonly call: Node; readonly name: string }
  | { readonly kind: 'param'; readonly def: Def }
  | { readonly kind: 'other'; readonly node: Node | null };

/** OpenSSL getters that do not touch the error queue (rules.md A5 exclusions). */
const queueNeutral = new Set([
  'SSL_get_rbio', 'SSL_get_wbio', 'SSL_get_fd', 'SSL_get_rfd', 'SSL_get_wfd', 'SSL_pending', 'SSL_has_pending',
  'SSL_get_shutdown', 'SSL_get_ex_data', 'SSL_want', 'SSL_want_read', 'SSL_want_write', 'SSL_want_nothing',
  'SSL_want_x509_lookup', 'SSL_want_async', 'SSL_get_error', 'ERR_set_mark', 'ERR_pop_to_mark', 'ERR_clear_last_mark',
  'ERR_peek_error', 'ERR_peek_last_error', 'SSL_get_app_data', 'SSL_CTX_get_ex_data', 'SSL_CTX_get_app_data', 'SSL_is_init_finished',
  'SSL_in_init', 'SSL_get_state', 'BIO_should_retry', 'BIO_should_read', 'BIO_should_write', 'BIO_get_retry_flags',
]);

/** Identifiers that make a function worth analysing; everything the rules look at contains one of them. */
const interesting = new RegExp(`${/\b(?:SSL_|ERR_|X509_|BIO_|EVP_|PEM_|d2i_|OPENSSL_|OSSL_)|\berrno\b|\bperror\b|\bstrerror|WSAGetLastError/.source}|${tlsRuleCallInText.source}`);

/** One file being linted: its functions (analysed lazily), the summaries of its functions, and file-wide facts. */
export class FileContext {
  private models: FunctionModel[] | undefined;
  private readonly summaryMap = new Map<string, FunctionSummary>();
  private readonly originCache = new Map<number, Origin[]>();
  private readonly ioCache = new Map<number, IoCall | null>();
  readonly skippedFunctions: string[] = [];
  private readonly clearWrappers: ReadonlySet<string>;
  private readonly ioWrappers: ReadonlySet<string>;
  private readonly interestingNames: RegExp;

  constructor(readonly tree: Tree, readonly text: string, readonly language: SourceLanguage, readonly options: LintOptions) {
    this.clearWrappers = new Set(options.errClearWrappers);
    this.ioWrappers = new Set(options.ioWrappers);
    const extra = [...options.errClearWrappers, ...options.ioWrappers];
    this.interestingNames = extra.length === 0 ? interesting : new RegExp(`${interesting.source}|\\b(?:${extra.join('|')})\\b`);
    this.summarize();
  }

  /** Whether the file mentions anything the rules look at; files that don't are not parsed by the engine. */
  static worthParsing(text: string, options: LintOptions): boolean {
    if (interesting.test(text)) return true;
    return [...options.errClearWrappers, ...options.ioWrappers].some((name) => text.includes(name));
  }

  /** The analysable functions that mention OpenSSL, errno or a configured wrapper. */
  functions(): readonly FunctionModel[] {
    if (this.models) return this.models;
    const models: FunctionModel[] = [];
    for (const definition of this.definitions()) {
      const body = definition.childForFieldName('body');
      if (!body || !this.interestingNames.test(body.text)) continue;
      // Code the parser could not read (unbalanced #if branches, macros that hide syntax) gets no findings.
      if (body.hasError) {
        this.skippedFunctions.push(functionName(definition));
        continue;
      }
      try {
        const cfg = new Cfg(body, this.noReturnNames());
        models.push(new FunctionModel(definition, body, functionName(definition), cfg, parameterNames(definition)));
      } catch (error) {
        if (!(error instanceof UnsupportedConstruct)) throw error;
        this.skippedFunctions.push(functionName(definition));
      }
    }
    this.models = models;
    return models;
  }

  /** The definitions (with a body) of the file's functions called `name`, analysed or not (verify callbacks, C2). */
  definitionsNamed(name: string): Node[] {
    return this.definitions().filter((d) => functionName(d) === name && d.childForFieldName('body') !== null);
  }

  summary(name: string): FunctionSummary | undefined {
    return this.summaryMap.get(name);
  }

  private noReturnCache: Set<string> | undefined;
  noReturnNames(): ReadonlySet<string> {
    if (!this.noReturnCache) {
      this.noReturnCache = new Set(noReturnFunctions);
      for (const [name, summary] of this.summaryMap) if (summary.noReturn) this.noReturnCache.add(name);
    }
    return this.noReturnCache;
  }

  private definitions(): Node[] {
    return this.tree.rootNode.descendantsOfType('function_definition').filter((n): n is Node => n !== null);
  }

  private summarize(): void {
    const callees = new Map<string, string[]>();
    for (const definition of this.definitions()) {
      const body = definition.childForFieldName('body');
      if (!body) continue;
      const name = functionName(definition);
      const calls = body.descendantsOfType('call_expression').map((c) => (c ? calleeName(c) : undefined)).filter((n): n is string => n !== undefined);
      const drains = body.descendantsOfType(['while_statement', 'for_statement', 'do_statement']).some((loop) => {
        const condition = loop?.childForFieldName('condition');
        return condition?.descendantsOfType('call_expression').some((c) => c !== null && calleeName(c) === 'ERR_get_error') ?? false;
      });
      const last = body.namedChildren.filter((c) => c !== null && c.type !== 'comment').at(-1);
      const lastCall = last?.type === 'expression_statement' ? last.namedChild(0) : null;
      const noReturn = lastCall?.type === 'call_expression' && noReturnFunctions.has(calleeName(lastCall) ?? '')
        && body.descendantsOfType('return_statement').length === 0;
      this.summaryMap.set(name, {
        clearsQueue: drains || calls.some((c) => errClearFunctions.has(c) || this.clearWrappers.has(c)),
        classifies: calls.includes('SSL_get_error'),
        callsOpenSsl: calls.some((c) => openSslCallPattern.test(c) && !queueNeutral.has(c)),
        noReturn,
      });
      callees.set(name, calls);
    }
    // Propagate through calls between the file's own functions until nothing changes.
    for (let changed = true; changed;) {
      changed = false;
      for (const [name, calls] of callees) {
        const summary = this.summaryMap.get(name);
        if (!summary) continue;
        for (const callee of calls) {
          const other = callee === name ? undefined : this.summaryMap.get(callee);
          if (!other) continue;
          for (const key of ['clearsQueue', 'classifies', 'callsOpenSsl'] as const) {
            if (other[key] && !summary[key]) {
              summary[key] = true;
              changed = true;
            }
          }
        }
      }
    }
  }

  /** Whether a call empties the error queue (directly, through a configured wrapper or a summarized function). */
  clearsQueue(name: string): boolean {
    return errClearFunctions.has(name) || this.clearWrappers.has(name) || this.summaryMap.get(name)?.clearsQueue === true;
  }

  /** Whether a call classifies a failure with SSL_get_error (directly or in a function of this file). */
  classifies(name: string): boolean {
    return name === 'SSL_get_error' || this.summaryMap.get(name)?.classifies === true;
  }

  /** Whether a call may add to or consume the error queue (rules.md A5). */
  touchesQueue(name: string): boolean {
    if (queueNeutral.has(name)) return false;
    if (openSslCallPattern.test(name)) return true;
    return this.summaryMap.get(name)?.callsOpenSsl === true;
  }

  /** The I/O call a call expression is, if it is one. */
  ioCall(model: FunctionModel, call: Node): IoCall | undefined {
    const cached = this.ioCache.get(call.id);
    if (cached !== undefined) return cached ?? undefined;
    const name = calleeName(call);
    let result: IoCall | null = null;
    const ssl = callArgs(call)[0];
    const cfg = model.cfgOf(call);
    if (name && ssl && cfg !== undefined && (ioFunctions.has(name) || this.ioWrappers.has(name))) {
      const convention = exFunctions.has(name) ? 'ex' : handshakeFunctions.has(name) ? 'handshake' : name === 'SSL_shutdown' ? 'shutdown' : 'count';
      result = { call, name, ssl, sslKey: exprKey(ssl), cfg, convention };
    }
    this.ioCache.set(call.id, result);
    return result ?? undefined;
  }

  ioCalls(model: FunctionModel): IoCall[] {
    return model.calls().map((c) => this.ioCall(model, c.node)).filter((c): c is IoCall => c !== undefined);
  }

  /** The values an expression may hold, following copies through locals (bounded depth). */
  originsOf(model: FunctionModel, expr: Node, depth = 0): Origin[] {
    const cached = this.originCache.get(expr.id);
    if (cached) return cached;
    const node = stripExpr(expr);
    let result: Origin[];
    if (node.type === 'call_expression') {
      result = [{ kind: 'call', call: node, name: calleeName(node) ?? '' }];
    } else if (node.type === 'assignment_expression' && node.childForFieldName('operator')?.text === '=') {
      const right = node.childForFieldName('right');
      result = right ? this.originsOf(model, right, depth) : [{ kind: 'other', node }];
    } else if (node.type === 'conditional_expression') {
      const branches = [node.childForFieldName('consequence'), node.childForFieldName('alternative')];
      result = branches.flatMap((b) => (b ? this.originsOf(model, b, depth) : []));
    } else if (depth < 4 && (node.type === 'identifier' || node.type === 'field_expression')) {
      const defs = model.reachingDefs(node);
      result = defs.length === 0 ? [{ kind: 'other', node }] : defs.flatMap((def): Origin[] => {
        if (def.kind === 'param') return [{ kind: 'param', def }];
        if (def.rhs) return this.originsOf(model, def.rhs, depth + 1);
        return [{ kind: 'other', node: def.syntax }];
      });
    } else {
      result = [{ kind: 'other', node }];
    }
    this.originCache.set(expr.id, result);
    return result;
  }

  /** Whether `expr` holds the result of `call` (on some path), directly or through locals. */
  holdsResultOf(model: FunctionModel, expr: Node, call: Node): boolean {
    return this.originsOf(model, expr).some((o) => o.kind === 'call' && o.call.id === call.id);
  }

  /** File-wide: whether the code uses non-blocking sockets or BIOs (rules.md A12 b). */
  get nonBlocking(): boolean {
    return /\bO_NONBLOCK\b|\bSOCK_NONBLOCK\b|\bFIONBIO\b|\bBIO_set_nbio\b|\bSSL_set_blocking_mode\b|\bevutil_make_socket_nonblocking\b|\bEAGAIN\b|\bEWOULDBLOCK\b/.test(this.text);
  }
}
