import type { SyntaxNode as Node } from './syntaxTree';
import { declaredName } from './functionModel';
import { forEachDescendant } from './syntax';

/** A local or parameter declaration: its name, the type node as written, and how many names the declaration declares. */
export interface LocalDeclaration {
  readonly name: string;
  readonly type: Node;
  readonly declaration: Node;
  readonly declarator: Node;
  readonly siblings: number;
  /** `char buf[N]`: N when it is a literal. */
  readonly arrayLength: number | undefined;
  readonly isPointer: boolean;
}

/** The declarations of a function's parameters and locals by name (the last one wins on shadowing). */
export function localDeclarations(definition: Node): Map<string, LocalDeclaration> {
  const result = new Map<string, LocalDeclaration>();
  forEachDescendant(definition, (node) => {
    if (node.type !== 'declaration' && node.type !== 'parameter_declaration') return undefined;
    const type = node.childForFieldName('type');
    if (!type) return undefined;
    const declarators = node.childrenForFieldName('declarator').filter((d): d is Node => d !== null);
    for (const declarator of declarators) {
      const name = declaredName(declarator);
      if (!name) continue;
      let arrayLength: number | undefined;
      let isPointer = false;
      for (let d: Node | null = declarator; d; d = d.childForFieldName('declarator')) {
        if (d.type === 'array_declarator') {
          const size = d.childForFieldName('size');
          arrayLength = size?.type === 'number_literal' ? Number(size.text.replace(/[uUlL]+$/, '')) : undefined;
        }
        if (d.type === 'pointer_declarator') isPointer = true;
      }
      result.set(name.text, { name: name.text, type, declaration: node, declarator, siblings: declarators.length, arrayLength, isPointer });
    }
    return undefined;
  });
  return result;
}
