// `mtls-desk bundle`: the portal asset bundle of an onboarding.
import { UserError } from '../../services/errors.js';
import { defineCommand, printed } from '../define.js';
import { openCliDesk, refusalWithFindings } from './desk-common.js';

export const bundleCommand = defineCommand({
  name: 'bundle',
  summary: 'the portal asset bundle of an onboarding: a folder or a .zip, manifest and checklist',
  description:
    'The files you hand to Thales, each named after its asset, plus manifest.json (SHA-256 of every\nfile, fingerprints, validity) and CHECKLIST.md. Never a private key. Refused (exit 1, with the\nreasons) while a lint error remains. A --out ending in .zip writes a zip (identical inputs give\nidentical bytes); anything else a folder.',
  options: {
    onboarding: { type: 'string', value: 'ID', required: true, description: 'the onboarding' },
    out: { type: 'string', value: 'DIR_OR_ZIP', required: true, description: 'where to write it' },
    force: { type: 'boolean', description: 'overwrite it' },
    partial: {
      type: 'boolean',
      description:
        'what exists so far, marked partial (its name must say "partial"); lists what is still needed',
    },
    language: {
      type: 'string',
      value: 'en|ja',
      description: "CHECKLIST.md's language: en (the default) or ja (Japanese)",
    },
  },
  examples: [
    'mtls-desk bundle --onboarding tsh-classic/CUST01/preprod --out portal.zip',
    'mtls-desk bundle --onboarding d1-ecom/MGW_123456/preprod --partial --out csr-PARTIAL.zip',
  ],
  async run({ values, usage }, io) {
    const language = values.language ?? 'en';
    if (language !== 'en' && language !== 'ja')
      throw new UserError(
        'bad-input',
        `--language "${language}" is not a language of the checklist: give en or ja. Usage: ${usage}`,
      );
    const desk = openCliDesk(io);
    try {
      const result = await desk.exports.bundle({
        onboardingId: values.onboarding,
        out: values.out,
        overwrite: values.force,
        partial: values.partial,
        language,
      });
      return {
        ok: true,
        out: result.out,
        format: result.format,
        files: result.files,
        sha256: result.sha256,
        manifest: result.manifest,
      };
    } catch (error) {
      const code = refusalWithFindings(io, error, values.json);
      if (code !== null) return printed(code);
      throw error;
    }
  },
  text: (r) =>
    `wrote the ${r.manifest.partial ? 'PARTIAL ' : ''}portal bundle to ${r.out}\n${r.files.map((f) => `  ${f}\n`).join('')}${r.sha256 ? `  zip SHA-256 ${r.sha256}\n` : ''}`,
});
