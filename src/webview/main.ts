// The diagnosis panel's script: shows the last state at once (after a reload too), asks the extension for the
// current model, renders every validated model it receives, and turns button clicks into typed messages.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { parsePanelState, parseToWebview, type FromWebview, type PanelModel, type PanelState } from '../core/diagnosis/protocol';
import { render, type Action } from './render';
import './panel.css';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
const actions: readonly Action[] = ['rerun', 'cancel', 'copyMarkdown', 'saveJson', 'openLog'];

function show(model: PanelModel): void {
  if (!root) return;
  const summary = render(root, model);
  vscode.setState({ model });
  vscode.postMessage({ type: 'rendered', summary });
}

root?.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-action]') : null;
  const action = target?.getAttribute('data-action');
  const known = actions.find((a) => a === action);
  if (known) vscode.postMessage({ type: known });
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToWebview(event.data);
  if (!message.ok) {
    console.warn(`OpenSSL Doctor panel: ignored a malformed message (${message.problem})`);
    return;
  }
  show(message.value.model);
});

const saved = parsePanelState(vscode.getState());
if (saved.ok) show(saved.value.model);
vscode.postMessage({ type: 'ready' });
