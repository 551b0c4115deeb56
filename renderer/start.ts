// `start.js`, a classic script the page runs before the app's module: it sends the start calls
// (renderer/start-calls.ts) so their answers are on their way while the code loads, then, in a
// task of its own, loads the locale data the first screen's formatters need (intl-warm.ts).
import { httpCalls } from './http-call.js';
import { warmIntl } from './intl-warm.js';
import { sendStartCalls } from './start-calls.js';

sendStartCalls(httpCalls);
setTimeout(() => warmIntl(navigator.language), 0);
