import { classifiedIo, errorOutcomes } from '../classification';
import type { IoCall } from '../fileContext';
import { insertLineAfter } from '../fixText';
import { declaredName, type FunctionModel } from '../functionModel';
import type { Fix, Rule } from '../rule';
import { assignmentTarget, callArgs, lvalueKey, outermostWrapping } from '../syntax';

/**
 * `SSL_set_mode(s, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);` after the `s = SSL_new(…)` of the same function (after
 * its NULL check when one follows). Only in the same function: the engine keeps a function's findings while only
 * other functions change, so a fix editing another function could go stale. Offered, not preferred: the mode lets
 * the buffer move but the retried bytes must still be the same, which the analysis cannot prove.
 */
function movingBufferFix(model: FunctionModel, io: IoCall, text: string): Fix | undefined {
  const created = model.calls().find((c) => {
    const target = c.name === 'SSL_new' ? assignmentTarget(c.node) : undefined;
    return target !== undefined && (target.type.endsWith('declarator') ? declaredName(target)?.text : lvalueKey(target)) === io.sslKey;
  });
  if (!created) return undefined;
  const statement = outermostWrapping(created.node).parent?.parent ?? null;
  if (statement?.type !== 'expression_statement' && statement?.type !== 'declaration') return undefined;
  if (statement.parent?.type !== 'compound_statement') return undefined;
  const siblings = statement.parent.namedChildren.filter((c) => c.type !== 'comment');
  const next = siblings[siblings.findIndex((c) => c.id === statement.id) + 1];
  const checked = next?.type === 'if_statement' && next.childForFieldName('condition')?.text.includes(io.ssl.text) ? next : statement;
  return {
    title: `Set SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER after SSL_new()`,
    edits: [insertLineAfter(text, checked, `SSL_set_mode(${io.ssl.text}, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);`)],
    safe: false,
  };
}

const writes = new Set(['SSL_write', 'SSL_write_ex']);

export const sslWantRetryChangedArgs: Rule = {
  meta: {
    id: 'A11',
    name: 'ssl-want-retry-changed-args',
    severity: 'warning',
    summary: 'SSL_write retried after WANT_* with a different buffer or length',
    fixable: true,
    docs: {
      what: 'After SSL_write() or SSL_write_ex() failed with SSL_ERROR_WANT_READ or SSL_ERROR_WANT_WRITE, the path back to the same call reassigns its length variable, or its buffer pointer when SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER is not set anywhere in the file.',
      why: 'A retried SSL_write() must be repeated with the same arguments: OpenSSL may already have processed part of the data. A different length fails with "bad length" or "bad write retry"; a moved buffer does too unless SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER is set (nginx 6675abe, libevent\'s last_write).',
      bad: 'r = SSL_write(s, out->data, out->len);\nif (r <= 0 && SSL_get_error(s, r) == SSL_ERROR_WANT_WRITE) {\n    out->len = append(out, more);   /* length changed */\n    wait_writable(fd);\n    continue;\n}',
      good: 'if (pending == 0)\n    pending = out->len;\nr = SSL_write(s, out->data, pending);\n/* on WANT_*, retry with the same data and pending */',
      fix: 'When only the buffer pointer changes and the SSL_new() of that SSL is in the same function, inserts SSL_set_mode(s, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER); after it (offered, not applied by fix-all: the retry must still pass the same bytes). A changed length has no automatic fix: keep the first attempt\'s length for the retry.',
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
          const changesLength = changed.key === lvalueKey(length ?? io.call);
          const fix = changesLength ? undefined : movingBufferFix(model, io, file.text);
          report({
            start: changed.syntax.startIndex, end: changed.syntax.endIndex,
            message: `'${changed.key}' changes before ${io.name}() is retried after SSL_ERROR_WANT_*, but a retry must repeat the call with the same ${changesLength ? 'length' : 'buffer'} ("bad write retry"). Keep the first attempt's arguments until it succeeds.`,
            related: [{ start: io.call.startIndex, end: io.call.endIndex, message: `the ${io.name}() call that is retried` }],
            fixes: fix ? [fix] : [],
          });
          break;
        }
      }
    }
  },
};
