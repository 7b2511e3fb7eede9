import type * as vscode from 'vscode';

/** What every feature module receives from activate(): where to register disposables and where to log. */
export interface FeatureContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
}

/** A feature module: registers its providers and commands, pushing every disposable onto the extension context. */
export interface Feature {
  readonly name: string;
  register(context: FeatureContext): void;
}
