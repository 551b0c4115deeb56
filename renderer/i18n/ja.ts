// The Japanese catalogue: every area's messages in one object (loaded only when the app is shown in Japanese).
import jaCore from './ja/core.json';
import jaHome from './ja/home.json';
import jaWizard from './ja/wizard.json';
import jaIdentity from './ja/identity.json';
import jaTester from './ja/tester.json';
import jaErrors from './ja/errors.json';
import type { en } from './en.js';

export const ja: Record<keyof typeof en, string> = {
  ...jaCore,
  ...jaHome,
  ...jaWizard,
  ...jaIdentity,
  ...jaTester,
  ...jaErrors,
};

// The Japanese texts of data (errors, findings, diagnoses, test sentences, wizard words) come in
// the same chunk: one load before the first Japanese render (renderer/i18n/index.tsx).
export { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';
