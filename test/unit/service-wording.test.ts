// The services and shared/ word every message for any caller: no CLI flag (--passphrase-env) and
// no command (mtls-desk import ...) in what they say. Every string and template literal of their
// sources is read with the TypeScript compiler (comments are not literals), so a message built in a
// helper, a finding's fix or a diagnosis counts as much as a UserError's text. The few literals
// that are data, not words for a person, are listed below with the reason. The CLI adds its options
// from one table (electron/cli/hints.ts); the app its wizard steps (electron/main/app-wording.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { cliFix, cliMessage, CLI_HINTS } from '../../electron/cli/hints.js';
import { appError, APP_HINTS } from '../../electron/main/app-wording.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { UserError } from '../../electron/services/errors.js';

/** A long option (--flag) or the command's name followed by a space (a command line). */
const CLI_WORDING = /(^|[^\w-])--[a-z][a-z-]+|mtls-desk /;

/** Literals that are data, not words shown to a person (file: exact text, … for a substitution). */
const NOT_MESSAGES: Record<string, string[]> = {
  // The check value and HMAC labels sealed into every vault: changing them would lock every vault.
  'electron/services/vault/format.ts': ['mtls-desk vault check v1', 'mtls-desk … v1'],
  // The command lines the app offers for a token key, which its own TLS cannot use (issue 13).
  'shared/cli-commands.ts': [
    'mtls-desk probe … --cert … --key … --module … --pin-env PKCS11_PIN',
    'curl --cert … --key … --key-type ENG --engine pkcs11 …',
  ],
  // The subject of the throwaway certificate the outbound check presents to be refused.
  'electron/services/probe/outbound.ts': ['CN=mtls-desk throwaway client (must be refused)'],
};

interface WordingProblem {
  file: string;
  line: number;
  text: string;
}

/** The literals of one source file that name a CLI flag or command. */
function cliWordingIn(file: string, source: string): WordingProblem[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: WordingProblem[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node))
      text = node.head.text + node.templateSpans.map((s) => `…${s.literal.text}`).join('');
    if (text !== undefined && CLI_WORDING.test(text) && !NOT_MESSAGES[file]?.includes(text))
      found.push({
        file,
        line: tree.getLineAndCharacterOfPosition(node.getStart()).line + 1,
        text,
      });
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('service and shared wording', () => {
  it('names no CLI flag and no mtls-desk command in any message of electron/services or shared/', () => {
    const files = [...sources('electron/services'), ...sources('shared')];
    assert.ok(files.length > 50, `read ${files.length} files`);
    const problems = files.flatMap((f) => cliWordingIn(f, readFileSync(f, 'utf8')));
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line}: ${p.text}`),
      [],
    );
  });

  it('catches a flag or a command in a UserError, a template, a finding and a diagnosis, but not in a comment', () => {
    const snippet = [
      `// a comment may say --passphrase-env and mtls-desk import`,
      `throw new UserError('bad-input', 'give its passphrase (--passphrase-env VAR)');`,
      "throw new UserError('not-found', `make one with mtls-desk identity generate --onboarding ${id}`);",
      `const finding = { id: 'x', severity: 'info', message: 'm', fix: 'pass the CN (--cn)' };`,
      `const diagnosis = { cause: 'c', fix: 'record it (mtls-desk oauth kid)' };`,
      `const fine = { fix: 'give the CN from the portal', range: 'a--b', name: 'mTLS Desk' };`,
    ].join('\n');
    assert.deepEqual(
      cliWordingIn('synthetic.ts', snippet).map((p) => [p.line, p.text]),
      [
        [2, 'give its passphrase (--passphrase-env VAR)'],
        [3, 'make one with mtls-desk identity generate --onboarding …'],
        [4, 'pass the CN (--cn)'],
        [5, 'record it (mtls-desk oauth kid)'],
      ],
    );
  });

  it('lets only the listed data literals through, in their own file', () => {
    assert.deepEqual(
      cliWordingIn('electron/services/vault/format.ts', `const a = 'mtls-desk vault check v1';`),
      [],
    );
    assert.equal(
      cliWordingIn('electron/services/other.ts', `const a = 'mtls-desk vault check v1';`).length,
      1,
    );
  });
});

describe('one hint table per caller', () => {
  const catalog = ProgramCatalog.load();
  const lookup = (id: string) => catalog.list().find((p) => p.id === id);

  it('the CLI adds its options and commands from the details', () => {
    const missing = new UserError(
      'not-found',
      'onboarding tsh-classic/C1/preprod has no client identity yet: make one',
      {
        need: 'make-identity',
        onboardingId: 'tsh-classic/C1/preprod',
      },
    );
    assert.equal(
      cliMessage(missing),
      'onboarding tsh-classic/C1/preprod has no client identity yet: make one (mtls-desk identity generate --onboarding tsh-classic/C1/preprod)',
    );
    assert.equal(
      cliMessage(
        new UserError(
          'passphrase-required',
          'k.pem is an encrypted private key: give its passphrase',
          { need: 'key-passphrase' },
        ),
      ),
      'k.pem is an encrypted private key: give its passphrase (--passphrase-env VAR or --passphrase-file F)',
    );
    assert.equal(
      cliFix({
        fix: 'import it, then build the bundle again',
        details: { need: 'import-signed-certificate', onboardingId: 'd1-ecom/MGW_123456/preprod' },
      }),
      'import it, then build the bundle again (mtls-desk import --onboarding d1-ecom/MGW_123456/preprod --as signed-certificate FILE)',
    );
    assert.equal(cliMessage(new UserError('bad-input', 'plain')), 'plain');
    // Every need has a CLI wording that names an option or a command.
    for (const [need, hint] of Object.entries(CLI_HINTS))
      assert.match(hint({ onboardingId: 'p/i/e' }), /--[a-z]|mtls-desk /, need);
  });

  it('the app names the wizard step of its program, never an option or a command', () => {
    const worded = appError(
      new UserError(
        'not-found',
        'onboarding d1-ecom/MGW_123456/preprod has no OAuth signing key yet: make one',
        {
          need: 'make-oauth-key',
          onboardingId: 'd1-ecom/MGW_123456/preprod',
        },
      ),
      lookup,
    ) as UserError;
    assert.equal(worded.code, 'not-found');
    assert.match(worded.message, /make one \(step 3, “OAuth”\)$/);
    const asset = appError(
      new UserError('not-found', 'x has no THALES_CLIENT_CA yet: import it', {
        need: 'import-asset',
        onboardingId: 'tsh-classic/C1/preprod',
        assets: ['THALES_CLIENT_CA'],
      }),
      lookup,
    ) as UserError;
    assert.match(asset.message, /import it \(step \d, “Thales assets”\)$/);
    const passphrase = appError(
      new UserError(
        'passphrase-required',
        'k.pem is an encrypted private key: give its passphrase',
        { need: 'key-passphrase' },
      ),
      lookup,
    ) as UserError;
    assert.equal(
      passphrase.message,
      'k.pem is an encrypted private key: give its passphrase (type it in “Key passphrase, if encrypted”)',
    );
    for (const [need, hint] of Object.entries(APP_HINTS))
      assert.doesNotMatch(
        hint(
          { onboardingId: 'tsh-classic/C1/preprod', asset: 'THALES_CLIENT_CA' },
          lookup('tsh-classic'),
        ) ?? '',
        /--[a-z]|mtls-desk /,
        need,
      );
  });
});
