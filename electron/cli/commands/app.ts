// `mtls-desk app`: the desk in a browser, served on 127.0.0.1 (no Electron needed).
import { UserError } from '../../services/errors.js';
import { defineCommand, printed } from '../define.js';

export const appCommand = defineCommand({
  name: 'app',
  summary: 'open the desk in a browser, served on 127.0.0.1 (no Electron needed)',
  usage: 'mtls-desk app [--port N] [--no-open] [--browser PATH]',
  description:
    "Serves mTLS Desk on 127.0.0.1 (a random port unless --port) and opens it in Chromium,\nChrome, Edge or Firefox as an app window. Prints the address with this launch's secret.\nStops when that browser closes, on Ctrl+C, or after 30 minutes with no page open.",
  options: {
    port: {
      type: 'string',
      value: 'N',
      description: 'the port to serve on (default: a random one)',
      integer: { min: 0, max: 65_535 },
    },
    'no-open': { type: 'boolean', description: 'print the address without opening a browser' },
    browser: { type: 'string', value: 'PATH', description: 'the browser to open it in' },
  },
  examples: ['mtls-desk app', 'mtls-desk app --port 8443 --no-open'],
  async run({ values, usage }, io) {
    if (values.json)
      throw new UserError(
        'bad-input',
        `mtls-desk app serves until it is stopped and prints its address as text: leave out --json. Usage: ${usage}`,
      );
    // Loaded only for this command: the other commands start without the server and the handlers.
    const { runBrowserApp } = await import('../../shell/app.js');
    const code = await runBrowserApp({
      port: values.port,
      open: !values['no-open'],
      browser: values.browser,
      env: io.env,
      say: (line) => io.stdout(`${line}\n`),
    });
    return printed(code);
  },
});
