import { createPublicKey } from 'node:crypto';
import { isKeyAlgorithmId, KEY_ALGORITHM_IDS, KEY_ALGORITHMS } from '../../../shared/algorithms.js';
import type { KeyAlgorithmId } from '../../../shared/algorithms.js';
import { openDesk } from '../../services/desk.js';
import { UserError } from '../../services/errors.js';
import { openConfStore } from '../../services/store.js';
import { generateOnToken, type TokenKey } from '../../services/token/token.js';
import { moduleOf, PIN_OPTIONS, readPin, type PinFlags } from './token.js';
import { keyFacts } from '../../services/facts.js';
import { writeFileAtomic } from '../../services/files.js';
import { encryptPrivateKey, generateKey, plainPrivateKeyPem } from '../../services/keys.js';
import {
  COMMON_OPTIONS,
  PASSPHRASE_OPTIONS,
  parseCommandArgs,
  printJson,
  readPassphrase,
  requireOption,
  type CliCommand,
  type CliIO,
} from '../command.js';

// One line, as every usage error quotes it; the second form makes the key on a PKCS#11 token.
const usage = `mtls-desk keygen --algorithm ${KEY_ALGORITHM_IDS.join('|')} (--out client.key [--passphrase-env VAR | --passphrase-file F | --no-encrypt] [--force] | [--module LIB] --token LABEL --label NAME (--pin-env VAR | --pin-file F)) [--json]`;

export const keygenCommand: CliCommand = {
  summary: 'generate a client key (encrypted PKCS#8)',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        ...PASSPHRASE_OPTIONS,
        algorithm: { type: 'string' },
        out: { type: 'string' },
        'no-encrypt': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        ...PIN_OPTIONS,
        token: { type: 'string' },
        label: { type: 'string' },
      },
      usage,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  Generates the key with native crypto and writes it as PKCS#8, encrypted with AES-256-CBC under\n  PBKDF2-HMAC-SHA256 (600,000 iterations) unless --no-encrypt is given explicitly.\n`,
        ),
        0
      );
    const algorithm = requireOption(values.algorithm, 'algorithm', usage);
    if (!isKeyAlgorithmId(algorithm))
      throw new UserError(
        'bad-input',
        `unknown key algorithm "${algorithm}": use one of ${KEY_ALGORITHM_IDS.join(', ')}`,
      );
    if (values.token !== undefined || values.module !== undefined || values.label !== undefined)
      return keygenOnToken(io, { ...values, algorithm });
    const out = requireOption(values.out, 'out', usage);
    let passphrase: string | undefined;
    if (values['no-encrypt']) {
      if (values['passphrase-env'] || values['passphrase-file'])
        throw new UserError(
          'bad-input',
          '--no-encrypt and a passphrase option contradict each other: choose one',
        );
    } else {
      passphrase = await readPassphrase(
        io,
        values['passphrase-env'],
        values['passphrase-file'],
        'passphrase for the new key',
        true,
      );
      if (passphrase === undefined)
        throw new UserError(
          'passphrase-required',
          'a passphrase is needed to encrypt the key: give --passphrase-env VAR or --passphrase-file F (or --no-encrypt to write it in clear, deliberately)',
        );
    }
    const key = await generateKey(algorithm);
    const pem =
      passphrase === undefined
        ? plainPrivateKeyPem(key.privateKey)
        : await encryptPrivateKey(key.privateKey, passphrase);
    writeFileAtomic(out, pem, { overwrite: values.force, mode: 0o600 });
    const facts = keyFacts(createPublicKey(key.privateKey), out);
    const result = {
      out,
      algorithm,
      encrypted: passphrase !== undefined,
      publicKeySha256: facts.publicKeySha256,
    };
    if (values.json) printJson(io, result);
    else
      io.stdout(
        `wrote ${KEY_ALGORITHMS[algorithm].label} private key to ${out} (${result.encrypted ? 'encrypted PKCS#8' : 'UNENCRYPTED PKCS#8, as asked'})\npublic key SHA-256 ${facts.publicKeySha256}\n`,
      );
    return 0;
  },
};

async function keygenOnToken(
  io: CliIO,
  values: PinFlags & {
    algorithm: KeyAlgorithmId;
    token?: string;
    label?: string;
    out?: string;
    json: boolean;
  },
): Promise<number> {
  if (values.out !== undefined)
    throw new UserError(
      'bad-input',
      'a key made on a token never leaves it: drop --out (the command prints the pkcs11: URI to use instead)',
    );
  const token = requireOption(values.token, 'token', usage);
  const label = requireOption(values.label, 'label', usage);
  const module = moduleOf(io, values.module);
  const pin = await readPin(io, values, token);
  const request = { module, token, pin, algorithm: values.algorithm, label };
  const dataDir = io.env.MTLS_DESK_DATA_DIR;
  let key: TokenKey;
  if (dataDir) {
    // With a data folder, the generation is written to its audit trail.
    const desk = openDesk({ dataDir, store: openConfStore(dataDir), catalog: io.catalog() });
    try {
      key = await desk.tokens.generate(request);
    } finally {
      desk.close();
    }
  } else key = await generateOnToken(request);
  if (values.json) printJson(io, { uri: key.uri, module, key });
  else
    io.stdout(
      `${key.uri}\n  ${KEY_ALGORITHMS[values.algorithm].label} generated on token "${token}": sensitive ${key.sensitive ? 'yes' : 'NO'}, extractable ${key.extractable ? 'YES' : 'no'}\n  public key SHA-256 ${key.publicKeySha256}\n`,
    );
  return 0;
}
