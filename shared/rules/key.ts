import { describeKey, keyAlgorithmOf, KEY_ALGORITHMS, type KeyDescription } from '../algorithms.js';
import type { Finding } from '../findings.js';
import type { LintContext } from './context.js';

function allowedList(ctx: LintContext): string {
  return ctx.profile.keyAlgorithms.allowed.map((id) => KEY_ALGORITHMS[id].label).join(', ');
}

/** Is this key one the program accepts? One finding at most. */
export function lintKeyAlgorithm(
  key: KeyDescription,
  ctx: LintContext,
  artifact?: string,
): Finding[] {
  const { profile } = ctx;
  const id = keyAlgorithmOf(key);
  const recommended = KEY_ALGORITHMS[profile.keyAlgorithms.recommended].label;
  const allowed = allowedList(ctx);
  const program = profile.displayName;
  const fix = `generate a new key with ${KEY_ALGORITHMS[profile.keyAlgorithms.recommended].label} (recommended) or another allowed algorithm: ${allowedList(ctx)}`;
  const refused = id ? profile.keyAlgorithms.refused.find((r) => r.algorithm === id) : undefined;
  if (refused) {
    return [
      {
        id: 'key-algorithm-refused',
        severity: 'error',
        message: `${describeKey(key)}: ${refused.reason}`,
        fix,
        params: { key: describeKey(key), program, recommended, allowed },
        artifact,
      },
    ];
  }
  if (id && profile.keyAlgorithms.allowed.includes(id)) return [];
  if (key.type === 'ec') {
    return [
      {
        id: 'key-curve-not-allowed',
        severity: 'error',
        message: `the key is on curve ${key.curve}, which ${profile.displayName} does not accept (allowed: ${allowedList(ctx)})`,
        fix,
        params: { curve: key.curve, program, recommended, allowed },
        artifact,
      },
    ];
  }
  if (key.type === 'rsa') {
    return [
      {
        id: 'key-size-not-allowed',
        severity: 'error',
        message: `the key is RSA ${key.bits} bits, which ${profile.displayName} does not accept (allowed: ${allowedList(ctx)})`,
        fix,
        params: { bits: key.bits, program, recommended, allowed },
        artifact,
      },
    ];
  }
  return [
    {
      id: 'key-type-not-allowed',
      severity: 'error',
      message: `the key type ${key.name} is not accepted by ${profile.displayName} (allowed: ${allowedList(ctx)})`,
      fix,
      params: { type: key.name, program, recommended, allowed },
      artifact,
    },
  ];
}
