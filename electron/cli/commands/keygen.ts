import { createPublicKey } from 'node:crypto';
import { isKeyAlgorithmId, KEY_ALGORITHM_IDS, KEY_ALGORITHMS } from '../../../shared/algorithms.js';
import { UserError } from '../../services/errors.js';
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
} from '../command.js';

const usage = `mtls-desk keygen --algorithm ${KEY_ALGORITHM_IDS.join('|')} --out client.key [--passphrase-env VAR | --passphrase-file F | --no-encrypt] [--force] [--json]`;

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
