// The message catalogues, one file per area of the app (so work on one area never edits
// another's file), merged per language in en.ts and ja.ts. A key lives in exactly one area: the
// i18n-catalogues test fails on a key found in two.
import enCore from './en/core.json';
import enHome from './en/home.json';
import enWizard from './en/wizard.json';
import enIdentity from './en/identity.json';
import enTester from './en/tester.json';
import enErrors from './en/errors.json';
import jaCore from './ja/core.json';
import jaHome from './ja/home.json';
import jaWizard from './ja/wizard.json';
import jaIdentity from './ja/identity.json';
import jaTester from './ja/tester.json';
import jaErrors from './ja/errors.json';

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

export { en } from './en.js';
export { ja } from './ja.js';
