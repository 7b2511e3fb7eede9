import { classifiedIo } from '../classification';
import type { Rule } from '../rule';

export const sslGetErrorNotImmediate: Rule = {
  meta: {
    id: 'A5',
    name: 'ssl-get-error-not-immediate',
    severity: 'warning',
    summary: 'Other OpenSSL calls between the I/O call and SSL_get_error()',
    fixable: false,
    docs: {
      what: 'On some path from a TLS I/O call to the SSL_get_error() that classifies its result, another OpenSSL function that can touch the error queue is called (directly, or inside a function of the same file), such as ERR_get_error, X509 or EVP functions, SSL_get_session. Queue-neutral getters (SSL_get_rbio, SSL_pending, SSL_want…) and ERR_set_mark/ERR_pop_to_mark brackets are allowed.',
      why: 'SSL_get_error() looks at the error queue first: an error added by the call in between turns a harmless SSL_ERROR_WANT_READ into SSL_ERROR_SSL, and ERR_get_error() in between removes the error SSL_get_error() needed. The documentation requires "no other OpenSSL function calls" in between (curl fixed this in 3eb00fa).',
      bad: 'rc = SSL_connect(s);\nlog_keylog(s);    /* calls SSL_get_session, X509 APIs */\nerr = SSL_get_error(s, rc);',
      good: 'rc = SSL_connect(s);\nerr = SSL_get_error(s, rc);\nlog_keylog(s);',
      fix: 'No automatic fix: move SSL_get_error() directly after the I/O call, or bracket the call in between with ERR_set_mark()/ERR_pop_to_mark().',
      references: ['SSL_get_error(3)', 'ERR_set_mark(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      for (const site of model.callsNamed(new Set(['SSL_get_error']))) {
        const io = classifiedIo(file, model, site.node);
        if (!io || io.cfg === site.cfg) continue;
        const after = model.cfg.reachable(io.cfg, (id) => id === site.cfg || id === io.cfg);
        const before = model.cfg.reachable(site.cfg, (id) => id === io.cfg || id === site.cfg, 'pred');
        const between = new Set([...after].filter((id) => before.has(id) && id !== site.cfg && id !== io.cfg));
        const calls = model.calls();
        if (calls.some((c) => between.has(c.cfg) && c.name === 'ERR_set_mark')) continue;
        // Another I/O call on the same SSL in between makes the argument stale: that is A4's finding.
        if (file.ioCalls(model).some((c) => c.sslKey === io.sslKey && between.has(c.cfg))) continue;
        const sameNode = (c: (typeof calls)[number]) => (c.cfg === io.cfg && c.node.startIndex > io.call.endIndex) || (c.cfg === site.cfg && c.node.endIndex < site.node.startIndex && !(c.node.startIndex <= site.node.startIndex && c.node.endIndex >= site.node.endIndex));
        const offender = calls.find((c) => (between.has(c.cfg) || sameNode(c)) && c.node.id !== site.node.id && c.node.id !== io.call.id && file.touchesQueue(c.name));
        if (!offender) continue;
        report({
          start: site.node.startIndex, end: site.node.endIndex,
          message: `${offender.name}() runs between ${io.name}() and SSL_get_error(), and can add or remove errors on the queue that SSL_get_error() reads first: a retry can be misreported as fatal. Call SSL_get_error() right after ${io.name}(), or bracket ${offender.name}() with ERR_set_mark()/ERR_pop_to_mark().`,
          related: [
            { start: offender.node.startIndex, end: offender.node.endIndex, message: `${offender.name}() may touch the error queue` },
            { start: io.call.startIndex, end: io.call.endIndex, message: `the ${io.name}() call being classified` },
          ],
        });
      }
    }
  },
};
