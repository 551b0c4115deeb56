// The message catalogues, one file per area of the app (so work on one area never edits
// another's file), merged into one catalogue per language. A key lives in exactly one area: the
// i18n-catalogues test fails on a key found in two.
import enCore from './en/core.json';
import enErrors from './en/errors.json';
import enHome from './en/home.json';
import enIdentity from './en/identity.json';
import enTester from './en/tester.json';
import enWizard from './en/wizard.json';
import jaCore from './ja/core.json';
import jaErrors from './ja/errors.json';
import jaHome from './ja/home.json';
import jaIdentity from './ja/identity.json';
import jaTester from './ja/tester.json';
import jaWizard from './ja/wizard.json';

/** Each language's catalogue by area, in the same order. */
export const AREAS = {
  en: {
    core: enCore,
    home: enHome,
    wizard: enWizard,
    identity: enIdentity,
    tester: enTester,
    errors: enErrors,
  },
  ja: {
    core: jaCore,
    home: jaHome,
    wizard: jaWizard,
    identity: jaIdentity,
    tester: jaTester,
    errors: jaErrors,
  },
} as const;

export const en = { ...enCore, ...enHome, ...enWizard, ...enIdentity, ...enTester, ...enErrors };
export const ja: Record<keyof typeof en, string> = {
  ...jaCore,
  ...jaHome,
  ...jaWizard,
  ...jaIdentity,
  ...jaTester,
  ...jaErrors,
};
