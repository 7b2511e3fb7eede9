import * as vscode from 'vscode';
import { explainCodeToken, numberMeaningInCode } from '../core/knowledge/codeContext';
import { explainPackedCode } from '../core/knowledge/explainers';
import type { Explanation } from '../core/knowledge/explanation';
import { findingsInLine, maxLineLength } from '../core/knowledge/lineFindings';
import { toHoverMarkdown } from '../core/knowledge/render';
import { opensslLogLanguageId } from '../constants';
import type { Feature } from './featureContext';

const codeLanguages = ['c', 'cpp'];
const textLanguages = ['log', 'plaintext', opensslLogLanguageId];
/** How far back to look for the assignment of a variable compared with a number. */
const contextLines = 80;

const codeToken = /0[xX][0-9A-Fa-f]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*/;
// A whole word: eight hex digits inside a longer hash or thread id are not a code.
const hexToken = /\b(?:0[xX])?[0-9A-Fa-f]{8}\b/;

function hover(items: readonly Explanation[], range: vscode.Range): vscode.Hover | undefined {
  if (items.length === 0) return undefined;
  // Untrusted and without HTML: the text comes from the file being hovered.
  const markdown = new vscode.MarkdownString(toHoverMarkdown(items));
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return new vscode.Hover(markdown, range);
}

export function codeHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const range = document.getWordRangeAtPosition(position, codeToken);
  if (!range || range.end.character - range.start.character > 100) return undefined;
  const token = document.getText(range);
  const line = document.lineAt(position.line).text;
  let meaning;
  if (/^\d/.test(token)) {
    const before = document.getText(new vscode.Range(Math.max(0, position.line - contextLines), 0, position.line, 0));
    meaning = numberMeaningInCode(before, line, range.start.character, range.end.character);
  }
  return hover(explainCodeToken(token, meaning), range);
}

export function textHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const line = document.lineAt(position.line).text;
  if (position.character > maxLineLength) return undefined;
  const at = findingsInLine(line).filter((f) => f.start <= position.character && position.character <= f.end);
  if (at.length > 0) {
    const start = Math.min(...at.map((f) => f.start));
    const end = Math.max(...at.map((f) => f.end));
    return hover(at.flatMap((f) => f.items), new vscode.Range(position.line, start, position.line, end));
  }
  // A bare packed code (0A000126, 0x1408F10B) that no message format around it explains.
  const range = document.getWordRangeAtPosition(position, hexToken);
  if (!range) return undefined;
  const text = document.getText(range);
  return hover(explainPackedCode(parseInt(text.replace(/^0[xX]/, ''), 16), text), range);
}

/** Hovers that explain OpenSSL names and numbers in C/C++, and error lines and codes in logs and text files. */
export const explainHover: Feature = {
  name: 'explain hover',
  register({ extension, log }) {
    const guarded = (provide: (d: vscode.TextDocument, p: vscode.Position) => vscode.Hover | undefined): vscode.HoverProvider => ({
      provideHover(document, position) {
        try {
          return provide(document, position);
        } catch (error) {
          log.error('explain hover failed:', error);
          return undefined;
        }
      },
    });
    extension.subscriptions.push(
      vscode.languages.registerHoverProvider(codeLanguages.map((language) => ({ language })), guarded(codeHover)),
      vscode.languages.registerHoverProvider(textLanguages.map((language) => ({ language })), guarded(textHover)),
    );
  },
};
