// The devtools page: one panel per tool, each a small module that renders itself and calls
// payquery directly. Nothing here performs a network request.
// The browser build of payquery, as `scripts/build` writes it (serve the repository root).
import * as pq from '../../pkg/web/index.js';
import { v2Panel } from './panels/v2.js';
import { v3Panel } from './panels/v3.js';
import { fubeiPanel } from './panels/fubei.js';
import { responsePanel } from './panels/response.js';

await pq.init();
const panels = [v2Panel, v3Panel, fubeiPanel, responsePanel];
const main = document.getElementById('panels');
for (const panel of panels) main.append(panel(pq));
const status = document.getElementById('status');
status.textContent = 'ready';
status.className = 'ok';
