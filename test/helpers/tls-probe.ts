// Shorthands for the live probe tests: run an inbound probe with test credentials and assert the
// diagnosis a scenario must reach (the coverage test reads these calls to check that every
// diagnosis id is reached by at least one scenario).
import assert from 'node:assert/strict';
import type {
  DiagnosisId,
  InboundProbeResult,
  OutboundReadinessResult,
} from '../../shared/diagnoses.js';
import { probeInbound, type InboundProbeRequest } from '../../electron/services/probe/inbound.js';
import { parseProbeUrl } from '../../electron/services/probe/target.js';
import {
  loadPemIdentity,
  type ClientIdentity,
} from '../../electron/services/probe/client-identity.js';
import { writePem, type TestCert } from './tls-pki.js';
import { loopbackDns } from './tls-dns.js';

/** Every probe in the tests resolves names through a DNS responder on 127.0.0.1, never the network. */
export const testDns = await loopbackDns();

/** Writes the certificate and key as PEM files and loads them the way the CLI does. */
export function identityOf(
  dir: string,
  cert: TestCert,
  key: TestCert = cert,
): Promise<ClientIdentity> {
  const stem = `${cert.name}-${key.name}`.replace(/[^A-Za-z0-9]+/g, '_');
  return loadPemIdentity(
    writePem(dir, `${stem}.crt`, cert.certPem),
    writePem(dir, `${stem}.key`, key.keyPem),
  );
}

export const QUICK_TIMEOUTS = { dns: 2000, tcp: 2000, tls: 3000, http: 3000, total: 10_000 };

export function probe(
  url: string,
  options: Omit<InboundProbeRequest, 'target'> = {},
): Promise<InboundProbeResult> {
  return probeInbound({
    target: parseProbeUrl(url),
    timeouts: QUICK_TIMEOUTS,
    dns: testDns,
    ...options,
  });
}

function describe(result: InboundProbeResult | OutboundReadinessResult): string {
  const items = result.kind === 'inbound' ? result.steps : result.checks;
  return JSON.stringify(
    items.map((s) => ({
      name: 'name' in s ? s.name : s.id,
      status: s.status,
      diagnosis: s.diagnosis,
      summary: s.summary,
    })),
    null,
    1,
  );
}

/** The result's diagnosis (the first failure, or ok) is `id`. */
export function assertDiagnosis(
  result: InboundProbeResult | OutboundReadinessResult,
  id: DiagnosisId,
): void {
  assert.equal(result.diagnosis.id, id, describe(result));
  assert.equal(result.ok, id === 'ok', describe(result));
}

/** A step or check warns (or fails) with `id`. */
export function assertWarning(
  result: InboundProbeResult | OutboundReadinessResult,
  id: DiagnosisId,
): void {
  const items = result.kind === 'inbound' ? result.steps : result.checks;
  assert.ok(
    items.some((s) => s.diagnosis === id),
    `expected a step with ${id}: ${describe(result)}`,
  );
}
