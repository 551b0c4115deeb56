// `mtls-desk oauth`: the D1 OAuth 2.0 signing key of an onboarding (made in the vault, never
// exported in plain), its public JWK for Thales, the kid, the record that Thales confirmed the
// exchange, the token endpoint the probe uses, and client assertions signed with the key.
import { ASSERTION_MAX_SECONDS, type OAuthKeyView } from '../../../shared/oauth.js';
import { writeFileAtomic } from '../../services/files.js';
import { defineCommand, defineGroup } from '../define.js';
import { PASSPHRASE_SPECS } from '../options.js';
import { openCliDesk, unlockedDesk } from './desk-common.js';

const ONBOARDING = {
  onboarding: {
    type: 'string',
    value: 'ID',
    required: true,
    description: 'the D1 onboarding (mtls-desk onboarding list)',
  },
} as const;
const ID = 'd1-ecom/MGW01/preprod';
const KID = { type: 'string', value: 'KID', description: 'the kid Thales assigned' } as const;

function keyText(key: OAuthKeyView): string {
  return [
    `  OAuth key    ${key.id} (vault key ${key.keyId}, EC P-256, ES256)`,
    `  kid          ${key.kid}${key.kid === key.thumbprint ? ' (the RFC 7638 thumbprint)' : ''}`,
    `  thumbprint   ${key.thumbprint}`,
    `  Thales       ${key.thalesConfirmedAt ? `confirmed on ${key.thalesConfirmedAt}` : 'not confirmed yet: send the JWK (mtls-desk oauth jwk) to your Thales representative'}`,
    '',
  ].join('\n');
}

const keyMaker = (verb: 'keygen' | 'renew') =>
  defineCommand({
    name: `oauth ${verb}`,
    summary:
      verb === 'keygen'
        ? 'make the EC P-256 signing key inside the vault (never exported in plain); its kid is the RFC 7638 JWK thumbprint unless --kid gives the one Thales assigned'
        : 'a new key beside the current one (the old one stays usable until retired)',
    options: { ...ONBOARDING, kid: KID, ...PASSPHRASE_SPECS },
    examples: [`mtls-desk oauth ${verb} --onboarding ${ID} --passphrase-env MTLS_PASS`],
    async run({ values }, io) {
      const desk = await unlockedDesk(io, values);
      const request = { onboardingId: values.onboarding, kid: values.kid };
      const key =
        verb === 'keygen' ? await desk.oauth.generate(request) : await desk.oauth.renew(request);
      return { onboardingId: values.onboarding, key };
    },
    text: ({ onboardingId, key }) =>
      `${verb === 'renew' ? 'renewed' : 'generated'} the OAuth signing key of ${onboardingId}\n${keyText(key)}`,
  });

const retire = defineCommand({
  name: 'oauth retire',
  summary: 'stop using an older OAuth signing key',
  options: {
    ...ONBOARDING,
    key: {
      type: 'string',
      value: 'OAUTH-KEY-ID',
      required: true,
      description: 'the key to retire',
    },
    ...PASSPHRASE_SPECS,
  },
  examples: [`mtls-desk oauth retire --onboarding ${ID} --key 1 --passphrase-env MTLS_PASS`],
  async run({ values }, io) {
    const desk = await unlockedDesk(io, values);
    const key = desk.oauth.retire({ onboardingId: values.onboarding, oauthKeyId: values.key });
    return { onboardingId: values.onboarding, key };
  },
  text: ({ onboardingId, key }) => `OAuth key ${key.id} of ${onboardingId} retired\n`,
});

const kid = defineCommand({
  name: 'oauth kid',
  summary:
    'set the kid Thales assigned (without --kid: back to the thumbprint); a new kid needs a new confirmation',
  options: { ...ONBOARDING, kid: KID, ...PASSPHRASE_SPECS },
  examples: [
    `mtls-desk oauth kid --onboarding ${ID} --kid thales-kid-1 --passphrase-env MTLS_PASS`,
  ],
  async run({ values }, io) {
    const desk = await unlockedDesk(io, values);
    const key = desk.oauth.setKid({ onboardingId: values.onboarding, kid: values.kid ?? null });
    return { onboardingId: values.onboarding, key };
  },
  text: ({ key }) => keyText(key),
});

const confirm = defineCommand({
  name: 'oauth confirm',
  summary:
    'record that Thales confirmed the public key and kid are provisioned in D1 (--withdraw undoes it)',
  options: {
    ...ONBOARDING,
    withdraw: { type: 'boolean', description: 'withdraw the confirmation' },
    ...PASSPHRASE_SPECS,
  },
  examples: [`mtls-desk oauth confirm --onboarding ${ID} --passphrase-env MTLS_PASS`],
  async run({ values }, io) {
    const desk = await unlockedDesk(io, values);
    const key = desk.oauth.confirm({
      onboardingId: values.onboarding,
      confirmed: !values.withdraw,
    });
    return { onboardingId: values.onboarding, key };
  },
  text: ({ key }) => keyText(key),
});

const jwk = defineCommand({
  name: 'oauth jwk',
  summary:
    'print (or write with --out) the public JWK with kid, alg ES256 and use sig: what Thales provisions',
  options: {
    ...ONBOARDING,
    out: { type: 'string', value: 'FILE', description: 'write the JWK to FILE' },
    force: { type: 'boolean', description: 'overwrite FILE' },
  },
  examples: [`mtls-desk oauth jwk --onboarding ${ID} --out d1-jwk.json`],
  plainJson: true,
  async run({ values }, io) {
    // Public facts only: no passphrase needed.
    const jwk = openCliDesk(io).oauth.jwk(values.onboarding);
    if (values.out === undefined) return { jwk };
    writeFileAtomic(values.out, JSON.stringify(jwk, null, 2) + '\n', {
      overwrite: values.force,
      mode: 0o644,
    });
    if (!values.json) io.stderr(`public JWK (kid ${jwk.kid}) written to ${values.out}\n`);
    return { out: values.out, jwk };
  },
  text: (r) => (r.out === undefined ? JSON.stringify(r.jwk, null, 2) + '\n' : ''),
  json: (r) => (r.out === undefined ? r.jwk : r),
});

const assertion = defineCommand({
  name: 'oauth assertion',
  summary:
    'print a compact RFC 7523 client assertion: ES256, kid header, iss = sub = the identifier, aud = --aud (the token endpoint), iat, jti, exp = now + --ttl',
  options: {
    ...ONBOARDING,
    aud: { type: 'string', value: 'URL', required: true, description: 'the token endpoint' },
    ttl: {
      type: 'string',
      value: 'SECONDS',
      description: 'lifetime (default 300)',
      integer: { min: 1, max: ASSERTION_MAX_SECONDS, unit: 'seconds' },
    },
    ...PASSPHRASE_SPECS,
  },
  examples: [
    `mtls-desk oauth assertion --onboarding ${ID} --aud https://d1.example/oauth/token --passphrase-env MTLS_PASS`,
  ],
  async run({ values }, io) {
    const desk = await unlockedDesk(io, values);
    const signed = await desk.oauth.assertion({
      onboardingId: values.onboarding,
      audience: values.aud,
      ttlSeconds: values.ttl,
    });
    return {
      assertion: signed.jwt,
      header: { alg: 'ES256', kid: signed.kid, typ: 'JWT' },
      claims: signed.claims,
    };
  },
  text: (r) => `${r.assertion}\n`,
});

const stateCommand = (verb: 'show' | 'endpoints') =>
  defineCommand({
    name: `oauth ${verb}`,
    summary:
      verb === 'show'
        ? "the onboarding's token endpoint, API path and current OAuth key"
        : 'record the token endpoint and the API path the probe uses (an empty value goes back to the default)',
    options: {
      ...ONBOARDING,
      ...(verb === 'endpoints'
        ? {
            'token-url': { type: 'string', value: 'URL', description: 'the token endpoint' },
            'api-path': { type: 'string', value: 'PATH', description: 'the API path to call' },
          }
        : {}),
    } as typeof ONBOARDING & {
      'token-url'?: { type: 'string'; description: string };
      'api-path'?: { type: 'string'; description: string };
    },
    examples: [
      verb === 'show'
        ? `mtls-desk oauth show --onboarding ${ID} --json`
        : `mtls-desk oauth endpoints --onboarding ${ID} --token-url https://d1.example/oauth/token`,
    ],
    async run({ values }, io) {
      const desk = openCliDesk(io);
      return verb === 'endpoints'
        ? desk.oauth.setEndpoints({
            onboardingId: values.onboarding,
            tokenUrl: values['token-url'],
            apiPath: values['api-path'],
          })
        : desk.oauth.state(values.onboarding);
    },
    text: (state, { values }) =>
      `${values.onboarding}\n  token URL    ${state.tokenUrl ?? 'unknown until the D1 host is known (give --token-url)'}${state.tokenUrlRecorded ? ' (recorded)' : state.tokenUrl ? ' (default)' : ''}\n  API path     ${state.apiPath ?? "the probe URL's path"}\n${state.current ? keyText(state.current) : '  no OAuth signing key yet: mtls-desk oauth keygen --onboarding ID\n'}`,
  });

export const oauthCommand = defineGroup({
  name: 'oauth',
  summary: 'D1 OAuth 2.0: the signing key in the vault, its JWK for Thales, client assertions',
  subcommands: [
    keyMaker('keygen'),
    keyMaker('renew'),
    retire,
    kid,
    confirm,
    jwk,
    assertion,
    stateCommand('endpoints'),
    stateCommand('show'),
  ],
});
