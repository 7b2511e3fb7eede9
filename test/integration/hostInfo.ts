// Preloaded by the mocha runner inside the extension host: says which VS Code and Node run the suite.
// The harness waits for this line to know the host started.
import * as vscode from 'vscode';

export function mochaGlobalSetup(): void {
  console.log(`Extension host: VS Code ${vscode.version}, Node ${process.version}`);
}
