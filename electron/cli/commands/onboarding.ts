// `mtls-desk onboarding`: the inventory, one onboarding per program, identifier and environment.
import { writeFileAtomic } from '../../services/files.js';
import type { OnboardingSummary, OnboardingView, StepStatus } from '../../services/inventory.js';
import { STEP_STATUSES } from '../../../shared/ipc-channels.js';
import { UserError } from '../../services/errors.js';
import { defineCommand, defineGroup, type Values } from '../define.js';
import { EXPIRING_WITHIN_SPEC, PASSPHRASE_SPECS } from '../options.js';
import type { Desk } from '../../services/desk.js';
import type { CliIO, PassphraseFlags } from '../command.js';
import { masterPassphrase, openCliDesk } from './desk-common.js';

const STATUSES: readonly StepStatus[] = STEP_STATUSES;

function line(s: OnboardingSummary): string {
  const expiry = s.nextExpiry ? `${s.nextExpiry.daysLeft} days (${s.nextExpiry.what})` : '-';
  return `${s.id.padEnd(40)} ${s.status.padEnd(9)} next expiry ${expiry}\n`;
}

function details(view: OnboardingView): string {
  const current = view.current;
  return [
    `${view.id}  (${view.status})`,
    current
      ? `  identity ${current.id}: key ${current.keyId} ${current.algorithm ?? ''}, CN ${current.commonName}`
      : '  no identity yet',
    ...view.record.identities
      .filter((i) => i !== current)
      .map(
        (i) =>
          `  older identity ${i.id}: key ${i.keyId}${i.retiredAt ? `, retired ${i.retiredAt}` : ', still in use'}`,
      ),
    ...view.checks.map((c) => `  ${c.status.padEnd(9)} ${c.step.padEnd(9)} ${c.item}: ${c.detail}`),
    ...view.expiries.map(
      (e) =>
        `  expiry    ${e.what}: ${e.daysLeft} days (${e.notAfter})${e.warning !== null ? `  WARNING ${e.warning === 0 ? 'expired' : `<= ${e.warning} days`}` : ''}`,
    ),
    '',
  ].join('\n');
}

const ID = 'tsh-classic/CUST01/preprod';

const create = defineCommand({
  name: 'onboarding create',
  summary: 'start an onboarding for a program, identifier and environment',
  options: {
    program: { type: 'string', value: 'ID', required: true, description: 'the Thales program' },
    id: { type: 'string', value: 'IDENTIFIER', required: true, description: 'your identifier' },
    env: { type: 'string', value: 'ENV', required: true, description: "the program's environment" },
  },
  examples: ['mtls-desk onboarding create --program tsh-classic --id CUST01 --env preprod'],
  async run({ values }, io) {
    const view = openCliDesk(io).onboardings.create({
      program: values.program,
      identifier: values.id,
      environment: values.env,
    });
    return { id: view.id, onboarding: view };
  },
  text: ({ id }) => `${id}\n`,
});

const FILTERS = {
  program: { type: 'string', value: 'ID', description: 'only this program' },
  env: { type: 'string', value: 'ENV', description: 'only this environment' },
  id: { type: 'string', value: 'TEXT', description: 'only identifiers containing TEXT' },
  status: {
    type: 'string',
    value: STATUSES.join('|'),
    description: 'only onboardings with a step in this status',
  },
  ...EXPIRING_WITHIN_SPEC,
} as const;

function listed(desk: Desk, values: Values<typeof FILTERS>) {
  if (values.status !== undefined && !STATUSES.includes(values.status as StepStatus))
    throw new UserError('bad-input', `--status must be one of ${STATUSES.join(', ')}`);
  return desk.onboardings.list({
    program: values.program,
    environment: values.env,
    identifier: values.id,
    status: values.status as StepStatus | undefined,
    expiringWithinDays: values['expiring-within'],
  });
}

const list = defineCommand({
  name: 'onboarding list',
  summary: 'the onboardings, with their status and next expiry',
  options: FILTERS,
  examples: ['mtls-desk onboarding list --status expiring --json'],
  async run({ values }, io) {
    return { onboardings: listed(openCliDesk(io), values) };
  },
  text: ({ onboardings }) => onboardings.map(line).join('') || 'no onboardings\n',
});

const show = defineCommand({
  name: 'onboarding show',
  summary: 'one onboarding in full (without one: every onboarding list gives, in full)',
  options: FILTERS,
  positionals: [{ name: 'onboarding', description: `the onboarding id, e.g. ${ID}` }],
  examples: [`mtls-desk onboarding show ${ID}`],
  async run({ values, positionals: [id] }, io) {
    const desk = openCliDesk(io);
    if (id) return { views: [desk.onboardings.get(id)], one: true };
    return { views: listed(desk, values).map((s) => desk.onboardings.get(s.id)), one: false };
  },
  text: ({ views }) => views.map(details).join('\n') || 'no onboardings\n',
  json: ({ views, one }) => (one ? views[0] : { onboardings: views }),
});

const expiry = defineCommand({
  name: 'onboarding expiry',
  summary: 'every certificate by expiry; optionally a calendar with reminders',
  description:
    'expiry --ics writes a calendar with a reminder per certificate at each warning threshold\n(mtls-desk vault settings --warn-days).',
  options: {
    ...EXPIRING_WITHIN_SPEC,
    ics: { type: 'string', value: 'FILE', description: 'write an ICS calendar to FILE' },
    force: { type: 'boolean', description: 'overwrite FILE' },
  },
  examples: ['mtls-desk onboarding expiry --expiring-within 90 --ics expiry.ics'],
  async run({ values }, io) {
    const desk = openCliDesk(io);
    const within = values['expiring-within'];
    const entries = desk.onboardings.expiryScan(within);
    if (values.ics)
      writeFileAtomic(values.ics, desk.onboardings.calendar(within).ics, {
        overwrite: values.force,
        mode: 0o644,
      });
    return { entries, ics: values.ics ?? null };
  },
  text: ({ entries, ics }) =>
    (entries
      .map(
        (e) =>
          `${String(e.daysLeft).padStart(5)} days  ${e.onboardingId}  ${e.what}  ${e.notAfter}\n`,
      )
      .join('') || 'no certificates\n') + (ics ? `calendar written to ${ics}\n` : ''),
});

/** Runs `work` on the desk; when the vault must be open (the onboarding has keys in it), unlocks it first. */
async function withKeys<T>(
  io: CliIO,
  flags: PassphraseFlags,
  work: (desk: Desk) => Promise<T>,
): Promise<T> {
  const desk = openCliDesk(io);
  try {
    return await work(desk);
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'locked') throw error;
    await desk.vault.unlock(await masterPassphrase(io, flags));
    return await work(desk);
  }
}

const CONFIRM = {
  type: 'string',
  value: 'IDENTIFIER',
  required: true,
  description: "the onboarding's identifier, typed again to confirm",
} as const;

const remove = defineCommand({
  name: 'onboarding delete',
  summary: 'delete an onboarding: kept under "Recently deleted" with its keys until purged',
  description:
    'The onboarding leaves every list and its vault keys are put aside (unusable, still sealed);\nonboarding restore brings both back, onboarding purge removes them for good.',
  options: { confirm: CONFIRM, ...PASSPHRASE_SPECS },
  positionals: [
    { name: 'onboarding', required: true, description: `the onboarding id, e.g. ${ID}` },
  ],
  examples: [`mtls-desk onboarding delete ${ID} --confirm CUST01 --passphrase-env MTLS_PASS`],
  async run({ values, positionals: [id] }, io) {
    const view = await withKeys(io, values, (desk) => desk.onboardings.delete(id, values.confirm));
    return { id: view.id, deletedAt: view.deletedAt };
  },
  text: ({ id }) =>
    `${id} deleted (mtls-desk onboarding restore ${id} brings it back until it is purged)\n`,
});

const restore = defineCommand({
  name: 'onboarding restore',
  summary: 'bring a deleted onboarding back, with its keys',
  options: PASSPHRASE_SPECS,
  positionals: [{ name: 'onboarding', required: true, description: 'the deleted onboarding' }],
  examples: [`mtls-desk onboarding restore ${ID} --passphrase-env MTLS_PASS`],
  async run({ values, positionals: [id] }, io) {
    const view = await withKeys(io, values, (desk) => desk.onboardings.restoreDeleted(id));
    return { id: view.id };
  },
  text: ({ id }) => `${id} restored\n`,
});

const purge = defineCommand({
  name: 'onboarding purge',
  summary: 'remove a deleted onboarding and its vault keys for good',
  options: { confirm: CONFIRM, ...PASSPHRASE_SPECS },
  positionals: [{ name: 'onboarding', required: true, description: 'the deleted onboarding' }],
  examples: [`mtls-desk onboarding purge ${ID} --confirm CUST01 --passphrase-env MTLS_PASS`],
  async run({ values, positionals: [id] }, io) {
    const purged = await withKeys(io, values, (desk) => desk.onboardings.purge(id, values.confirm));
    return { id: purged.id, purgedKeys: purged.purgedKeys };
  },
  text: ({ id, purgedKeys }) =>
    `${id} purged for good, with ${purgedKeys.length} key(s) of the vault\n`,
});

const deleted = defineCommand({
  name: 'onboarding deleted',
  summary: 'the deleted onboardings not yet purged ("Recently deleted")',
  options: {},
  examples: ['mtls-desk onboarding deleted --json'],
  async run(_input, io) {
    return { onboardings: openCliDesk(io).onboardings.listDeleted() };
  },
  text: ({ onboardings }) =>
    onboardings.map((o) => `${o.id.padEnd(40)} deleted ${o.deletedAt}\n`).join('') ||
    'no deleted onboardings\n',
});

export const onboardingCommand = defineGroup({
  name: 'onboarding',
  summary:
    'the onboarding inventory: one per program, identifier and environment; status and expiry',
  description: `An onboarding id is <program>/<identifier>/<env>, e.g. ${ID}. Status per\nstep: done, missing, failing, expiring.`,
  subcommands: [create, list, show, expiry, remove, restore, purge, deleted],
});
