import type { SyntaxNode as Node } from '../syntaxTree';
import { fatalBranches, flagGuardsPath, renewedOnPath, type FatalBranch } from '../classification';
import { shutdownGuards } from '../closeFunctions';
import type { FileContext, IoCall } from '../fileContext';
import { removeStatement } from '../fixText';
import type { CallSite, FunctionModel } from '../functionModel';
import { resultTests } from '../ioResults';
import type { Fix, Rule } from '../rule';
import { callArgs, calleeName, callsIn, lvalueKey, outermostWrapping, stripExpr } from '../syntax';

/** Whether a call hands over the SSL (`close_conn(c)` for `c->ssl`, `tls_close(ssl)`, `close(&conn)` for `conn.ssl`). */
function passesSsl(call: Node, sslKey: string): boolean {
  return callArgs(call).some((arg) => {
    const expr = stripExpr(arg);
    const inner = expr.type === 'pointer_expression' && expr.childForFieldName('operator')?.text === '&' ? expr.childForFieldName('argument') : expr;
    const key = inner ? lvalueKey(inner) : undefined;
    return key !== undefined && (sslKey === key || sslKey.startsWith(`${key}->`) || sslKey.startsWith(`${key}.`));
  });
}

/** The file's functions called here that shut the connection down unguarded ("close" functions, A9 b), with their SSL_shutdown(). */
function closeCalls(file: FileContext, model: FunctionModel): { site: CallSite; shutdown: Node }[] {
  return model.calls().flatMap((site) => {
    if (site.name === model.name || file.summary(site.name)?.shutsDown !== true) return [];
    const shutdown = file.definitionsNamed(site.name).flatMap((d) => callsIn(d).filter((c) => calleeName(c) === 'SSL_shutdown'))[0];
    return shutdown ? [{ site, shutdown }] : [];
  });
}

/** Deleting a standalone `SSL_shutdown(s);` that only the fatal branch reaches (its result unused). */
function deletion(file: FileContext, model: FunctionModel, fatal: FatalBranch, shutdown: IoCall): Fix | undefined {
  if (!fatal.specific || !model.cfg.dominates(fatal.branch, shutdown.cfg)) return undefined;
  const statement = outermostWrapping(shutdown.call).parent;
  if (statement?.type !== 'expression_statement' || (statement.parent?.type !== 'compound_statement' && statement.parent?.type !== 'case_statement')) return undefined;
  return { title: 'Remove SSL_shutdown() from the fatal-error path', edits: [removeStatement(file.text, statement)], safe: true };
}

export const sslShutdownAfterFatalError: Rule = {
  meta: {
    id: 'A9',
    name: 'ssl-shutdown-after-fatal-error',
    severity: 'warning',
    summary: 'SSL_shutdown() on a connection that had a fatal error',
    fixable: true,
    docs: {
      what: 'A path from a branch where SSL_get_error() returned SSL_ERROR_SYSCALL or SSL_ERROR_SSL, or from the failure of SSL_connect/SSL_accept/SSL_do_handshake (the handshake may be unfinished), reaches SSL_shutdown() on the same SSL, or a call handing that SSL to a "close" function of the same file that calls SSL_shutdown() unguarded. Guards are SSL_get_shutdown(), SSL_in_init(), SSL_is_init_finished(), a state flag tested before the shutdown, or SSL_set_quiet_shutdown() in the function.',
      why: 'SSL_shutdown() "must not be called if a previous fatal error has occurred" (OpenSSL f4800345): it fails, adds errors to the queue and, during a handshake, logs "shutdown while in init". nginx disabled shutdown after connection errors for this reason (f6c28f9, 7b232ef).',
      bad: 'if (SSL_get_error(s, n) == SSL_ERROR_SSL) {\n    SSL_shutdown(s);\n    SSL_free(s);\n}',
      good: 'if (e == SSL_ERROR_SSL || e == SSL_ERROR_SYSCALL) {\n    SSL_free(s);\n} else {\n    (void)SSL_shutdown(s);\n    SSL_free(s);\n}',
      fix: 'When the SSL_shutdown(s); statement is reached only through the branch for SSL_ERROR_SYSCALL or SSL_ERROR_SSL, deletes it (safe: after those errors it can only fail). Otherwise no automatic fix: skip the shutdown on the fatal path (or call SSL_set_quiet_shutdown(s, 1) first), or guard the close function with a state flag.',
      references: ['SSL_shutdown(3)', 'SSL_get_error(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      if (shutdownGuards.test(model.body.text)) continue;
      const shutdowns = file.ioCalls(model).filter((c) => c.name === 'SSL_shutdown');
      const closes = closeCalls(file, model);
      if (shutdowns.length === 0 && closes.length === 0) continue;
      const reported = new Set<number>();
      const closeMessage = (name: string, after: string) => `${name}() calls SSL_shutdown() unguarded and is called here ${after}: after a fatal error (or while the handshake is unfinished) SSL_shutdown() must not be called (it fails and queues more errors). Skip the shutdown on this path, e.g. with a flag the close function tests, or SSL_set_quiet_shutdown().`;
      // (c) After a failed handshake the connection may still be in init: shutting it down fails ("shutdown while in init").
      for (const handshake of file.ioCalls(model).filter((c) => c.convention === 'handshake')) {
        const failure = resultTests(file, model, handshake).find((t) => t.failure);
        if (!failure) continue;
        const reach = model.cfg.reachable(failure.branch.id, (id) => id === handshake.cfg);
        const related = [{ start: failure.cond.startIndex, end: failure.cond.endIndex, message: `${handshake.name}() failed here` }];
        const shutdown = shutdowns.find((c) => c.sslKey === handshake.sslKey && reach.has(c.cfg) && !flagGuardsPath(model, failure.branch.id, c.cfg));
        if (shutdown) {
          reported.add(shutdown.call.id);
          report({
            start: shutdown.call.startIndex, end: shutdown.call.endIndex,
            message: `SSL_shutdown() can run after ${handshake.name}() failed, while the handshake may be unfinished: it then fails ("shutdown while in init") and queues errors. Check SSL_is_init_finished() first, or skip the shutdown on that path.`,
            related,
          });
          continue;
        }
        const close = closes.find((c) => reach.has(c.site.cfg) && passesSsl(c.site.node, handshake.sslKey) && !flagGuardsPath(model, failure.branch.id, c.site.cfg));
        if (!close || reported.has(close.site.node.id)) continue;
        reported.add(close.site.node.id);
        report({
          start: close.site.node.startIndex, end: close.site.node.endIndex,
          message: closeMessage(close.site.name, `after ${handshake.name}() failed`),
          related: [{ start: close.shutdown.startIndex, end: close.shutdown.endIndex, message: `the unguarded SSL_shutdown() in ${close.site.name}()` }, ...related],
        });
      }
      for (const fatal of fatalBranches(file, model)) {
        const reach = model.cfg.reachable(fatal.branch);
        const related = { start: fatal.anchor.startIndex, end: fatal.anchor.endIndex, message: 'the fatal error is detected here' };
        const shutdown = shutdowns.find((c) => c.sslKey === fatal.sslKey && reach.has(c.cfg) && !flagGuardsPath(model, fatal.branch, c.cfg) && !renewedOnPath(model, fatal.branch, c.cfg, c.sslKey));
        if (shutdown) {
          if (reported.has(shutdown.call.id)) continue;
          reported.add(shutdown.call.id);
          const fix = deletion(file, model, fatal, shutdown);
          report({
            start: shutdown.call.startIndex, end: shutdown.call.endIndex,
            message: `SSL_shutdown() can run after SSL_get_error() reported SSL_ERROR_SYSCALL or SSL_ERROR_SSL${fatal.io ? ` for ${fatal.io.name}()` : ''}: after a fatal error it must not be called (it fails and queues more errors). Skip it on that path or set quiet shutdown.`,
            related: [related],
            fixes: fix ? [fix] : [],
          });
          continue;
        }
        // (b) The shutdown happens in a close function of this file the fatal path hands the connection to.
        const close = closes.find((c) => reach.has(c.site.cfg) && passesSsl(c.site.node, fatal.sslKey) && !flagGuardsPath(model, fatal.branch, c.site.cfg));
        if (!close || reported.has(close.site.node.id)) continue;
        reported.add(close.site.node.id);
        report({
          start: close.site.node.startIndex, end: close.site.node.endIndex,
          message: closeMessage(close.site.name, `after SSL_get_error() reported SSL_ERROR_SYSCALL or SSL_ERROR_SSL${fatal.io ? ` for ${fatal.io.name}()` : ''}`),
          related: [{ start: close.shutdown.startIndex, end: close.shutdown.endIndex, message: `the unguarded SSL_shutdown() in ${close.site.name}()` }, related],
        });
      }
    }
  },
};
