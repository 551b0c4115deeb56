// `start.js`, a classic script the page runs before the app's module: it sends the start calls
// (renderer/start-calls.ts) so their answers are on their way while the code loads, and starts
// the worker that loads the locale data the first screen's formatters need (intl-warm.ts).
import { httpCall } from './http-call.js';
import { sendStartCalls } from './start-calls.js';

sendStartCalls(httpCall);
try {
  // A worker that cannot load only leaves the work to the page: nothing to report.
  new Worker('intl-warm.js').onerror = (event) => event.preventDefault();
} catch {
  // No worker here: the first formatters load the data themselves, a little later.
}
