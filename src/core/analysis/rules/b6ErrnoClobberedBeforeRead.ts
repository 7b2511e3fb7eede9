import type { SyntaxNode as Node } from '../syntaxTree';
import { classifiedIo, errorOutcomes, isSslErrorValue } from '../classification';
import { constraintOn } from '../facts';
import { uniqueName } from '../fixText';
import type { Fix, Rule } from '../rule';
import { forEachDescendant, indentationAt, lineEnding, within } from '../syntax';

/** Calls that leave errno alone: OpenSSL's ERR functions save and restore it (OpenSSL 91c5473), and pure macros. */
const preserving = /^(?:SSL_get_error|ERR_peek_\w+|ERR_get_error\w*|ERR_GET_\w+|ERR_SYSTEM_ERROR|SSL_want\w*|SSL_get_shutdown|SSL_pending|BIO_should_\w+)$/;

export const errnoClobberedBeforeRead: Rule = {
  meta: {
    id: 'B6',
    name: 'errno-clobbered-before-read',
    severity: 'warning',
    summary: 'errno read too late after SSL_ERROR_SYSCALL',
    fixable: true,
    docs: {
      what: 'In the SSL_ERROR_SYSCALL branch, errno is read after another call (a logger, fprintf, free, close, a function of the program…) ran on the way from the I/O call, or is passed as an argument next to another argument that is a call. SSL_get_error() and the ERR_* functions preserve errno and are allowed.',
      why: 'errno is only meaningful right after the failing system call. Loggers, stdio and allocators may change it, so the message shows an unrelated error or "Success" (apache/trafficserver #2709 "Save errno ASAP", ruby/openssl #980, where argument evaluation order let a call overwrite errno).',
      bad: 'e = SSL_get_error(s, n);\nif (e == SSL_ERROR_SYSCALL) {\n    log_conn(c, "read failed");\n    last_err = errno;\n}',
      good: 'e = SSL_get_error(s, n);\nint se = errno;\nif (e == SSL_ERROR_SYSCALL) {\n    log_conn(c, "read failed");\n    last_err = se;\n}',
      fix: 'Inserts `int saved_errno = errno;` right after the SSL_get_error() statement and reads the copy instead (when both are in the same block).',
      references: ['SSL_get_error(3)', 'ERR_get_error(3) (errno is preserved)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      if (!model.body.text.includes('errno')) continue;
      const isSubject = (n: Node) => isSslErrorValue(file, model, n);
      forEachDescendant(model.body, (node) => {
        if (node.type !== 'identifier' || node.text !== 'errno') return undefined;
        const parent = node.parent;
        if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.id === node.id) return undefined;
        const facts = model.factsAt(node);
        const syscall = facts.find((f) => constraintOn(f, isSubject).some((c) => c.op === '==' && c.name === 'SSL_ERROR_SYSCALL'));
        if (!syscall) return undefined;
        const subject = syscall.kind === 'bool' ? syscall.expr : syscall.subject;
        const getError = file.originsOf(model, subject.type === 'binary_expression' ? (subject.childForFieldName('left') ?? subject) : subject).find((o) => o.kind === 'call' && o.name === 'SSL_get_error');
        const getErrorCall = getError?.kind === 'call' ? getError.call : undefined;
        const io = getErrorCall ? classifiedIo(file, model, getErrorCall) : undefined;
        const readNode = model.cfgOf(node);
        const start = io?.cfg ?? (getErrorCall ? model.cfgOf(getErrorCall) : undefined);
        if (readNode === undefined || start === undefined) return undefined;
        // Calls on a path where SSL_get_error() said something other than SSL_ERROR_SYSCALL cannot precede this read.
        const otherOutcome = (id: number) => {
          const branch = model.cfg.node(id).branch;
          const outcomes = branch ? errorOutcomes(file, model, branch) : undefined;
          return outcomes !== undefined && !outcomes.possible.has('SSL_ERROR_SYSCALL');
        };
        const sameNode = start === readNode;
        const after = sameNode ? new Set<number>() : model.cfg.reachable(start, (id) => id === readNode || id === start || otherOutcome(id));
        const before = sameNode ? new Set<number>() : model.cfg.reachable(readNode, (id) => id === start || id === readNode || otherOutcome(id), 'pred');
        const clobber = model.calls().find((c) => {
          if (preserving.test(c.name) || within(node, c.node)) return false;
          if (c.cfg === readNode) {
            if (getErrorCall && c.cfg === model.cfgOf(getErrorCall) && c.node.endIndex <= getErrorCall.startIndex) return false;
            // Same statement: a call evaluated before the read, or an argument next to errno (unspecified order).
            const sibling = parent?.type === 'argument_list' && within(c.node, parent);
            return sibling || c.node.endIndex <= node.startIndex;
          }
          if (c.cfg === start) return io !== undefined && c.node.startIndex > io.call.endIndex && c.node.id !== getErrorCall?.id;
          return after.has(c.cfg) && before.has(c.cfg);
        });
        if (!clobber) return undefined;
        const fixes: Fix[] = [];
        const saveAfter = getErrorCall ? model.cfg.nodeOf(getErrorCall)?.syntax : undefined;
        const block = saveAfter?.parent;
        if (saveAfter && block?.type === 'compound_statement' && (saveAfter.type === 'declaration' || saveAfter.type === 'expression_statement')
          && within(node, block) && node.startIndex > saveAfter.endIndex) {
          const name = uniqueName(model.body.text, 'saved_errno');
          fixes.push({
            title: `Save errno right after SSL_get_error() (${name})`,
            edits: [
              { start: saveAfter.endIndex, end: saveAfter.endIndex, newText: `${lineEnding(file.text)}${indentationAt(file.text, saveAfter.startIndex)}int ${name} = errno;` },
              { start: node.startIndex, end: node.endIndex, newText: name },
            ],
            safe: false,
          });
        }
        report({
          start: node.startIndex, end: node.endIndex,
          message: `errno is read after ${clobber.name}() ran${io ? ` following the failed ${io.name}()` : ''}, and ${clobber.name}() may have changed it: the error reported may not be the one that broke the connection. Save errno right after SSL_get_error() and use the copy.`,
          related: [{ start: clobber.node.startIndex, end: clobber.node.endIndex, message: `${clobber.name}() can overwrite errno` }],
          fixes,
        });
        return undefined;
      });
    }
  },
};
