import type { FileContext } from '../fileContext';
import type { Fix, Rule } from '../rule';
import { callArgs, exprKey } from '../syntax';
import { isLocalName, observation, TlsSetup } from '../tlsSetup';
import { memoized } from '../../memo';

const mutator = /^SSL_CTX_(?:set|use|load|ctrl|add|clear)_?/;
/** SSL_CTX calls that are not configuration: per-application data and the session cache. */
const notConfiguration = new Set(['SSL_CTX_set_ex_data', 'SSL_CTX_set_app_data', 'SSL_CTX_add_session', 'SSL_CTX_remove_session', 'SSL_CTX_flush_sessions']);
/** Mutators with a per-connection equivalent taking the SSL first (same other arguments). */
const perConnection = new Set([
  'set_verify', 'set_verify_depth', 'set_options', 'clear_options', 'set_min_proto_version', 'set_max_proto_version', 'set_cipher_list',
  'set_ciphersuites', 'use_certificate', 'use_PrivateKey', 'use_certificate_file', 'use_PrivateKey_file', 'use_certificate_chain_file',
  'set_alpn_protos', 'set_security_level', 'set1_groups_list', 'set1_sigalgs_list', 'set_mode', 'clear_mode',
]);

export const sslCtxModifiedAfterUse: Rule = {
  meta: {
    id: 'D3',
    name: 'ssl-ctx-modified-after-use',
    severity: 'warning',
    summary: 'An SSL_CTX is changed after SSL_new() made a connection from it',
    fixable: true,
    readsTlsSetup: true,
    docs: {
      what: 'Within one function, a mutator (SSL_CTX_set_*, SSL_CTX_use_*, SSL_CTX_load_*, SSL_CTX_ctrl, SSL_CTX_add_*, SSL_CTX_clear_*) on a context is reachable after SSL_new() on the same context (ex_data and the session cache excepted); or a function started as a thread (pthread_create, CreateThread, std::thread…) changes a global, static or field context without any lock call (a heuristic).',
      why: 'An SSL copies most settings from its SSL_CTX when it is created: "Changes to ctx do not affect already created SSL objects". A context "should not be changed after it is used to create any SSL objects or from multiple threads concurrently", so the change is either lost for the connection or a data race when the context is shared.',
      bad: 'SSL *s = SSL_new(ctx);\nSSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);   /* s keeps the old setting */',
      good: 'SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);\nSSL *s = SSL_new(ctx);\n/* or, for this connection only: */\nSSL_set_verify(s, SSL_VERIFY_PEER, NULL);',
      fix: 'Rewrites SSL_CTX_<setting>(ctx, …) to the per-connection SSL_<setting>(s, …) on the SSL made from the context, where OpenSSL has one.',
      references: ['SSL_CTX_new(3)', 'SSL_CTX_set_options(3)', 'openssl-threads(7)'],
    },
  },
  check(file, report) {
    const setup = TlsSetup.of(file);
    const reported = new Set<number>();
    for (const created of setup.analysedCalls('SSL_new')) {
      const ctx = created.args[0];
      const model = created.model;
      const site = model.cfgOf(created.call);
      if (!ctx || site === undefined) continue;
      const key = exprKey(ctx);
      const ctxDefs = model.reachingDefs(ctx);
      const after = model.cfg.reachable(site);
      const ssl = created.target;
      for (const c of setup.callsIn(model)) {
        const target = c.args[0];
        const cfg = model.cfgOf(c.call);
        if (!mutator.test(c.name) || notConfiguration.has(c.name) || !target || exprKey(target) !== key || cfg === undefined) continue;
        if (!(after.has(cfg) || (cfg === site && c.call.startIndex > created.call.endIndex))) continue;
        // A context re-created in between is a new object; a connection already freed no longer uses it.
        if (ctxDefs.length > 0 && !model.reachingDefs(target).some((d) => ctxDefs.includes(d))) continue;
        if (ssl && model.calls().some((f) => f.name === 'SSL_free' && callArgs(f.node)[0] !== undefined && exprKey(callArgs(f.node)[0] ?? f.node) === ssl && after.has(f.cfg) && model.cfg.dominates(f.cfg, cfg))) continue;
        const setting = c.name.replace(/^SSL_CTX_/, '');
        const fixes: Fix[] = [];
        const name = c.call.childForFieldName('function');
        if (ssl && perConnection.has(setting) && name) {
          fixes.push({ title: `Apply to this connection only: SSL_${setting}(${ssl}, …)`, edits: [{ start: name.startIndex, end: name.endIndex, newText: `SSL_${setting}` }, { start: target.startIndex, end: target.endIndex, newText: ssl }], safe: false });
        }
        reported.add(c.call.id);
        report({
          start: c.call.startIndex, end: c.call.endIndex,
          message: `${c.name}() changes ${key} after SSL_new() made a connection from it: that connection keeps the old setting, and a shared context changed while in use is a data race. Configure the context before the first SSL_new()${fixes.length > 0 ? `, or use SSL_${setting}() on the connection` : ''}.`,
          related: [{ start: created.call.startIndex, end: created.call.endIndex, message: 'the connection made from the context' }],
          fixes,
        });
      }
    }
    // (b) A shared context (global, static or field) changed by a thread entry function without taking a lock.
    for (const entry of file.facts.threaded ? file.analysedSetupFunctions() : []) {
      if (startedAsThread(setup, entry.name) !== '1' || lockish.test(entry.body.text)) continue;
      for (const c of setup.callsIn(entry)) {
        const key = c.argKeys[0];
        if (!mutator.test(c.name) || notConfiguration.has(c.name) || key === undefined || isLocalName(entry, key) || reported.has(c.call.id)) continue;
        report({
          start: c.call.startIndex, end: c.call.endIndex,
          message: `${c.name}() changes the shared context ${key} in ${entry.name}(), which runs as a thread, without a lock: other threads may be creating connections from it. Configure the context once before starting the threads.`,
        });
      }
    }
  },
};

/** Thread start calls and the index of their start-routine argument. */
const threadStarters = new Map([['pthread_create', 2], ['CreateThread', 2], ['_beginthreadex', 2], ['_beginthread', 0], ['thrd_create', 1], ['g_thread_new', 1], ['uv_thread_create', 1]]);
/** A lock taken in the body (pthread_mutex_lock, std::lock_guard, EnterCriticalSection, AcquireSRWLock…), not "block" or "clock". */
const lockish = /(?:^|[^a-zA-Z])(?:lock|mutex)|Lock|Mutex|CriticalSection/;

/** The top-level arguments of every call of `name` in the text (read from the text: the caller may mention no OpenSSL). */
function argumentsInText(text: string, name: string): string[][] {
  const calls: string[][] = [];
  for (const match of text.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))) {
    const args: string[] = [];
    let depth = 0;
    let current = '';
    for (let i = match.index + match[0].length; i < text.length && i < match.index + 2000; i++) {
      const ch = text[i] ?? '';
      if (ch === '(') depth++;
      if (ch === ')' && depth-- === 0) break;
      if (ch === ',' && depth === 0) {
        args.push(current);
        current = '';
      } else current += ch;
    }
    args.push(current);
    calls.push(args);
  }
  return calls;
}

/** The names of the functions started as threads (pthread_create, CreateThread, std::thread, …), read from the text. */
const threadEntryNames = memoized((file: FileContext): ReadonlySet<string> => {
  const names = new Set<string>();
  for (const [starter, index] of threadStarters) {
    if (!file.text.includes(starter)) continue;
    for (const args of argumentsInText(file.text, starter)) {
      // `worker`, `&worker`, `(void *(*)(void *))worker`.
      const name = /(\w+)\s*$/.exec(args[index] ?? '')?.[1];
      if (name) names.add(name);
    }
  }
  // `std::thread worker(run, …);`, `std::thread(run, …)`, `std::jthread t{run}`.
  for (const match of file.text.matchAll(/\bstd::j?thread\s*(?:\w+\s*)?[({]\s*&?\s*(\w+)/g)) if (match[1]) names.add(match[1]);
  return names;
});

const startedAsThread = observation('startedAsThread', (setup, name) => (threadEntryNames(setup.file).has(name) ? '1' : '0'));
