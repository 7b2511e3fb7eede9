import type { SyntaxNode as Node } from './syntaxTree';
import { calleeName, forEachDescendant, intLiteral } from './syntax';
import type { FunctionModel } from './functionModel';
import { callbackDefinition, firstParameter, verifyModeOf, type SetupCall, type TlsSetup } from './tlsSetup';

/** The returned expressions of a callback's own body (not of lambdas inside it). */
function returnValues(definition: Node): (Node | undefined)[] {
  const body = definition.childForFieldName('body');
  const values: (Node | undefined)[] = [];
  if (!body) return values;
  forEachDescendant(body, (node) => {
    if (node.type === 'lambda_expression' && node.id !== definition.id) return 'skip';
    if (node.type === 'return_statement') values.push(node.namedChildren.find((c): c is Node => c !== null && c.type !== 'comment'));
    return undefined;
  });
  return values;
}

const isConstantAccept = (value: Node | undefined) => value !== undefined && (intLiteral(value) ?? 0) !== 0;

/** Whether the body reads `name` other than to silence an unused-parameter warning (`(void)ok`). */
function reads(definition: Node, name: string): boolean {
  let found = false;
  forEachDescendant(definition.childForFieldName('body') ?? definition, (node) => {
    if (found || node.type !== 'identifier' || node.text !== name) return;
    const parent = node.parent;
    if (parent?.type === 'cast_expression' && parent.childForFieldName('type')?.text === 'void') return;
    found = true;
  });
  return found;
}

export function callsNamed(definition: Node, name: string): boolean {
  return definition.descendantsOfType('call_expression').some((c) => c !== null && calleeName(c) === name);
}

/** What a verify callback does with OpenSSL's verdict (SSL_CTX_set_verify.pod). */
export interface CallbackVerdict {
  readonly values: readonly (Node | undefined)[];
  /** Every return is a non-zero constant. */
  readonly alwaysAccepts: boolean;
  /** Neither preverify_ok nor X509_STORE_CTX_get_error is looked at, yet it may accept. */
  readonly ignoresVerdict: boolean;
  readonly param: Node | undefined;
}

export function callbackVerdict(definition: Node): CallbackVerdict {
  const values = returnValues(definition);
  const param = firstParameter(definition);
  return {
    values,
    alwaysAccepts: values.length > 0 && values.every(isConstantAccept),
    // A callback that always returns 0 rejects everything: strict, not permissive.
    ignoresVerdict: !(param && reads(definition, param.text)) && !callsNamed(definition, 'X509_STORE_CTX_get_error')
      && !values.every((v) => v !== undefined && intLiteral(v) === 0),
    param,
  };
}

/**
 * Whether verification failures are non-fatal for an SSL (rules.md C3): no verify mode is set, the mode is
 * SSL_VERIFY_NONE, or the verify callback accepts everything. Returns the responsible call (none for the default).
 */
export function nonFatalVerification(setup: TlsSetup, model: FunctionModel, ssl: Node): { readonly call: SetupCall | undefined } | undefined {
  const verification = setup.verificationOfSsl(model, ssl);
  if (verification.mode === 'default') return { call: undefined };
  const call = verification.calls.find((c) => {
    if (verifyModeOf(c.args[1]) === 'none') return true;
    const definition = callbackDefinition(setup, c.args[2]);
    if (!definition) return false;
    const verdict = callbackVerdict(definition);
    return verdict.alwaysAccepts || verdict.ignoresVerdict;
  });
  return call ? { call } : undefined;
}
