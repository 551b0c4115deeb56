// The schema every Thales program profile (one JSON file in this folder) is validated against at
// load. The rules of ../shared/requirements.md live in those files, not in code.
import { z } from 'zod';
import { KEY_ALGORITHM_IDS } from '../algorithms.js';
import { ASSET_NAMES, ENVIRONMENT_IDS, SUBJECT_FIELDS } from './names.js';

export {
  ASSET_NAMES,
  ENVIRONMENT_IDS,
  SUBJECT_FIELDS,
  type AssetName,
  type EnvironmentId,
  type SubjectField,
} from './names.js';

const keyAlgorithmId = z.enum(KEY_ALGORITHM_IDS);

const environment = z.object({
  id: z.enum(ENVIRONMENT_IDS),
  displayName: z.string().min(1),
  /** The same in Japanese (本番環境, サンドボックス環境…): every text a person reads has its translation. */
  displayNameJa: z.string().min(1),
  /** The code Thales uses for the environment (D1 puts it in the Common Name). */
  code: z.string().min(1),
  /** The Thales endpoint when the program publishes it; otherwise it comes from the portal. */
  inboundEndpoint: z.url().nullable(),
  /**
   * Where the endpoint comes from, shown beside it (e.g. "from the published D1 API servers"):
   * a default the user can edit (an imported TSH_INBOUND_HOST or a URL given to the probe wins).
   */
  inboundEndpointSource: z.string().min(1).optional(),
  /** The same in Japanese: required when inboundEndpointSource is given (checked below). */
  inboundEndpointSourceJa: z.string().min(1).optional(),
});

const commonNameRule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('exact'),
    /** Where the exact value comes from, told to the user. */
    source: z.string().min(1),
  }),
  z.object({
    kind: z.literal('template'),
    /** Placeholders: {keyType} (RSA or ECDSA), {identifier}, {envCode}. Editable per onboarding. */
    template: z.string().min(1),
    /** Regular expression the final CN must match whatever the template says. */
    pattern: z.string().min(1),
    caution: z.string().min(1),
  }),
]);

const serverCaMatcher = z.object({
  description: z.string().min(1),
  /** The same in Japanese, said inside the connection test's Japanese sentences. */
  descriptionJa: z.string().min(1),
  /** A certificate in the chain must have one of these issuer or subject attribute values. */
  anyOf: z.array(z.object({ field: z.enum(['CN', 'O']), equals: z.string().min(1) })).min(1),
  /**
   * How a chain that names none of them is reported. Thales may move to another CA at any time
   * (the documented TSH/TMG CA chains to a root Mozilla no longer trusts), so the profiles say
   * "warning": what was found, what was documented, what to confirm.
   */
  severity: z.enum(['warning', 'error']),
  /** Where the documented CA comes from, quoted in the warning. */
  source: z.string().min(1),
  /**
   * The root the documented CA chains to, when it may be missing from a root store (the TSH/TMG
   * root left Mozilla's TLS trust): a chain through the documented CA that stops below a root of
   * this name is a warning naming it and what to do, not a failure.
   */
  anchor: z
    .object({
      commonName: z.string().min(1),
      /** Why it may be missing, in a clause ("Mozilla stopped trusting it for TLS in April 2026"). */
      note: z.string().min(1),
    })
    .optional(),
});

/**
 * A rule the public documentation does not give: the user enters the value their Thales
 * representative gives, and every output shows it as unconfirmed instead of guessing.
 */
const unconfirmedRule = z.object({
  rule: z.enum(['commonName', 'thalesServerCa', 'outbound', 'inboundEndpoint']),
  /** What to ask the Thales representative for, in a sentence. */
  ask: z.string().min(1),
});

const asset = z.object({
  name: z.enum(ASSET_NAMES),
  direction: z.enum(['from-thales', 'to-thales']),
  kind: z.enum(['certificate', 'certificate-chain', 'csr', 'host']),
  description: z.string().min(1),
  /** The description in Japanese (the bundle's CHECKLIST.md in Japanese reads it). */
  descriptionJa: z.string().min(1),
  required: z.boolean(),
});

export const programProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    displayName: z.string().min(1),
    summary: z.string().min(1),
    /** The summary in Japanese (shared/programs/texts.ts picks the app's language). */
    summaryJa: z.string().min(1),
    role: z.string().min(1),
    identifier: z.object({
      label: z.string().min(1),
      /** The label in Japanese; an API field name (merchantGatewayId, issuerId) stays as it is. */
      labelJa: z.string().min(1),
      pattern: z.string().min(1),
      /** The pattern in words, for messages. */
      rule: z.string().min(1),
      /** The rule in Japanese. */
      ruleJa: z.string().min(1),
      example: z.string().min(1),
    }),
    environments: z.array(environment).min(1),
    clientCertificate: z.object({
      mode: z.enum(['self-signed', 'csr']),
      signatureHash: z.literal('SHA-256'),
      /** Longest validity the program accepts for the client certificate. */
      maxValidityDays: z.number().int().positive(),
      issuer: z.string().min(1),
    }),
    keyAlgorithms: z.object({
      allowed: z.array(keyAlgorithmId).min(1),
      recommended: keyAlgorithmId,
      why: z.string().min(1),
      whyJa: z.string().min(1),
      refused: z.array(z.object({ algorithm: keyAlgorithmId, reason: z.string().min(1) })),
    }),
    commonName: commonNameRule,
    subject: z.object({
      required: z.array(z.enum(SUBJECT_FIELDS)).min(1),
      optional: z.array(z.enum(SUBJECT_FIELDS)),
    }),
    /** null: not published for this program; the imported server chain (or the system roots) is trusted. */
    thalesServerCa: serverCaMatcher.nullable(),
    tls: z.object({
      minVersion: z.enum(['TLSv1.2', 'TLSv1.3']),
      maxVersion: z.enum(['TLSv1.2', 'TLSv1.3']).nullable(),
    }),
    outbound: z.object({
      ports: z.array(z.number().int().min(1).max(65535)).min(1),
      serverChainFromMozillaRoot: z.enum(['required', 'recommended']),
    }),
    oauthRequired: z.boolean(),
    /** D1 OAuth 2.0: the token endpoint path on the program's host (editable per onboarding) and the outbound one D1 calls on yours. */
    oauth: z
      .object({
        tokenPath: z.string().regex(/^\//),
        outboundTokenPath: z.string().regex(/^\//),
        source: z.string().min(1),
      })
      .optional(),
    /** Rules the public copy leaves out: values the user enters from the Thales representative, shown as unconfirmed. */
    unconfirmed: z.array(unconfirmedRule),
    /** The portal where the assets are exchanged, when the program publishes its address. */
    portal: z
      .object({ name: z.string().min(1), nameJa: z.string().min(1), url: z.url() })
      .nullable(),
    assets: z.array(asset).min(1),
    renewal: z.string().min(1),
    renewalJa: z.string().min(1),
  })
  .superRefine((profile, ctx) => {
    for (const env of profile.environments)
      if ((env.inboundEndpointSource === undefined) !== (env.inboundEndpointSourceJa === undefined))
        ctx.addIssue({
          code: 'custom',
          message: `environment ${env.id}: inboundEndpointSource and inboundEndpointSourceJa go together`,
        });
    const allowed = profile.keyAlgorithms.allowed;
    if (allowed[0] !== profile.keyAlgorithms.recommended) {
      ctx.addIssue({
        code: 'custom',
        message: 'the recommended key algorithm must be listed first in allowed',
      });
    }
    for (const refused of profile.keyAlgorithms.refused) {
      if (allowed.includes(refused.algorithm)) {
        ctx.addIssue({
          code: 'custom',
          message: `${refused.algorithm} is both allowed and refused`,
        });
      }
    }
    if (
      profile.thalesServerCa === null &&
      !profile.unconfirmed.some((u) => u.rule === 'thalesServerCa')
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'a program without a documented server CA must list thalesServerCa as unconfirmed',
      });
    }
    if (!profile.subject.required.includes('CN')) {
      ctx.addIssue({ code: 'custom', message: 'CN must be a required subject field' });
    }
  });

export type ProgramProfile = z.infer<typeof programProfileSchema>;
export type ProgramEnvironment = ProgramProfile['environments'][number];
export type ProgramAsset = ProgramProfile['assets'][number];
export type UnconfirmedRule = ProgramProfile['unconfirmed'][number];
