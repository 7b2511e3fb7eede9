import type { SyntaxNode as Node } from './syntaxTree';
import type { CfgNode } from './cfg';
import { constraintOn, holds, impliedFacts } from './facts';
import type { FileContext, IoCall } from './fileContext';
import type { FunctionModel } from './functionModel';
import { assignmentTarget } from './syntax';

/** Whether a result value means failure, per call family (SSL_read.pod, SSL_connect.pod, SSL_shutdown.pod). */
export function isFailureValue(convention: IoCall['convention'], v: number): boolean {
  switch (convention) {
    case 'count': return v <= 0;
    case 'handshake': return v !== 1;
    case 'ex': return v === 0;
    case 'shutdown': return v < 0;
  }
}


/** The values each call family can return (2 stands for any byte count). */
const resultDomain: Record<IoCall['convention'], number[]> = { count: [-1, 0, 1, 2], handshake: [-1, 0, 1], ex: [0, 1], shutdown: [-1, 0, 1] };

export interface ResultTest {
  /** The branch node (of an if/loop condition) where the test came out one way. */
  readonly branch: CfgNode;
  readonly cond: Node;
  readonly failure: boolean;
}

/** Every branch of the function whose condition says something about the result of `io`. */
export function resultTests(file: FileContext, model: FunctionModel, io: IoCall): ResultTest[] {
  const tests: ResultTest[] = [];
  const isSubject = (n: Node) => file.holdsResultOf(model, n, io.call);
  for (const node of model.cfg.nodes) {
    const branch = node.branch;
    if (branch?.kind !== 'cond') continue;
    for (const fact of impliedFacts(branch.cond, branch.value)) {
      for (const constraint of constraintOn(fact, isSubject)) {
        if (constraint.value === undefined) continue;
        // Judge the test on the values the call can return: `SSL_read_ex(…) < 0` never holds, but it is meant as the failure test.
        const value = constraint.value;
        const admitted = resultDomain[io.convention].filter((v) => holds(constraint.op, v, value));
        tests.push({
          branch: node, cond: branch.cond,
          failure: admitted.every((v) => isFailureValue(io.convention, v)),
        });
      }
    }
  }
  return tests;
}

/** The lvalue the I/O result is stored in (`int n = SSL_read(…)`, `n = SSL_read(…)`), if any. */
export function resultVariable(io: IoCall): Node | undefined {
  return assignmentTarget(io.call);
}

/** Nodes reachable after the I/O call before the next I/O call on the same SSL (the window where its result is handled). */
export function handlingWindow(file: FileContext, model: FunctionModel, io: IoCall): Set<number> {
  const otherIo = new Set(file.ioCalls(model).filter((c) => c.sslKey === io.sslKey && c.cfg !== io.cfg).map((c) => c.cfg));
  const window = model.cfg.reachable(io.cfg, (id) => otherIo.has(id) || id === io.cfg);
  for (const id of otherIo) window.delete(id);
  window.add(io.cfg);
  return window;
}
