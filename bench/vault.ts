// Vault, export and inventory: the unlock cost (scrypt, 0.3–1 s by design), sealing and unsealing
// one key, a PKCS#12 export, and the inventory list / filter / expiry scan at 10,000 onboardings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../electron/services/audit.js';
import { systemClock } from '../electron/services/clock.js';
import { openDesk } from '../electron/services/desk.js';
import { buildPkcs12 } from '../electron/services/export/pkcs12.js';
import { Inventory } from '../electron/services/inventory.js';
import { generateKey } from '../electron/services/keys.js';
import { ProgramCatalog } from '../electron/services/programs.js';
import { openConfStore } from '../electron/services/store.js';
import { Vault } from '../electron/services/vault/vault.js';
import { x509 } from '../electron/services/x509-provider.js';
import { medianMs, type BenchRow } from './harness.js';
import { storeRows } from './store.js';

const PASSPHRASE = 'bench master passphrase';

export async function run(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mtls-desk-bench-'));
  try {
    const rows: BenchRow[] = [];
    const catalog = ProgramCatalog.load();
    const desk = openDesk({ dataDir, store: openConfStore(dataDir), catalog });
    await desk.vault.init(PASSPHRASE);
    const vault = new Vault({
      dir: join(dataDir, 'vault'),
      clock: systemClock,
      audit: new AuditLog(dataDir, systemClock),
      idleMs: () => 0,
    });
    const unlock = await medianMs(5, () => vault.unlock(PASSPHRASE));
    rows.push({
      name: 'vault unlock (scrypt N=2^17, r=8, p=1)',
      ours: unlock,
      unit: 'ms',
      target: '300-1000 ms by design',
      met: unlock >= 300 && unlock <= 1000,
    });

    const keys = await Promise.all(Array.from({ length: 40 }, () => generateKey('ec-p256')));
    let next = 0;
    const seal = await medianMs(40, () =>
      vault.addKey(keys[next++].privateKey, { origin: 'generated', label: 'bench' }),
    );
    rows.push({
      name: 'key seal (AES-256-GCM, atomic file write)',
      ours: seal,
      unit: 'ms',
      target: '< 10 ms',
      met: seal < 10,
    });
    const ids = vault.listKeys().map((k) => k.id);
    let i = 0;
    const unseal = await medianMs(200, () =>
      vault.withPrivateKey(ids[i++ % ids.length], () => undefined),
    );
    rows.push({ name: 'key unseal', ours: unseal, unit: 'ms', target: '< 5 ms', met: unseal < 5 });

    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'BENCH',
      environment: 'preprod',
    });
    const { identity } = await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'bench',
    });
    const certificate = Buffer.from(new x509.X509Certificate(identity.certificate!.pem).rawData);
    for (const preset of ['modern', 'legacy'] as const) {
      const build = await medianMs(5, () =>
        buildPkcs12({
          privateKey: keys[0].privateKey,
          certificates: [certificate],
          friendlyName: 'bench',
          password: 'export passphrase',
          preset,
        }),
      );
      rows.push({
        name: `PKCS#12 build, ${preset} (EC P-256)`,
        ours: build,
        unit: 'ms',
        target: '< 1500 ms',
        met: build < 1500,
      });
    }
    let n = 0;
    const full = await medianMs(3, () =>
      desk.exports.pkcs12({
        onboardingId: o.id,
        out: join(dataDir, `e${n++}.p12`),
        passphrase: 'export passphrase',
        preset: 'modern',
      }),
    );
    rows.push({
      name: 'PKCS#12 export, modern, written + re-opened twice',
      ours: full,
      unit: 'ms',
      target: '< 2000 ms',
      met: full < 2000,
    });

    // The store's own rows (change and open as ratios), then list, filter and scan over its 10,000.
    rows.push(...(await storeRows(dataDir, catalog, identity)));
    const inventory = new Inventory(
      openConfStore(join(dataDir, 'store-10000')),
      catalog,
      systemClock,
    );
    const list = await medianMs(9, () => inventory.list());
    rows.push({
      name: 'inventory list, 10,000 onboardings (with status)',
      ours: list,
      unit: 'ms',
      target: '< 100 ms',
      met: list < 100,
    });
    const filter = await medianMs(9, () =>
      inventory.list({ program: 'tsh-classic', identifier: '99', expiringWithinDays: 30 }),
    );
    rows.push({
      name: 'inventory filter, 10,000 onboardings',
      ours: filter,
      unit: 'ms',
      target: '< 100 ms',
      met: filter < 100,
    });
    const scan = await medianMs(9, () => inventory.expiryScan(90));
    rows.push({
      name: 'expiry scan, 10,000 onboardings',
      ours: scan,
      unit: 'ms',
      target: '< 100 ms',
      met: scan < 100,
    });
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
