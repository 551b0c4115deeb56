import { createPublicKey } from 'node:crypto';
import { isKeyAlgorithmId, KEY_ALGORITHM_IDS, KEY_ALGORITHMS } from '../../../shared/algorithms.js';
import type { KeyAlgorithmId } from '../../../shared/algorithms.js';
import { passphraseProblem } from '../../../shared/passphrase.js';
import { openDesk } from '../../services/desk.js';
import { UserError } from '../../services/errors.js';
import { openConfStore } from '../../services/store.js';
import { generateOnToken, type TokenKey } from '../../services/token/token.js';
import { moduleOf, PIN_SPECS, readPin, type PinFlags } from './token.js';
import { keyFacts } from '../../services/facts.js';
import { writeFileAtomic } from '../../services/files.js';
import { encryptPrivateKey, generateKey, plainPrivateKeyPem } from '../../services/keys.js';
import { readPassphrase, requireOption, type CliIO } from '../command.js';
import { defineCommand } from '../define.js';
import { PASSPHRASE_SPECS } from '../options.js';

// One line, as every usage error quotes it; the second form makes the key on a PKCS#11 token.
const usage = `mtls-desk keygen --algorithm ${KEY_ALGORITHM_IDS.join('|')} (--out client.key [--passphrase-env VAR | --passphrase-file F | --no-encrypt] [--force] | [--module LIB] --token LABEL --label NAME (--pin-env VAR | --pin-file F)) [--json]`;

/** A new key, written to a file: encrypted unless --no-encrypt is given explicitly. */
async function keygenToFile(
  io: CliIO,
  values: { algorithm: KeyAlgorithmId; out?: string; 'no-encrypt': boolean; force: boolean } & {
    'passphrase-env'?: string;
    'passphrase-file'?: string;
  },
) {
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
    // The same rule as an exported key's passphrase: a key file is an export by another name.
    const problem = passphraseProblem(passphrase, 'export');
    if (problem !== null) throw new UserError('bad-input', problem);
  }
  const key = await generateKey(values.algorithm);
  const pem =
    passphrase === undefined
      ? plainPrivateKeyPem(key.privateKey)
      : await encryptPrivateKey(key.privateKey, passphrase);
  writeFileAtomic(out, pem, { overwrite: values.force, mode: 0o600 });
  const facts = keyFacts(createPublicKey(key.privateKey), out);
  return {
    out,
    algorithm: values.algorithm,
    encrypted: passphrase !== undefined,
    publicKeySha256: facts.publicKeySha256,
  };
}

type Made = Awaited<ReturnType<typeof keygenToFile>> | Awaited<ReturnType<typeof keygenOnToken>>;

function madeText(made: Made): string {
  if ('uri' in made)
    return `${made.uri}\n  ${KEY_ALGORITHMS[made.algorithm].label} generated on token "${made.token}": sensitive ${made.key.sensitive ? 'yes' : 'NO'}, extractable ${made.key.extractable ? 'YES' : 'no'}\n  public key SHA-256 ${made.key.publicKeySha256}\n`;
  return `wrote ${KEY_ALGORITHMS[made.algorithm].label} private key to ${made.out} (${made.encrypted ? 'encrypted PKCS#8' : 'UNENCRYPTED PKCS#8, as asked'})\npublic key SHA-256 ${made.publicKeySha256}\n`;
}

export const keygenCommand = defineCommand({
  name: 'keygen',
  summary: 'generate a client key (encrypted PKCS#8)',
  usage,
  description:
    'Generates the key with native crypto and writes it as PKCS#8, encrypted with AES-256-CBC under\nPBKDF2-HMAC-SHA256 (600,000 iterations) unless --no-encrypt is given explicitly. With --token,\nthe key is made on a PKCS#11 token and never leaves it.',
  options: {
    algorithm: {
      type: 'string',
      value: KEY_ALGORITHM_IDS.join('|'),
      required: true,
      description: 'the key algorithm',
    },
    out: { type: 'string', value: 'FILE', description: 'where to write the key' },
    'no-encrypt': { type: 'boolean', description: 'write the key in clear, deliberately' },
    force: { type: 'boolean', description: 'overwrite FILE' },
    ...PASSPHRASE_SPECS,
    token: { type: 'string', value: 'LABEL', description: 'make the key on this PKCS#11 token' },
    label: { type: 'string', value: 'NAME', description: "the key's label on the token" },
    ...PIN_SPECS,
  },
  examples: [
    'mtls-desk keygen --algorithm ec-p256 --out client.key --passphrase-env KEY_PASS',
    'mtls-desk keygen --algorithm rsa-3072 --token desk --label tsh-client --pin-env PKCS11_PIN',
  ],
  async run({ values }, io): Promise<Made> {
    const algorithm = values.algorithm;
    if (!isKeyAlgorithmId(algorithm))
      throw new UserError(
        'bad-input',
        `unknown key algorithm "${algorithm}": use one of ${KEY_ALGORITHM_IDS.join(', ')}`,
      );
    if (values.token !== undefined || values.module !== undefined || values.label !== undefined)
      return keygenOnToken(io, { ...values, algorithm });
    return keygenToFile(io, { ...values, algorithm });
  },
  text: madeText,
  json: (made) => ('uri' in made ? { uri: made.uri, module: made.module, key: made.key } : made),
});

async function keygenOnToken(
  io: CliIO,
  values: PinFlags & {
    algorithm: KeyAlgorithmId;
    token?: string;
    label?: string;
    out?: string;
  },
) {
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
  return { uri: key.uri, module, key, token, algorithm: values.algorithm };
}
