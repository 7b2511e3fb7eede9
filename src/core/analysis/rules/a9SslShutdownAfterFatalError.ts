import { fatalBranches, flagGuardsPath } from '../classification';
import { resultTests } from '../ioResults';
import type { Rule } from '../rule';

const shutdownGuards = /\bSSL_get_shutdown\b|\bSSL_in_init\b|\bSSL_is_init_finished\b|\bSSL_set_quiet_shutdown\b/;

export const sslShutdownAfterFatalError: Rule = {
  meta: {
    id: 'A9',
    name: 'ssl-shutdown-after-fatal-error',
    severity: 'warning',
    summary: 'SSL_shutdown() on a connection that had a fatal error',
    fixable: false,
    docs: {
      what: 'A path from a branch where SSL_get_error() returned SSL_ERROR_SYSCALL or SSL_ERROR_SSL, or from the failure of SSL_connect/SSL_accept/SSL_do_handshake (the handshake may be unfinished), reaches SSL_shutdown() on the same SSL, with no guard on SSL_get_shutdown(), SSL_in_init() or SSL_is_init_finished() and no SSL_set_quiet_shutdown() in the function.',
      why: 'SSL_shutdown() "must not be called if a previous fatal error has occurred" (OpenSSL f4800345): it fails, adds errors to the queue and, during a handshake, logs "shutdown while in init". nginx disabled shutdown after connection errors for this reason (f6c28f9, 7b232ef).',
      bad: 'if (SSL_get_error(s, n) == SSL_ERROR_SSL) {\n    SSL_shutdown(s);\n    SSL_free(s);\n}',
      good: 'if (e == SSL_ERROR_SSL || e == SSL_ERROR_SYSCALL) {\n    SSL_free(s);\n} else {\n    (void)SSL_shutdown(s);\n    SSL_free(s);\n}',
      fix: 'No automatic fix: skip SSL_shutdown() on the fatal path (or call SSL_set_quiet_shutdown(s, 1) first).',
      references: ['SSL_shutdown(3)', 'SSL_get_error(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      if (shutdownGuards.test(model.body.text)) continue;
      const shutdowns = file.ioCalls(model).filter((c) => c.name === 'SSL_shutdown');
      if (shutdowns.length === 0) continue;
      const reported = new Set<number>();
      // (c) After a failed handshake the connection may still be in init: shutting it down fails ("shutdown while in init").
      for (const handshake of file.ioCalls(model).filter((c) => c.convention === 'handshake')) {
        const failure = resultTests(file, model, handshake).find((t) => t.failure);
        if (!failure) continue;
        const reach = model.cfg.reachable(failure.branch.id, (id) => id === handshake.cfg);
        const shutdown = shutdowns.find((c) => c.sslKey === handshake.sslKey && reach.has(c.cfg) && !flagGuardsPath(model, failure.branch.id, c.cfg));
        if (!shutdown) continue;
        reported.add(shutdown.call.id);
        report({
          start: shutdown.call.startIndex, end: shutdown.call.endIndex,
          message: `SSL_shutdown() can run after ${handshake.name}() failed, while the handshake may be unfinished: it then fails ("shutdown while in init") and queues errors. Check SSL_is_init_finished() first, or skip the shutdown on that path.`,
          related: [{ start: failure.cond.startIndex, end: failure.cond.endIndex, message: `${handshake.name}() failed here` }],
        });
      }
      for (const fatal of fatalBranches(file, model)) {
        const reach = model.cfg.reachable(fatal.branch);
        const shutdown = shutdowns.find((c) => c.sslKey === fatal.sslKey && reach.has(c.cfg) && !flagGuardsPath(model, fatal.branch, c.cfg));
        if (!shutdown || reported.has(shutdown.call.id)) continue;
        reported.add(shutdown.call.id);
        report({
          start: shutdown.call.startIndex, end: shutdown.call.endIndex,
          message: `SSL_shutdown() can run after SSL_get_error() reported SSL_ERROR_SYSCALL or SSL_ERROR_SSL${fatal.io ? ` for ${fatal.io.name}()` : ''}: after a fatal error it must not be called (it fails and queues more errors). Skip it on that path or set quiet shutdown.`,
          related: [{ start: fatal.anchor.startIndex, end: fatal.anchor.endIndex, message: 'the fatal error is detected here' }],
        });
      }
    }
  },
};
