// The TLS protocol versions the probes speak of, oldest first, with their wire codes: one table
// for the raw hellos, the handshake reader, the version checks and the classifier.

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Versions no Thales program accepts: a server that still speaks them is misconfigured. */
export const LEGACY_TLS_VERSIONS: readonly string[] = ['SSLv3', 'TLSv1', 'TLSv1.1'];

/** The version field of a ClientHello/ServerHello (supported_versions for TLS 1.3). */
export const TLS_VERSION_CODES: Record<TlsVersion, number> = {
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export function tlsVersionName(code: number | null | undefined): TlsVersion | null {
  return TLS_VERSIONS.find((v) => TLS_VERSION_CODES[v] === code) ?? null;
}

/** Whether `version` (as Node names it) is older than `minimum`; an unknown version counts as older. */
export function tlsVersionBelow(version: string, minimum: TlsVersion): boolean {
  return TLS_VERSIONS.indexOf(version as TlsVersion) < TLS_VERSIONS.indexOf(minimum);
}
