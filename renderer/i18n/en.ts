// The English (source) catalogue: every area's messages in one object.
import enCore from './en/core.json';
import enHome from './en/home.json';
import enWizard from './en/wizard.json';
import enIdentity from './en/identity.json';
import enTester from './en/tester.json';
import enErrors from './en/errors.json';

export const en = { ...enCore, ...enHome, ...enWizard, ...enIdentity, ...enTester, ...enErrors };
