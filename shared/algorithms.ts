// Key algorithms the app can generate, and how each is described to a person.

export const KEY_ALGORITHM_IDS = [
  'ec-p256',
  'ec-p384',
  'rsa-2048',
  'rsa-3072',
  'rsa-4096',
] as const;
export type KeyAlgorithmId = (typeof KEY_ALGORITHM_IDS)[number];

/** What a key actually is, as read from any certificate, CSR or key file. */
export type KeyDescription =
  { type: 'ec'; curve: string } | { type: 'rsa'; bits: number } | { type: 'other'; name: string };

export interface KeyAlgorithmSpec {
  id: KeyAlgorithmId;
  label: string;
  key: KeyDescription;
  /** The word the D1 Common Name uses for this key type. */
  cnKeyType: 'RSA' | 'ECDSA';
}

export const KEY_ALGORITHMS: Record<KeyAlgorithmId, KeyAlgorithmSpec> = {
  'ec-p256': {
    id: 'ec-p256',
    label: 'EC P-256 (prime256v1)',
    key: { type: 'ec', curve: 'P-256' },
    cnKeyType: 'ECDSA',
  },
  'ec-p384': {
    id: 'ec-p384',
    label: 'EC P-384 (secp384r1)',
    key: { type: 'ec', curve: 'P-384' },
    cnKeyType: 'ECDSA',
  },
  'rsa-2048': {
    id: 'rsa-2048',
    label: 'RSA 2048',
    key: { type: 'rsa', bits: 2048 },
    cnKeyType: 'RSA',
  },
  'rsa-3072': {
    id: 'rsa-3072',
    label: 'RSA 3072',
    key: { type: 'rsa', bits: 3072 },
    cnKeyType: 'RSA',
  },
  'rsa-4096': {
    id: 'rsa-4096',
    label: 'RSA 4096',
    key: { type: 'rsa', bits: 4096 },
    cnKeyType: 'RSA',
  },
};

export function isKeyAlgorithmId(value: string): value is KeyAlgorithmId {
  return (KEY_ALGORITHM_IDS as readonly string[]).includes(value);
}

/** Maps a key read from a file to one of our algorithm ids, or null when it is none of them. */
export function keyAlgorithmOf(key: KeyDescription): KeyAlgorithmId | null {
  for (const spec of Object.values(KEY_ALGORITHMS)) {
    if (spec.key.type === 'ec' && key.type === 'ec' && spec.key.curve === key.curve) return spec.id;
    if (spec.key.type === 'rsa' && key.type === 'rsa' && spec.key.bits === key.bits) return spec.id;
  }
  return null;
}

export function describeKey(key: KeyDescription): string {
  if (key.type === 'ec') return `EC ${key.curve}`;
  if (key.type === 'rsa') return `RSA ${key.bits}`;
  return key.name;
}
