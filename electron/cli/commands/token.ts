// `mtls-desk token list|keys|modules` and what the key commands share to use a PKCS#11 token: the
// module (--module, else the one configured in the settings), the user PIN (--pin-env VAR,
// --pin-file F or a prompt; never an argument, never printed), and for live tests a process whose
// OpenSSL has the pkcs11 engine configured for that module.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPkcs11Uri } from '../../../shared/pkcs11.js';
import { openDesk } from '../../services/desk.js';
import { UserError } from '../../services/errors.js';
import { openConfStore } from '../../services/store.js';
import { tokenSupport } from '../../services/token/native.js';
import { listKeys, listTokens, tokenOfUri } from '../../services/token/token.js';
import { readPassphrase, type CliIO } from '../command.js';
import { defineCommand, defineGroup, type OptionSpec } from '../define.js';

export const MODULE_SPEC = {
  module: {
    type: 'string',
    value: 'LIB',
    description: 'the PKCS#11 module (default: the first configured in mtls-desk token modules)',
  },
} as const satisfies Record<string, OptionSpec>;

export const PIN_SPECS = {
  ...MODULE_SPEC,
  'pin-env': {
    type: 'string',
    value: 'VAR',
    description: "the environment variable that holds the token's user PIN",
  },
  'pin-file': {
    type: 'string',
    value: 'FILE',
    description: "a file that holds the token's user PIN",
  },
} as const satisfies Record<string, OptionSpec>;

export interface PinFlags {
  module?: string;
  'pin-env'?: string;
  'pin-file'?: string;
}

/** The module given, else the first one configured in the settings of MTLS_DESK_DATA_DIR. */
export function moduleOf(io: CliIO, given: string | undefined): string {
  if (given) return given;
  const dataDir = io.env.MTLS_DESK_DATA_DIR;
  if (dataDir) {
    const desk = openDesk({ dataDir, store: openConfStore(dataDir), catalog: io.catalog() });
    try {
      return desk.tokens.module();
    } finally {
      desk.close();
    }
  }
  throw new UserError(
    'bad-input',
    'no PKCS#11 module is given: pass --module /path/to/module.so, or configure one with mtls-desk token modules --add PATH (needs MTLS_DESK_DATA_DIR)',
  );
}

/**
 * The user PIN of a token, from --pin-env, --pin-file or a prompt: read like a passphrase (a
 * variable's name, never its value, repeated back; an owner-only file of bounded size).
 */
export async function readPin(io: CliIO, flags: PinFlags, token: string): Promise<string> {
  const what = `user PIN of token "${token}"`;
  const pin = await readPassphrase(
    io,
    flags['pin-env'],
    flags['pin-file'],
    what,
    false,
    '--pin-file',
  );
  if (pin === undefined)
    throw new UserError(
      'passphrase-required',
      `the ${what} is needed: give --pin-env VAR or --pin-file F`,
    );
  return pin;
}

/** A key argument that names a token key: its token label (the PIN prompt names it). */
export function tokenKeyArg(key: string | undefined): string | null {
  return isPkcs11Uri(key) ? tokenOfUri(key).token : null;
}

const ENGINE_ENV = 'MTLS_DESK_PKCS11_ENGINE_MODULE';
export const ENGINE_PATH = '/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so';

function engineConfig(module: string): string {
  return [
    'nodejs_conf = openssl_init',
    'openssl_conf = openssl_init',
    '[openssl_init]',
    'engines = engine_section',
    '[engine_section]',
    'pkcs11 = pkcs11_section',
    '[pkcs11_section]',
    'engine_id = pkcs11',
    `dynamic_path = ${process.env.MTLS_DESK_PKCS11_ENGINE ?? ENGINE_PATH}`,
    `MODULE_PATH = ${module}`,
    'init = 0',
    '',
  ].join('\n');
}

/**
 * Node's OpenSSL reads its configuration once, at start: a live test with a token key runs in a
 * child process started with an OpenSSL configuration that loads the pkcs11 engine for `module`
 * (the configuration names only the engine and the module; the PIN reaches the child the way it
 * reached us: the same environment variable, file or prompt). Returns the child's exit code, or
 * null when this process already is that child (go on, with the engine id to use).
 */
export async function runWithEngine(
  io: CliIO,
  module: string,
  argv: string[],
): Promise<number | null> {
  if (io.env[ENGINE_ENV] === module) return null;
  const dir = mkdtempSync(join(tmpdir(), 'mtls-desk-engine-'));
  const config = join(dir, 'openssl.cnf');
  writeFileSync(config, engineConfig(module), { mode: 0o600 });
  const self = fileURLToPath(import.meta.url);
  // From the sources (tsx) the entry is electron/cli/index.ts.
  // From the bundle, dist/cli.js (this file may be one of its chunks in dist/cli-chunks/).
  const [entry, execArgv] = self.endsWith('.ts')
    ? [fileURLToPath(new URL('../index.ts', import.meta.url)), ['--import', 'tsx']]
    : [
        /[\\/]cli-chunks[\\/]/.test(self)
          ? fileURLToPath(new URL('../cli.js', import.meta.url))
          : self,
        [],
      ];
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [...execArgv, entry, ...argv], {
        env: { ...io.env, OPENSSL_CONF: config, [ENGINE_ENV]: module },
        stdio: ['inherit', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => io.stdout(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => {
        // OpenSSL's harmless notice when the engine loads; nothing else is dropped.
        const text = chunk.toString().replace(/^bad engine id\r?\n/m, '');
        if (text) io.stderr(text);
      });
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? 2));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function yes(flag: boolean): string {
  return flag ? 'yes' : 'NO';
}

const modules = defineCommand({
  name: 'token modules',
  summary:
    'the PKCS#11 modules configured once, so --module can be left out (the first is the default)',
  options: {
    add: { type: 'string', value: 'LIB', description: 'configure this module' },
    remove: { type: 'string', value: 'LIB', description: 'forget this module' },
  },
  examples: ['mtls-desk token modules --add /usr/lib/softhsm/libsofthsm2.so'],
  async run({ values }, io) {
    const dataDir = io.env.MTLS_DESK_DATA_DIR;
    if (!dataDir)
      throw new UserError(
        'bad-input',
        'set MTLS_DESK_DATA_DIR to the folder that holds the settings',
      );
    const desk = openDesk({ dataDir, store: openConfStore(dataDir), catalog: io.catalog() });
    try {
      let modules = desk.settings.get().pkcs11Modules;
      if (values.add !== undefined || values.remove !== undefined) {
        modules = modules.filter((m) => m !== values.add && m !== values.remove);
        if (values.add !== undefined) modules = [...modules, values.add];
        modules = desk.settings.update({ pkcs11Modules: modules }).pkcs11Modules;
      }
      return { modules, support: tokenSupport() };
    } finally {
      desk.close();
    }
  },
  text: ({ modules }) =>
    modules.length
      ? modules.map((m, i) => `${m}${i === 0 ? '  (default)' : ''}`).join('\n') + '\n'
      : 'no PKCS#11 module is configured\n',
});

const list = defineCommand({
  name: 'token list',
  summary: "the module's slots with a token (label, manufacturer, model, serial, flags)",
  options: MODULE_SPEC,
  examples: ['mtls-desk token list --module /usr/lib/softhsm/libsofthsm2.so'],
  async run({ values }, io) {
    return listTokens(moduleOf(io, values.module));
  },
  text: (info) =>
    `${info.module}: ${info.library} (${info.manufacturer})\n` +
    (info.tokens.length === 0
      ? '  no initialized token is present\n'
      : info.tokens
          .map(
            (t) =>
              `  slot ${t.slot}: token "${t.label}"\n    manufacturer ${t.manufacturer}, model ${t.model}, serial ${t.serial}\n    flags        ${t.flagWords.join(', ')}\n`,
          )
          .join('')),
});

const keys = defineCommand({
  name: 'token keys',
  summary:
    'the private keys on a token with their pkcs11: URI, whether each is sensitive and never extractable, and the certificates beside them',
  options: {
    ...PIN_SPECS,
    token: { type: 'string', value: 'LABEL', required: true, description: "the token's label" },
  },
  examples: ['PKCS11_PIN=... mtls-desk token keys --token desk --pin-env PKCS11_PIN --json'],
  async run({ values }, io) {
    const module = moduleOf(io, values.module);
    const token = values.token;
    const pin = await readPin(io, values, token);
    return { module, token, keys: await listKeys({ module, token, pin }) };
  },
  text: ({ token, keys }) =>
    keys.length === 0
      ? `token "${token}" holds no private key\n`
      : keys
          .map(
            (k) =>
              `${k.uri}\n  ${k.algorithm ?? 'other key type'}, public key SHA-256 ${k.publicKeySha256 ?? 'unknown'}\n  sensitive ${yes(k.sensitive)}, never extractable ${yes(k.neverExtractable)}, generated on the token ${yes(k.local)}\n` +
              k.certificates
                .map((c) => `  certificate ${c.subject}, until ${c.notAfter}\n`)
                .join(''),
          )
          .join(''),
});

export const tokenCommand = defineGroup({
  name: 'token',
  summary: 'PKCS#11 tokens (HSM, smartcard): modules, tokens, the keys on a token',
  subcommands: [list, keys, modules],
});
