// `start.js`, a classic script the page runs before it parses the app's module: it sends the
// start calls (renderer/start-calls.ts) so their answers are on their way while the code loads.
import { httpCall } from './http-call.js';
import { sendStartCalls } from './start-calls.js';

sendStartCalls(httpCall);
