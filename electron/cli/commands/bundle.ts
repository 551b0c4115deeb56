import {
  COMMON_OPTIONS,
  parseCommandArgs,
  printJson,
  requireOption,
  type CliCommand,
} from '../command.js';
import { openCliDesk, refusalWithFindings } from './desk-common.js';

const usage = 'mtls-desk bundle --onboarding <id> --out DIR_OR_ZIP [--force] [--json]';

export const bundleCommand: CliCommand = {
  summary: 'the portal asset bundle of an onboarding: a folder or a .zip, manifest and checklist',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        onboarding: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
      usage,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  The files you hand to Thales, each named after its asset, plus manifest.json (SHA-256 of every\n  file, fingerprints, validity) and CHECKLIST.md. Never a private key. Refused (exit 1, with the\n  reasons) while a lint error remains. A --out ending in .zip writes a zip (identical inputs give\n  identical bytes); anything else a folder.\n`,
        ),
        0
      );
    const desk = openCliDesk(io);
    try {
      const result = await desk.exports.bundle({
        onboardingId: requireOption(values.onboarding, 'onboarding', usage),
        out: requireOption(values.out, 'out', usage),
        overwrite: values.force,
      });
      if (values.json)
        printJson(io, {
          ok: true,
          out: result.out,
          format: result.format,
          files: result.files,
          sha256: result.sha256,
          manifest: result.manifest,
        });
      else
        io.stdout(
          `wrote the portal bundle to ${result.out}\n${result.files.map((f) => `  ${f}\n`).join('')}${result.sha256 ? `  zip SHA-256 ${result.sha256}\n` : ''}`,
        );
      return 0;
    } catch (error) {
      const code = refusalWithFindings(io, error, values.json);
      if (code !== null) return code;
      throw error;
    }
  },
};
