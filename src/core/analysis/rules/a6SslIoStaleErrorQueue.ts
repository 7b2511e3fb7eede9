import type { SyntaxNode as Node } from '../syntaxTree';
import { classifiedIo } from '../classification';
import { failureBranches } from '../fallible';
import type { IoCall } from '../fileContext';
import type { Fix, Rule } from '../rule';
import { indentationAt, lineEnding } from '../syntax';

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
      what: 'A TLS I/O call whose result is classified with SSL_get_error() can be reached from the failure branch of an earlier OpenSSL call (PEM/d2i parsing, loading certificates…) without the error queue being emptied. With openssl-doctor.lint.errorQueueMode set to strict, every such I/O call must be preceded by ERR_clear_error() (or a configured wrapper) in the same function; in lenient mode (code bases that empty the queue after every error) the rule is off.',
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
        let related: { start: number; end: number; message: string } | undefined;
        if (mode === 'strict') {
          const dominated = [...clearNodes].some((id) => id !== io.cfg && model.cfg.dominates(id, io.cfg));
          if (dominated) continue;
        } else {
          const source = failures.find((f) => {
            if (clearNodes.has(f.branch.id)) return false;
            const reach = model.cfg.reachable(f.branch.id, (id) => clearNodes.has(id) || id === io.cfg);
            return reach.has(io.cfg);
          });
          if (!source) continue;
          related = { start: source.call.startIndex, end: source.call.endIndex, message: `${source.name}() can fail here and leave errors on the queue` };
        }
        const fixes: Fix[] = [];
        const statement = insertionStatement(io, (n) => model.cfg.nodeOf(n)?.syntax);
        if (statement) {
          const indent = indentationAt(file.text, statement.startIndex);
          const eol = lineEnding(file.text);
          fixes.push({ title: `Insert ERR_clear_error() before ${io.name}()`, edits: [{ start: statement.startIndex, end: statement.startIndex, newText: `ERR_clear_error();${eol}${indent}` }], safe: true });
        }
        report({
          start: io.call.startIndex, end: io.call.endIndex,
          message: mode === 'strict'
            ? `${io.name}() is not preceded by ERR_clear_error() in this function (strict error-queue mode): a stale error left on the queue makes SSL_get_error() report SSL_ERROR_SSL instead of the real outcome. Clear the queue before the call.`
            : `${io.name}() can run with errors still queued from an earlier failed OpenSSL call, and SSL_get_error() then reports SSL_ERROR_SSL instead of the real outcome (a retry becomes fatal). Call ERR_clear_error() before ${io.name}(), or drain the queue where the earlier failure is handled.`,
          related: related ? [related] : [],
          fixes,
        });
      }
    }
  },
};
