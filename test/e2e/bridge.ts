// Runs the built renderer in Debian's Chromium through the browser shell, started in this test
// process over the REAL main handlers: the same server `mtls-desk app` runs (secret, cookie,
// Host/Origin checks, one POST per channel through dispatch, the event stream). No browser
// download, no bridge of the test's own: the page takes the user's path.
import { spawnSync } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { CHANNELS, type ProgressEvent, type VaultLockedEvent } from '../../shared/ipc-contract.js';
import type { Handlers } from '../../electron/main/dispatch.js';
import { composeMain } from '../../electron/main/compose.js';
import { systemClock, type Clock } from '../../electron/services/clock.js';
import type { Desk } from '../../electron/services/desk.js';
import type { DnsDependencies } from '../../electron/services/probe/dns.js';
import { openConfStore } from '../../electron/services/store.js';
import { PushHub, startBrowserShell, type BrowserShell } from '../../electron/shell/server.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const RENDERER = join(ROOT, 'dist', 'renderer');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Chromium's own omnibox popups (chrome://omnibox-popup.top-chrome, two WebUI pages per window)
  // load with every new page even headless: seconds of CPU on a 2-core machine, during the very
  // page load the renderer bench times. The app's window (Electron) has no omnibox. Nor does it
  // open tabs: Chromium's spare renderer, a process started with each page for the next one,
  // took 90–140 ms of CPU in the middle of every page load the bench times.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess',
  // Playwright's DevTools session on every page asks V8 for a detailed stack of each Error made
  // (to report it if uncaught), and React makes five as its module loads: V8 then reparses
  // react-dom's whole module (200 KB) and the app's script for their source positions, 30–40 ms
  // of the page's thread that the app's window, with no DevTools attached, never spends (measured:
  // the module's evaluation took 28–33 ms in Chromium opened with no DevTools session, 60–78 ms
  // under Playwright, 31–33 ms under Playwright with this flag). Kept as V8 compiles, they cost
  // nothing later.
  '--js-flags=--no-enable-lazy-source-positions',
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

  /** Watches a key that never enters the vault too (a PKCS#12 file's, read in main). */
  watch(id: string, key: KeyObject): void {
    this.needles.set(id, secretNeedles(key));
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

/** A page of the browser shell and the shell itself. */
export type ShellPage = Page & { rendererErrors: string[]; shell: BrowserShell };

/**
 * Starts the browser shell (the server `mtls-desk app` runs) over `handlers` and opens its
 * address in a new page, as a person would: the secret in the URL, traded for the cookie. The
 * key-material watch reads every answer and event at the point the server writes it: a leaking
 * answer is replaced by a refusal, a leaking event is not sent, and both are recorded as renderer
 * errors (every journey asserts there are none).
 */
export interface ShellPageOptions {
  keys?: KeyMaterialWatch;
  /** The browser's language (navigator.languages). */
  locale?: string;
  /** The page's files (the built renderer by default; the bench's baseline page). */
  rendererDir?: string;
  /** Runs on the new page before it opens the app (the bench adds its measure here). */
  beforeOpen?: (page: Page) => Promise<void>;
  /**
   * Whether a request to anything but the shell is stopped (default: it is). The bench's pages
   * go without: Playwright then holds every request of the page until its process has looked at
   * it, which the page's load would be timed with.
   */
  guardNetwork?: boolean;
}

export async function openShellPage(
  browser: Browser,
  handlers: Handlers,
  hub: PushHub,
  { keys, locale, beforeOpen, rendererDir = RENDERER, guardNetwork = true }: ShellPageOptions = {},
): Promise<ShellPage> {
  buildOnce();
  const errors: string[] = [];
  // Keys made by a call are learnt before its answer is written.
  const watched = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      async (request: never) => {
        try {
          return await (handlers[channel] as (r: never) => Promise<unknown>)(request);
        } finally {
          await keys?.learn();
        }
      },
    ]),
  ) as unknown as Handlers;
  const shell = await startBrowserShell({
    handlers: watched,
    hub,
    rendererDir,
    outgoing: (what, text) => {
      const leak = keys?.leakIn(text) ?? null;
      if (leak === null) return text;
      errors.push(`key material crossed to the page in ${what}: ${leak}`);
      if (!what.startsWith('the answer to ')) return null;
      return JSON.stringify({
        ok: false,
        error: {
          code: 'key-material',
          message: `${what} carried key material and was held back`,
        },
      });
    },
  });
  const page = (await browser.newPage({
    viewport: { width: 1280, height: 900 },
    ...(locale ? { locale } : {}),
  })) as ShellPage;
  page.setDefaultTimeout(15_000);
  page.rendererErrors = errors;
  page.shell = shell;
  page.on('close', () => void shell.close());
  // Anything but the shell is a bug: the renderer has no other network.
  if (guardNetwork)
    await page.route(
      (url) => url.origin !== shell.origin,
      (route) => route.abort(),
    );
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await beforeOpen?.(page);
  await page.goto(shell.url);
  // The secret's page moves on to / by itself: tests start once the app's page is there.
  await page.waitForURL(new URL('/', shell.url).href);
  return page;
}

/** A page showing the built renderer through the browser shell over `makeHandlers`'s handlers; push events go to the page's event stream. */
export async function openRenderer(
  browser: Browser,
  makeHandlers: (emit: (event: ProgressEvent) => void, push: Push) => Handlers,
  options: Pick<ShellPageOptions, 'keys' | 'beforeOpen' | 'rendererDir' | 'guardNetwork'> = {},
): Promise<Page> {
  const hub = new PushHub();
  const push: Push = { progress: hub.progress, vaultLocked: hub.vaultLocked };
  return openShellPage(browser, makeHandlers(push.progress, push), hub, options);
}

/** Calls a channel from inside the page, as the renderer's transport does (its cookie, its origin). */
export async function invoke(
  page: Page,
  channel: string,
  request: unknown,
): Promise<{ ok: boolean; value?: unknown; error: { code: string; message: string } }> {
  return page.evaluate(
    async ([c, r]) => {
      const response = await fetch(`/ipc/${c}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(r),
      });
      return response.json();
    },
    [channel, request] as const,
  );
}

export function rendererErrors(page: Page): string[] {
  return (page as Partial<ShellPage>).rendererErrors ?? [];
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
  /** The browser's language (navigator.languages), as the system's would be: 'ja-JP', 'en-XA'… */
  locale?: string;
  /** Runs on the desk before the page opens (e.g. a vault that already exists). */
  prepare?: (desk: Desk) => Promise<void>;
}

/** Cheap scrypt for tests (the app's default costs about 0.4 s per unlock). */
export const TEST_KDF = { N: 2 ** 14, r: 8, p: 1 };

/** The real desk (vault, inventory, audit, exports) in a temp data dir, composed as `mtls-desk app` composes it, in a page of the browser shell. */
export async function openDeskApp(
  browser: Browser,
  options: DeskAppOptions,
): Promise<{ page: Page; desk: Desk; saved: string[]; keys: KeyMaterialWatch }> {
  const saved: string[] = [];
  const openAnswers = [...(options.openAnswers ?? [])];
  const folderAnswers = [...(options.folderAnswers ?? [])];
  const hub = new PushHub();
  const main = composeMain({
    dataFolder: {
      current: options.dataDir,
      defaultDir: options.defaultDataDir ?? options.dataDir,
      fromEnvironment: false,
    },
    store: openConfStore,
    version: 'e2e',
    clock: options.clock ?? systemClock,
    kdf: TEST_KDF,
    dns: options.dns,
    vaultWatchMs: options.vaultWatchMs ?? 250,
    // Stand-ins for Electron's native dialogs (the browser shell's own are tested with its server).
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
      hub.progress(event);
    },
    emitVaultLocked: hub.vaultLocked,
  });
  const { desk } = main;
  await options.prepare?.(desk);
  const keys = new KeyMaterialWatch(desk);
  await keys.learn();
  const page = await openShellPage(browser, main.handlers, hub, { keys, locale: options.locale });
  page.on('close', () => main.stop());
  return { page, desk, saved, keys };
}
