import { UserError } from '../../services/errors.js';
import { COMMON_OPTIONS, parseCommandArgs, type CliCommand } from '../command.js';

const usage = 'mtls-desk app [--port N] [--no-open] [--browser PATH]';

export const appCommand: CliCommand = {
  summary: 'open the desk in a browser, served on 127.0.0.1 (no Electron needed)',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        port: { type: 'string' },
        'no-open': { type: 'boolean', default: false },
        browser: { type: 'string' },
      },
      usage,
    );
    if (values.help) {
      io.stdout(
        `${usage}\n  Serves mTLS Desk on 127.0.0.1 (a random port unless --port) and opens it in Chromium,\n  Chrome, Edge or Firefox as an app window. Prints the address with this launch's secret.\n  Stops when that browser closes, on Ctrl+C, or after 30 minutes with no page open.\n`,
      );
      return 0;
    }
    if (values.json)
      throw new UserError(
        'bad-input',
        `mtls-desk app serves until it is stopped and prints its address as text: leave out --json. Usage: ${usage}`,
      );
    let port: number | undefined;
    if (values.port !== undefined) {
      port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
      if (!(port >= 0 && port <= 65535))
        throw new UserError(
          'bad-input',
          `--port "${values.port}" is not a port number (0 to 65535). Usage: ${usage}`,
        );
    }
    // Loaded only for this command: the other commands start without the server and the handlers.
    const { runBrowserApp } = await import('../../shell/app.js');
    return runBrowserApp({
      port,
      open: !values['no-open'],
      browser: values.browser,
      env: io.env,
      say: (line) => io.stdout(`${line}\n`),
    });
  },
};
