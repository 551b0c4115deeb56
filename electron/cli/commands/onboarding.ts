import { writeFileAtomic } from '../../services/files.js';
import type { OnboardingSummary, OnboardingView, StepStatus } from '../../services/inventory.js';
import { STEP_STATUSES } from '../../../shared/ipc-channels.js';
import {
  COMMON_OPTIONS,
  parseCommandArgs,
  printJson,
  requireOption,
  type CliCommand,
} from '../command.js';
import { UserError } from '../../services/errors.js';
import { openCliDesk, subcommand, wholeNumber } from './desk-common.js';

const usage =
  'mtls-desk onboarding create --program <id> --id <identifier> --env <env> | list [--program P] [--env E] [--id TEXT] [--status done|missing|failing|expiring] [--expiring-within DAYS] | show [<onboarding>] (without one: every onboarding list gives, in full) | expiry [--expiring-within DAYS] [--ics FILE [--force]] [--json]';

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

export const onboardingCommand: CliCommand = {
  summary:
    'the onboarding inventory: one per program, identifier and environment; status and expiry',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        program: { type: 'string' },
        id: { type: 'string' },
        env: { type: 'string' },
        status: { type: 'string' },
        'expiring-within': { type: 'string' },
        ics: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
      usage,
      true,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  An onboarding id is <program>/<identifier>/<env>, e.g. tsh-classic/CUST01/preprod. Status per\n  step: done, missing, failing, expiring. expiry --ics writes a calendar with a reminder per\n  certificate at each warning threshold (mtls-desk vault settings --warn-days).\n`,
        ),
        0
      );
    const name = subcommand(positionals, ['create', 'list', 'show', 'expiry'], usage);
    const desk = openCliDesk(io);
    const within = wholeNumber(values['expiring-within'], 'expiring-within');
    switch (name) {
      case 'create': {
        const view = desk.onboardings.create({
          program: requireOption(values.program, 'program', usage),
          identifier: requireOption(values.id, 'id', usage),
          environment: requireOption(values.env, 'env', usage),
        });
        if (values.json) printJson(io, { id: view.id, onboarding: view });
        else io.stdout(`${view.id}\n`);
        return 0;
      }
      case 'list':
      case 'show': {
        if (values.status !== undefined && !STATUSES.includes(values.status as StepStatus))
          throw new UserError('bad-input', `--status must be one of ${STATUSES.join(', ')}`);
        const id = name === 'show' ? positionals[1] : undefined;
        // show without an id: the full view of every onboarding list would give.
        const list = id
          ? []
          : desk.onboardings.list({
              program: values.program,
              environment: values.env,
              identifier: values.id,
              status: values.status as StepStatus | undefined,
              expiringWithinDays: within,
            });
        if (name === 'list') {
          if (values.json) printJson(io, { onboardings: list });
          else io.stdout(list.map(line).join('') || 'no onboardings\n');
          return 0;
        }
        const views = id ? [desk.onboardings.get(id)] : list.map((s) => desk.onboardings.get(s.id));
        if (values.json) printJson(io, id ? views[0] : { onboardings: views });
        else io.stdout(views.map(details).join('\n') || 'no onboardings\n');
        return 0;
      }
      default: {
        const entries = desk.onboardings.expiryScan(within);
        if (values.ics)
          writeFileAtomic(values.ics, desk.onboardings.calendar(within).ics, {
            overwrite: values.force,
            mode: 0o644,
          });
        if (values.json) printJson(io, { entries, ics: values.ics ?? null });
        else
          io.stdout(
            (entries
              .map(
                (e) =>
                  `${String(e.daysLeft).padStart(5)} days  ${e.onboardingId}  ${e.what}  ${e.notAfter}\n`,
              )
              .join('') || 'no certificates\n') +
              (values.ics ? `calendar written to ${values.ics}\n` : ''),
          );
        return 0;
      }
    }
  },
};
