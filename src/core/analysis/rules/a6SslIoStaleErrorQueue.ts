import type { SyntaxNode as Node } from '../syntaxTree';
import { classifiedIo, errorOutcomes, flagGuardsPath, renewedOnPath } from '../classification';
import { failureBranches } from '../fallible';
import type { FileContext, IoCall } from '../fileContext';
import { insertLineBefore } from '../fixText';
import type { FunctionModel } from '../functionModel';
import { resultTests, type ResultTest } from '../ioResults';
import type { Fix, RelatedLocation, Rule } from '../rule';
import { openSslCallPattern } from '../syntax';

/** Library calls that neither empty the error queue nor hide code that might. */
const inert = /^(?:printf|fprintf|vfprintf|dprintf|puts|fputs|perror|syslog|vsyslog|snprintf|sprintf|strerror|free|malloc|calloc|realloc|close|closesocket|shutdown|socket|accept|accept4|connect|bind|listen|setsockopt|fcntl|read|write|recv|send|select|poll|epoll_wait|sleep|usleep|memset|memcpy|memmove|strlen|strcmp|strncmp|fflush|time|gettimeofday)$/;

/**
 * The failure branch of an I/O call that, on an earlier iteration of the loop around `io`, leads back to `io`
 * without emptying the queue: with errors (SSL_ERROR_SSL, SYSCALL) still possible, no clear, no call that may drain
 * it (ERR_get_error, a function the analysis cannot see into), and no state flag that may end the loop. The failed
 * call must be on another SSL, or the loop must make a new connection in between (`ssl = SSL_new(ctx)`): retrying the
 * same connection after a fatal error is A8's finding, and after WANT_* nothing is queued.
 */
function earlierIterationFailure(file: FileContext, model: FunctionModel, io: IoCall, clearNodes: ReadonlySet<number>): { test: ResultTest; failed: IoCall } | undefined {
  const afterIo = model.cfg.reachable(io.cfg);
  if (!afterIo.has(io.cfg)) return undefined;
  const mayDrain = (id: number) => model.calls().some((c) => c.cfg === id && c.node.id !== io.call.id
    && (c.name === 'ERR_get_error' || (!openSslCallPattern.test(c.name) && !inert.test(c.name) && file.summary(c.name) === undefined)));
  const harmless = (id: number) => {
    const branch = model.cfg.node(id).branch;
    const outcomes = branch ? errorOutcomes(file, model, branch) : undefined;
    return outcomes !== undefined && !outcomes.possible.has('SSL_ERROR_SSL') && !outcomes.possible.has('SSL_ERROR_SYSCALL');
  };
  const stop = (id: number) => clearNodes.has(id) || harmless(id) || mayDrain(id);
  for (const failed of file.ioCalls(model)) {
    if (!afterIo.has(failed.cfg)) continue;
    for (const test of resultTests(file, model, failed)) {
      if (!test.failure || !afterIo.has(test.branch.id)) continue;
      if (!model.cfg.reachable(test.branch.id, (id) => id === io.cfg || stop(id)).has(io.cfg) || clearNodes.has(io.cfg)) continue;
      if (failed.sslKey === io.sslKey && !renewedOnPath(model, test.branch.id, io.cfg, io.sslKey, stop)) continue;
      if (flagGuardsPath(model, test.branch.id, io.cfg, true)) continue;
      return { test, failed };
    }
  }
  return undefined;
}

/** The statement to put ERR_clear_error() in front of: the I/O call's statement when it sits directly in a block. */
function insertionStatement(io: IoCall, statementOf: (n: Node) => Node | undefined): Node | undefined {
  const statement = statementOf(io.call);
  if (!statement) return undefined;
  let node: Node | null = statement;
  while (node && node.parent?.type !== 'compound_statement') {
    if (node.type === 'while_statement' || node.type === 'for_statement' || node.type === 'do_statement') return undefined;
    node = node.parent;
  }
  if (!node || node.type === 'case_statement') return undefined;
  return node.type === 'expression_statement' || node.type === 'declaration' || node.type === 'if_statement' ? node : undefined;
}

export const sslIoStaleErrorQueue: Rule = {
  meta: {
    id: 'A6',
    name: 'ssl-io-stale-error-queue',
    severity: 'warning',
    summary: 'TLS I/O without a preceding ERR_clear_error() while errors may be queued',
    fixable: true,
    docs: {
      what: 'A TLS I/O call whose result is classified with SSL_get_error() can be reached without the error queue being emptied from the failure branch of an earlier OpenSSL call (PEM/d2i parsing, loading certificates…), or from the error branch of an I/O call on an earlier iteration of its loop (a failed connection the loop moves on from, or another SSL). With openssl-doctor.lint.errorQueueMode set to strict, every such I/O call must be preceded by ERR_clear_error() (or a configured wrapper) in the same function; in lenient mode (code bases that empty the queue after every error) the rule is off.',
      why: 'SSL_get_error() checks the error queue before anything else: a stale error from an unrelated earlier failure turns a harmless SSL_ERROR_WANT_READ into a fatal SSL_ERROR_SSL (curl a0dd9df, stud #130, openssl #8470). The documentation requires an empty queue before the I/O call.',
      bad: 'cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);   /* may fail and leave errors */\nif (!cert) log("no client cert");\nn = SSL_read(s, b, sz);\nswitch (SSL_get_error(s, n)) { /* … */ }',
      good: 'ERR_clear_error();\nn = SSL_read(s, b, sz);\nswitch (SSL_get_error(s, n)) { /* … */ }',
      fix: 'Inserts ERR_clear_error(); on the line before the I/O call\'s statement, with the same indentation.',
      references: ['SSL_get_error(3)', 'ERR_clear_error(3)'],
    },
  },
  check(file, report) {
    const mode = file.options.errorQueueMode;
    if (mode === 'lenient') return;
    for (const model of file.functions()) {
      const classified = new Map<number, IoCall>();
      for (const site of model.callsNamed(new Set(['SSL_get_error']))) {
        const io = classifiedIo(file, model, site.node);
        if (io) classified.set(io.call.id, io);
      }
      if (classified.size === 0) continue;
      const clearNodes = new Set(model.calls().filter((c) => file.clearsQueue(c.name)).map((c) => c.cfg));
      const failures = mode === 'strict' ? [] : failureBranches(file, model);
      for (const io of classified.values()) {
        const clearedInNode = model.calls().some((c) => c.cfg === io.cfg && c.node.endIndex <= io.call.startIndex && file.clearsQueue(c.name));
        if (clearedInNode) continue;
        let related: RelatedLocation | undefined;
        let earlierIteration = false;
        if (mode === 'strict') {
          const dominated = [...clearNodes].some((id) => id !== io.cfg && model.cfg.dominates(id, io.cfg));
          if (dominated) continue;
        } else {
          const source = failures.find((f) => {
            if (clearNodes.has(f.branch.id)) return false;
            const reach = model.cfg.reachable(f.branch.id, (id) => clearNodes.has(id) || id === io.cfg);
            return reach.has(io.cfg);
          });
          if (source) related = { start: source.call.startIndex, end: source.call.endIndex, message: `${source.name}() can fail here and leave errors on the queue` };
          else {
            const earlier = earlierIterationFailure(file, model, io, clearNodes);
            if (!earlier) continue;
            earlierIteration = true;
            related = { start: earlier.test.cond.startIndex, end: earlier.test.cond.endIndex, message: `on an earlier iteration, ${earlier.failed.name}() failed here and the loop went on without emptying the queue` };
          }
        }
        const fixes: Fix[] = [];
        const statement = insertionStatement(io, (n) => model.cfg.nodeOf(n)?.syntax);
        if (statement) fixes.push({ title: `Insert ERR_clear_error() before ${io.name}()`, edits: [insertLineBefore(file.text, statement, 'ERR_clear_error();')], safe: true });
        report({
          start: io.call.startIndex, end: io.call.endIndex,
          message: mode === 'strict'
            ? `${io.name}() is not preceded by ERR_clear_error() in this function (strict error-queue mode): a stale error left on the queue makes SSL_get_error() report SSL_ERROR_SSL instead of the real outcome. Clear the queue before the call.`
            : `${io.name}() can run with errors still queued from an earlier failed OpenSSL call${earlierIteration ? ' on a previous iteration of the loop' : ''}, and SSL_get_error() then reports SSL_ERROR_SSL instead of the real outcome (a retry becomes fatal). Call ERR_clear_error() before ${io.name}(), or drain the queue where the earlier failure is handled.`,
          related: related ? [related] : [],
          fixes,
        });
      }
    }
  },
};
