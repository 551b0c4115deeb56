// `mtls-desk oauth`: the D1 OAuth 2.0 signing key of an onboarding (made in the vault, never
// exported in plain), its public JWK for Thales, the kid, the record that Thales confirmed the
// exchange, the token endpoint the probe uses, and client assertions signed with the key.
import type { OAuthKeyView } from '../../../shared/oauth.js';
import { UserError } from '../../services/errors.js';
import { writeFileAtomic } from '../../services/files.js';
import {
  COMMON_OPTIONS,
  PASSPHRASE_OPTIONS,
  parseCommandArgs,
  printJson,
  requireOption,
  type CliCommand,
} from '../command.js';
import { openCliDesk, subcommand, unlockedDesk, wholeNumber } from './desk-common.js';

const SUBCOMMANDS = [
  'keygen',
  'renew',
  'retire',
  'kid',
  'confirm',
  'jwk',
  'assertion',
  'endpoints',
  'show',
] as const;

const usage =
  'mtls-desk oauth keygen --onboarding ID [--kid KID] | renew --onboarding ID [--kid KID] | retire --onboarding ID --key OAUTH-KEY-ID | kid --onboarding ID [--kid KID] | confirm --onboarding ID [--withdraw] | jwk --onboarding ID [--out FILE [--force]] | assertion --onboarding ID --aud URL [--ttl SECONDS] | endpoints --onboarding ID [--token-url URL] [--api-path PATH] | show --onboarding ID [--passphrase-env VAR | --passphrase-file F] [--json]';

const help = `${usage}
  keygen    makes the EC P-256 signing key inside the vault (never exported in plain); its kid is the
            RFC 7638 JWK thumbprint unless --kid gives the one Thales assigned.
  renew     a new key beside the current one (the old one stays usable until retired).
  kid       sets the kid Thales assigned (without --kid: back to the thumbprint); a new kid needs a new confirmation.
  confirm   records that Thales confirmed the public key and kid are provisioned in D1 (--withdraw undoes it).
  jwk       prints (or writes with --out) the public JWK with kid, alg ES256 and use sig: what Thales provisions.
  assertion prints a compact RFC 7523 client assertion: ES256, kid header, iss = sub = the identifier,
            aud = --aud (the token endpoint), iat, jti, exp = now + --ttl (default 300, at most 900 s).
  endpoints records the token endpoint and the API path the probe uses (an empty value goes back to the default).
`;

function keyText(key: OAuthKeyView): string {
  return [
    `  OAuth key    ${key.id} (vault key ${key.keyId}, EC P-256, ES256)`,
    `  kid          ${key.kid}${key.kid === key.thumbprint ? ' (the RFC 7638 thumbprint)' : ''}`,
    `  thumbprint   ${key.thumbprint}`,
    `  Thales       ${key.thalesConfirmedAt ? `confirmed on ${key.thalesConfirmedAt}` : 'not confirmed yet: send the JWK (mtls-desk oauth jwk) to your Thales representative'}`,
    '',
  ].join('\n');
}

export const oauthCommand: CliCommand = {
  summary: 'D1 OAuth 2.0: the signing key in the vault, its JWK for Thales, client assertions',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        ...PASSPHRASE_OPTIONS,
        onboarding: { type: 'string' },
        kid: { type: 'string' },
        key: { type: 'string' },
        withdraw: { type: 'boolean', default: false },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        aud: { type: 'string' },
        ttl: { type: 'string' },
        'token-url': { type: 'string' },
        'api-path': { type: 'string' },
      },
      usage,
      true,
    );
    if (values.help) return (io.stdout(help), 0);
    const name = subcommand(positionals, SUBCOMMANDS, usage) as (typeof SUBCOMMANDS)[number];
    const onboardingId = requireOption(values.onboarding, 'onboarding', usage);
    if (name === 'jwk' || name === 'show' || name === 'endpoints') {
      // Public facts only: no passphrase needed.
      const desk = openCliDesk(io);
      if (name === 'jwk') {
        const jwk = desk.oauth.jwk(onboardingId);
        const text = JSON.stringify(jwk, null, 2) + '\n';
        if (values.out !== undefined) {
          writeFileAtomic(values.out, text, { overwrite: values.force, mode: 0o644 });
          if (values.json) printJson(io, { out: values.out, jwk });
          else io.stderr(`public JWK (kid ${jwk.kid}) written to ${values.out}\n`);
        } else io.stdout(text);
        return 0;
      }
      const state =
        name === 'endpoints'
          ? desk.oauth.setEndpoints({
              onboardingId,
              tokenUrl: values['token-url'],
              apiPath: values['api-path'],
            })
          : desk.oauth.state(onboardingId);
      if (values.json) printJson(io, state);
      else
        io.stdout(
          `${onboardingId}\n  token URL    ${state.tokenUrl ?? 'unknown until the D1 host is known (give --token-url)'}${state.tokenUrlRecorded ? ' (recorded)' : state.tokenUrl ? ' (default)' : ''}\n  API path     ${state.apiPath ?? "the probe URL's path"}\n${state.current ? keyText(state.current) : '  no OAuth signing key yet: mtls-desk oauth keygen --onboarding ID\n'}`,
        );
      return 0;
    }
    const desk = await unlockedDesk(io, values);
    switch (name) {
      case 'keygen':
      case 'renew': {
        const key =
          name === 'keygen'
            ? await desk.oauth.generate({ onboardingId, kid: values.kid })
            : await desk.oauth.renew({ onboardingId, kid: values.kid });
        if (values.json) printJson(io, { onboardingId, key });
        else
          io.stdout(
            `${name === 'renew' ? 'renewed' : 'generated'} the OAuth signing key of ${onboardingId}\n${keyText(key)}`,
          );
        return 0;
      }
      case 'retire': {
        const key = desk.oauth.retire({
          onboardingId,
          oauthKeyId: requireOption(values.key, 'key', usage),
        });
        if (values.json) printJson(io, { onboardingId, key });
        else io.stdout(`OAuth key ${key.id} of ${onboardingId} retired\n`);
        return 0;
      }
      case 'kid':
      case 'confirm': {
        const key =
          name === 'kid'
            ? desk.oauth.setKid({ onboardingId, kid: values.kid ?? null })
            : desk.oauth.confirm({ onboardingId, confirmed: !values.withdraw });
        if (values.json) printJson(io, { onboardingId, key });
        else io.stdout(keyText(key));
        return 0;
      }
      case 'assertion': {
        const ttl = wholeNumber(values.ttl, 'ttl');
        const signed = await desk.oauth.assertion({
          onboardingId,
          audience: requireOption(values.aud, 'aud', usage),
          ttlSeconds: ttl,
        });
        if (values.json)
          printJson(io, {
            assertion: signed.jwt,
            header: { alg: 'ES256', kid: signed.kid, typ: 'JWT' },
            claims: signed.claims,
          });
        else io.stdout(`${signed.jwt}\n`);
        return 0;
      }
      default:
        throw new UserError('bad-input', `unknown subcommand. Usage: ${usage}`);
    }
  },
};
