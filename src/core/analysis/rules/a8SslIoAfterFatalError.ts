import { fatalBranches, flagGuardsPath } from '../classification';
import type { Rule } from '../rule';

export const sslIoAfterFatalError: Rule = {
  meta: {
    id: 'A8',
    name: 'ssl-io-after-fatal-error',
    severity: 'error',
    summary: 'Further TLS I/O after SSL_ERROR_SYSCALL or SSL_ERROR_SSL',
    fixable: false,
    docs: {
      what: 'After a branch where SSL_get_error() returned SSL_ERROR_SYSCALL or SSL_ERROR_SSL (or a default case they fall into), a path leads to another read, write or handshake call on the same SSL: typically a retry loop\'s continue or a goto back.',
      why: 'Both errors are fatal: "no further I/O operations should be performed on the connection". Retrying spins (haproxy 7e2e505 introduced an infinite loop this way, fixed in 4ac77a9) or operates on a connection in an undefined state.',
      bad: 'for (;;) {\n    n = SSL_read(s, b, sz);\n    if (n > 0) break;\n    e = SSL_get_error(s, n);\n    if (e == SSL_ERROR_SYSCALL && errno == 0) continue;\n}',
      good: 'if (e == SSL_ERROR_SYSCALL || e == SSL_ERROR_SSL) {\n    mark_broken(conn);\n    return -1;\n}',
      fix: 'No automatic fix: leave the connection (return an error, close it) instead of retrying.',
      references: ['SSL_get_error(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      const ioCalls = file.ioCalls(model);
      for (const fatal of fatalBranches(file, model)) {
        const reach = model.cfg.reachable(fatal.branch);
        const next = ioCalls.find((c) => c.sslKey === fatal.sslKey && c.name !== 'SSL_shutdown' && reach.has(c.cfg) && !flagGuardsPath(model, fatal.branch, c.cfg));
        if (!next) continue;
        report({
          start: fatal.anchor.startIndex, end: fatal.anchor.endIndex,
          message: `After SSL_ERROR_SYSCALL or SSL_ERROR_SSL the connection is broken, but this path leads to ${next.name}() on ${next.ssl.text} again: no further I/O may be done on it. Give up on the connection instead of retrying.`,
          related: [
            { start: next.call.startIndex, end: next.call.endIndex, message: `${next.name}() is reached again` },
            ...(fatal.io ? [{ start: fatal.io.call.startIndex, end: fatal.io.call.endIndex, message: `the ${fatal.io.name}() call that failed` }] : []),
          ],
        });
      }
    }
  },
};
