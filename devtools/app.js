// The devtools page: one panel per tool, each a small module that renders itself and calls
// payquery (the package's browser build, beside this folder) directly. Nothing here sends a
// request, except to a loopback sandbox named by `?sandbox=` once "Try with the sandbox" is
// pressed (see sandbox.js).
import * as pq from '../web/index.js';
import { v2Panel } from './panels/v2.js';
import { v3Panel } from './panels/v3.js';
import { fubeiPanel } from './panels/fubei.js';
import { responsePanel } from './panels/response.js';
import { render, verdict, errorView } from './panels/ui.js';
import { sandboxOrigin, connect } from './sandbox.js';

const status = document.getElementById('status');
try {
  await pq.init();
} catch (e) {
  render(status, ...errorView(e));
  throw e;
}
const panels = { v2: v2Panel(pq), fubei: fubeiPanel(pq), v3: v3Panel(pq), response: responsePanel(pq) };
document.getElementById('panels').append(...Object.values(panels).map((p) => p.node));

const sandboxUrl = sandboxOrigin(location.search);
const tryButton = document.getElementById('try-sandbox');
if (sandboxUrl) {
  tryButton.hidden = false;
  tryButton.title = `Fill every panel with the fake credentials of the sandbox at ${sandboxUrl} and query its seeded orders`;
  tryButton.addEventListener('click', async () => {
    tryButton.disabled = true;
    try {
      const sandbox = await connect(sandboxUrl);
      for (const panel of Object.values(panels)) panel.useSandbox(sandbox);
      render(status, verdict('ok', `Connected to the sandbox at ${sandboxUrl}`, 'Fake credentials filled in; the answer below is a seeded order fetched just now. "Send to the sandbox" and "Fetch from the sandbox" query it again.'));
      await panels.response.fetchSandbox('v2');
    } catch (e) {
      render(status, ...errorView(e));
    } finally {
      tryButton.disabled = false;
    }
  });
}
render(status, verdict('ok', 'Ready', sandboxUrl ? `A sandbox is at ${sandboxUrl}: press "Try with the sandbox".` : 'Press "Sample" in any panel to see it work, or paste your own data. Keys typed here never leave this page.'));
status.dataset.ready = 'true';
