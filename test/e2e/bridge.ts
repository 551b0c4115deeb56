// Runs the built renderer in Debian's Chromium with window.mtlsDesk bridged to the REAL main
// handlers living in this test process: the page calls an exposed function, which goes through
// the same dispatch (schema validation, error mapping) as Electron's IPC. No browser download.
import { spawnSync } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import {
  API_GLOBAL,
  CHANNELS,
  type ProgressEvent,
  type VaultLockedEvent,
} from '../../shared/ipc-contract.js';
import { dispatch, type Handlers } from '../../electron/main/dispatch.js';
import { createHandlers } from '../../electron/main/handlers.js';
import { systemClock, type Clock } from '../../electron/services/clock.js';
import { openDesk, type Desk } from '../../electron/services/desk.js';
import type { DnsDependencies } from '../../electron/services/probe/dns.js';
import { openConfStore } from '../../electron/services/store.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/content-policy.js';
import type { DataFolder } from '../../electron/main/data-folder.js';
import { vaultStatusView } from '../../electron/main/onboarding-views.js';
import { watchVaultLock } from '../../electron/main/vault-watch.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const RENDERER = join(ROOT, 'dist', 'renderer');
/** Never resolved: the page's origin exists only inside Playwright's router. */
export const APP_URL = 'http://mtls-desk.invalid/index.html';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let built = false;
export function buildOnce(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
  built = true;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 30_000,
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/**
 * The private keys a journey's vault holds, learnt as they appear, so that every answer and event
 * crossing to the page can be searched for them: no PEM private key, and no slice of any key's
 * secret (its PKCS#8 DER, from d on) in base64, base64url or hex, whatever the alignment.
 */
export class KeyMaterialWatch {
  private readonly needles = new Map<string, string[]>();

  constructor(private readonly desk: Desk) {}

  /** Reads every key the unlocked vault holds and has not been read yet (no effect when locked). */
  async learn(): Promise<void> {
    if (!this.desk.vault.unlocked()) return;
    for (const { id, deletedAt } of this.desk.vault.keys(true)) {
      if (this.needles.has(id) || deletedAt !== null) continue;
      this.needles.set(id, await this.desk.vault.withPrivateKey(id, secretNeedles));
    }
  }

  get keys(): number {
    return this.needles.size;
  }

  /** What in `text` is key material, or null. */
  leakIn(text: string): string | null {
    if (/PRIVATE KEY/.test(text)) return 'a PEM private key';
    // PEM and JSON break base64 into lines: search the text with line breaks and their escapes removed.
    const joined = text.replace(/\\[rn]|\s/g, '');
    for (const [id, needles] of this.needles) {
      if (needles.some((needle) => joined.includes(needle)))
        return `a slice of the private key ${id}`;
    }
    return null;
  }
}

/** 30-byte slices of the secret part of a key's PKCS#8 DER in base64 at each of the 3 alignments, base64url, and hex. */
export function secretNeedles(key: KeyObject): string[] {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const d = Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url');
  const at = der.indexOf(d);
  if (at < 0 || d.length < 32)
    throw new Error('the private scalar was not found in the PKCS#8 DER');
  const needles: string[] = [
    d.subarray(0, 32).toString('hex'),
    d.subarray(0, 32).toString('hex').toUpperCase(),
  ];
  for (let shift = 0; shift < 3; shift++) {
    const slice = der.subarray(at + shift, at + shift + 30);
    needles.push(slice.toString('base64'), slice.toString('base64url'));
  }
  return needles;
}

export interface Push {
  progress(event: ProgressEvent): void;
  vaultLocked(event: VaultLockedEvent): void;
}

/** A page showing the built renderer, its API bridged to `handlers`, push events (progress, vault locked) sent back in. */
export async function openRenderer(
  browser: Browser,
  makeHandlers: (emit: (event: ProgressEvent) => void, push: Push) => Handlers,
  keys?: KeyMaterialWatch,
): Promise<Page> {
  buildOnce();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  /** Key material about to cross to the page: recorded as a renderer error (every journey asserts there is none) and held back. */
  const leaked = (what: string, text: string): boolean => {
    const leak = keys?.leakIn(text) ?? null;
    if (leak !== null) errors.push(`key material crossed to the page in ${what}: ${leak}`);
    return leak !== null;
  };
  const send = (kind: keyof Push) => (event: unknown) => {
    if (leaked(`the ${kind} event`, JSON.stringify(event))) return;
    void page
      .evaluate(
        ([k, e]) =>
          (window as unknown as { __mtlsDeskPush(k: string, e: unknown): void }).__mtlsDeskPush(
            k,
            e,
          ),
        [kind, event] as const,
      )
      .catch(() => undefined);
  };
  const push: Push = { progress: send('progress'), vaultLocked: send('vaultLocked') };
  const handlers = makeHandlers(push.progress, push);
  // JSON text across the bridge: the contract promises plain JSON, and Playwright's own object
  // serializer is far slower than Electron's structured clone for large answers.
  await page.exposeFunction('__mtlsDeskInvoke', async (channel: string, request: string) => {
    const answer = JSON.stringify(await dispatch(handlers, channel, JSON.parse(request)));
    await keys?.learn();
    if (leaked(`the answer to ${channel}`, answer))
      return JSON.stringify({
        ok: false,
        error: {
          code: 'key-material',
          message: `the answer to ${channel} carried key material and was held back`,
        },
      });
    return answer;
  });
  await page.addInitScript(
    ({ channels, name }) => {
      const w = window as unknown as Record<string, any>;
      const listeners: Record<string, Set<(e: unknown) => void>> = {
        progress: new Set(),
        vaultLocked: new Set(),
      };
      const api: Record<string, unknown> = {};
      for (const channel of channels) {
        api[channel] = async (request: unknown) =>
          JSON.parse(await w.__mtlsDeskInvoke(channel, JSON.stringify(request ?? null)));
      }
      // Written out per event: a named helper here would carry the test transpiler's __name call into the page.
      for (const [method, kind] of [
        ['onProgress', 'progress'],
        ['onVaultLocked', 'vaultLocked'],
      ]) {
        api[method] = (listener: (e: unknown) => void) => {
          listeners[kind].add(listener);
          return () => listeners[kind].delete(listener);
        };
      }
      w.__mtlsDeskPush = (kind: string, event: unknown) => listeners[kind].forEach((l) => l(event));
      Object.defineProperty(window, name, { value: Object.freeze(api) });
    },
    { channels: [...CHANNELS], name: API_GLOBAL },
  );
  await page.route('http://mtls-desk.invalid/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    try {
      const body = readFileSync(join(RENDERER, path === '/' ? 'index.html' : path.slice(1)));
      await route.fulfill({
        status: 200,
        body,
        headers: {
          'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
        },
      });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  // Anything else the page tries to reach is a bug: the renderer has no network.
  await page.route(/^(?!http:\/\/mtls-desk\.invalid\/)/, (route) => route.abort());
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  (page as Page & { rendererErrors: string[] }).rendererErrors = errors;
  await page.goto(APP_URL);
  return page;
}

export function rendererErrors(page: Page): string[] {
  return (page as Page & { rendererErrors?: string[] }).rendererErrors ?? [];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export interface DeskAppOptions {
  dataDir: string;
  /** Where "save" dialogs put files. */
  outDir: string;
  /** Answers to "open file" dialogs, taken in order. */
  openAnswers?: string[];
  /** Answers to "choose folder" dialogs, taken in order. */
  folderAnswers?: string[];
  /** Where the app would keep its data by default (the data-folder choice file lives there); dataDir when not given. */
  defaultDataDir?: string;
  /** How often main checks for the idle lock; 0 = no watcher. */
  vaultWatchMs?: number;
  /** Sees every progress event main pushes (the page gets them too). */
  onProgress?: (event: ProgressEvent) => void;
  dns?: DnsDependencies;
  clock?: Clock;
  /** Runs on the desk before the page opens (e.g. a vault that already exists). */
  prepare?: (desk: Desk) => Promise<void>;
}

/** Cheap scrypt for tests (the app's default costs about 0.4 s per unlock). */
export const TEST_KDF = { N: 2 ** 14, r: 8, p: 1 };

/** The real desk (vault, inventory, audit, exports) in a temp data dir, bridged to a page. */
export async function openDeskApp(
  browser: Browser,
  options: DeskAppOptions,
): Promise<{ page: Page; desk: Desk; saved: string[]; keys: KeyMaterialWatch }> {
  const clock = options.clock ?? systemClock;
  const desk = openDesk({
    dataDir: options.dataDir,
    store: openConfStore(options.dataDir),
    clock,
    kdf: TEST_KDF,
  });
  await options.prepare?.(desk);
  const saved: string[] = [];
  const openAnswers = [...(options.openAnswers ?? [])];
  const folderAnswers = [...(options.folderAnswers ?? [])];
  const dataFolder: DataFolder = {
    current: options.dataDir,
    defaultDir: options.defaultDataDir ?? options.dataDir,
    fromEnvironment: false,
  };
  let stopWatch = () => {};
  const keys = new KeyMaterialWatch(desk);
  await keys.learn();
  const page = await openRenderer(
    browser,
    (emit, push) => {
      const watchMs = options.vaultWatchMs ?? 250;
      if (watchMs > 0)
        stopWatch = watchVaultLock(
          { unlocked: desk.vault.unlocked, status: () => vaultStatusView(desk) },
          push.vaultLocked,
          watchMs,
        );
      return createHandlers({
        desk,
        dataFolder,
        version: 'e2e',
        clock: () => clock.now(),
        dialogs: {
          openFile: async () => openAnswers.shift() ?? null,
          saveFile: async (name) => {
            const path = join(options.outDir, name);
            saved.push(path);
            return path;
          },
          openFolder: async () => folderAnswers.shift() ?? null,
        },
        emitProgress: (event) => {
          options.onProgress?.(event);
          emit(event);
        },
        dns: options.dns,
      });
    },
    keys,
  );
  page.on('close', () => stopWatch());
  return { page, desk, saved, keys };
}
