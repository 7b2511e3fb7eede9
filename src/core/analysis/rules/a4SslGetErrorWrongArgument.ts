import type { IoCall } from '../fileContext';
import { resultVariable } from '../ioResults';
import type { Rule } from '../rule';
import { callArgs, exprKey, intLiteral, lvalueKey, openSslCallPattern, stripExpr } from '../syntax';

export const sslGetErrorWrongArgument: Rule = {
  meta: {
    id: 'A4',
    name: 'ssl-get-error-wrong-argument',
    severity: 'error',
    summary: 'SSL_get_error(ssl, x) with an x that is not the result of the last I/O call on ssl',
    fixable: true,
    docs: {
      what: 'The second argument of SSL_get_error() is not the value returned by the most recent I/O call on the same SSL: another variable, a stale result from an earlier call, the byte count out-parameter of an _ex call, or a positive constant. The literal 0 after a failed _ex call or SSL_shutdown is the documented pattern and is allowed.',
      why: 'SSL_get_error() returns SSL_ERROR_NONE for any positive ret, and its classification is only defined for the return value of the call that just failed. With the wrong value a failure is reported as success, or a retry as a fatal error (curl fixed exactly this in e7a5184, passing nread after SSL_shutdown).',
      bad: 'rc = SSL_shutdown(s);\nif (SSL_get_error(s, nread) == SSL_ERROR_WANT_WRITE)\n    retry();',
      good: 'rc = SSL_shutdown(s);\nif (rc < 0 && SSL_get_error(s, rc) == SSL_ERROR_WANT_WRITE)\n    retry();',
      fix: 'Replaces the argument with the variable that holds the result of the nearest preceding I/O call on the same SSL.',
      references: ['SSL_get_error(3)'],
    },
  },
  check(file, report) {
    for (const model of file.functions()) {
      const ioCalls = file.ioCalls(model);
      if (ioCalls.length === 0) continue;
      for (const site of model.callsNamed(new Set(['SSL_get_error']))) {
        const [sslArg, retArg] = callArgs(site.node);
        if (!sslArg || !retArg) continue;
        const sslKey = exprKey(sslArg);
        const ret = stripExpr(retArg);
        if (ret.type === 'call_expression') continue;
        // The I/O calls on this SSL that can be the last one before SSL_get_error, on any path.
        const sameSsl = ioCalls.filter((c) => c.sslKey === sslKey);
        const ioNodes = new Set(sameSsl.map((c) => c.cfg));
        const before = model.cfg.reachable(site.cfg, (id) => ioNodes.has(id), 'pred');
        const nearest: IoCall[] = sameSsl.filter((c) => before.has(c.cfg) || (c.cfg === site.cfg && c.call.endIndex <= site.node.startIndex));
        if (nearest.length === 0) continue;
        const value = intLiteral(ret);
        let problem: string | undefined;
        if (value !== undefined) {
          if (value > 0) problem = `the constant ${value} makes SSL_get_error() return SSL_ERROR_NONE`;
        } else if (lvalueKey(ret) !== undefined) {
          const origins = file.originsOf(model, ret);
          const fromNearest = origins.some((o) => o.kind === 'call' && nearest.some((c) => c.call.id === o.call.id));
          const fromOtherIo = origins.filter((o) => o.kind === 'call' && ioCalls.some((c) => c.call.id === o.call.id) && !nearest.some((c) => c.call.id === o.call.id));
          const outParam = model.reachingDefs(ret).some((d) => d.kind === 'address' && nearest.some((c) => c.call.descendantsOfType('pointer_expression').some((p) => p?.id === d.syntax.id)));
          const opaque = origins.some((o) => o.kind === 'call' && !openSslCallPattern.test(o.name) && !ioCalls.some((c) => c.call.id === o.call.id));
          if (outParam) problem = `'${ret.text}' is the byte count written by ${nearest[0]?.name}(), not its return value`;
          else if (fromNearest || opaque) problem = undefined;
          else if (fromOtherIo.length > 0) problem = `'${ret.text}' holds the result of an earlier call, not of the last ${nearest.map((c) => c.name).join('/')}() on ${sslArg.text}`;
          else problem = `'${ret.text}' does not hold the result of ${nearest.map((c) => c.name).join('/')}() on ${sslArg.text}`;
        }
        if (!problem) continue;
        const last = nearest.find((c) => resultVariable(c)) ?? nearest[0];
        const holder = last ? resultVariable(last) : undefined;
        const holderKey = holder ? lvalueKey(holder) : undefined;
        const useHolder = holderKey !== undefined && nearest.every((c) => {
          const v = resultVariable(c);
          return v !== undefined && lvalueKey(v) === holderKey;
        });
        const exLike = nearest.every((c) => c.convention === 'ex');
        const replacement = useHolder ? holderKey : exLike ? '0' : undefined;
        report({
          start: retArg.startIndex,
          end: retArg.endIndex,
          message: `SSL_get_error() must be given the value returned by the I/O call that failed: ${problem}. The classification is then unreliable (a failure can read as success, a retry as fatal).`,
          related: nearest.map((c) => ({ start: c.call.startIndex, end: c.call.endIndex, message: `the last I/O call on ${sslArg.text}` })),
          fixes: replacement === undefined || replacement === retArg.text ? [] : [{ title: `Pass ${replacement}`, edits: [{ start: retArg.startIndex, end: retArg.endIndex, newText: replacement }], safe: true }],
        });
      }
    }
  },
};
