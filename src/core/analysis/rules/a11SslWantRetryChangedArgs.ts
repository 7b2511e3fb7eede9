import { classifiedIo, errorOutcomes } from '../classification';
import type { Rule } from '../rule';
import { callArgs, lvalueKey } from '../syntax';

const writes = new Set(['SSL_write', 'SSL_write_ex']);

export const sslWantRetryChangedArgs: Rule = {
  meta: {
    id: 'A11',
    name: 'ssl-want-retry-changed-args',
    severity: 'warning',
    summary: 'SSL_write retried after WANT_* with a different buffer or length',
    fixable: false,
    docs: {
      what: 'After SSL_write() or SSL_write_ex() failed with SSL_ERROR_WANT_READ or SSL_ERROR_WANT_WRITE, the path back to the same call reassigns its length variable, or its buffer pointer when SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER is not set anywhere in the file.',
      why: 'A retried SSL_write() must be repeated with the same arguments: OpenSSL may already have processed part of the data. A different length fails with "bad length" or "bad write retry"; a moved buffer does too unless SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER is set (nginx 6675abe, libevent\'s last_write).',
      bad: 'r = SSL_write(s, out->data, out->len);\nif (r <= 0 && SSL_get_error(s, r) == SSL_ERROR_WANT_WRITE) {\n    out->len = append(out, more);   /* length changed */\n    wait_writable(fd);\n    continue;\n}',
      good: 'if (pending == 0)\n    pending = out->len;\nr = SSL_write(s, out->data, pending);\n/* on WANT_*, retry with the same data and pending */',
      fix: 'No automatic fix: keep the length (and the buffer, or set SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER) of the first attempt for the retry.',
      references: ['SSL_write(3) WARNINGS', 'SSL_CTX_set_mode(3)'],
    },
  },
  check(file, report) {
    const movingBuffer = file.facts.movingWriteBuffer;
    for (const model of file.functions()) {
      for (const site of model.callsNamed(new Set(['SSL_get_error']))) {
        const io = classifiedIo(file, model, site.node);
        if (!io || !writes.has(io.name)) continue;
        const [, buffer, length] = callArgs(io.call);
        const keys = [length, movingBuffer ? undefined : buffer].map((a) => (a ? lvalueKey(a) : undefined)).filter((k): k is string => k !== undefined);
        if (keys.length === 0) continue;
        for (const node of model.cfg.nodes) {
          if (!node.branch) continue;
          const outcomes = errorOutcomes(file, model, node.branch);
          if (!outcomes?.getErrors.some((g) => g.id === site.node.id)) continue;
          const possible = [...outcomes.possible];
          if (possible.length === 0 || !possible.every((n) => n === 'SSL_ERROR_WANT_READ' || n === 'SSL_ERROR_WANT_WRITE')) continue;
          const forward = model.cfg.reachable(node.id, (id) => id === io.cfg);
          if (!forward.has(io.cfg)) continue;
          const backward = model.cfg.reachable(io.cfg, (id) => id === node.id, 'pred');
          const onPath = [...forward].filter((id) => backward.has(id) && id !== io.cfg).flatMap((id) => model.defsIn(id));
          // Re-reading the same source (`len = o->len`) only changes the value if the source changed: we cannot see that.
          const changed = onPath.find((d) => keys.includes(d.key) && d.kind !== 'address' && !(d.rhs && lvalueKey(d.rhs) !== undefined && !onPath.some((o) => o.key === lvalueKey(d.rhs ?? d.syntax))));
          if (!changed) continue;
          report({
            start: changed.syntax.startIndex, end: changed.syntax.endIndex,
            message: `'${changed.key}' changes before ${io.name}() is retried after SSL_ERROR_WANT_*, but a retry must repeat the call with the same ${changed.key === lvalueKey(length ?? io.call) ? 'length' : 'buffer'} ("bad write retry"). Keep the first attempt's arguments until it succeeds.`,
            related: [{ start: io.call.startIndex, end: io.call.endIndex, message: `the ${io.name}() call that is retried` }],
          });
          break;
        }
      }
    }
  },
};
