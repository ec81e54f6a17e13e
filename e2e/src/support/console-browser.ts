import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..', '..');
/** Where each page's screenshot lands, for people to look at after a run. */
export const SCREENSHOTS = join(ROOT, 'tmp', 'screenshots');

/** What axe-core reports of a page, as far as the test reads it. */
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** A response the browser received, with its body as text (empty for bodies the browser no longer holds). */
export interface SeenResponse {
  url: string;
  status: number;
  body: string;
}

/**
 * Debian's chromium driven by playwright-core, on a fresh profile: every response of every page is kept (to prove
 * what never crosses the wire), every CSP violation the console logs is kept, and `check` screenshots a page and
 * runs axe-core on it.
 */
export class ConsoleBrowser {
  readonly responses: Promise<SeenResponse>[] = [];
  readonly cspViolations: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
    private readonly axeSource: string,
  ) {
    context.on('response', (response) => this.responses.push(bodyOf(response)));
  }

  static async launch(): Promise<ConsoleBrowser> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`chromium is missing at ${CHROMIUM}: install it with \`bash tools/infra.sh test-tools\``);
    }
    const profile = await mkdtemp(join(tmpdir(), 'ppm-console-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await mkdir(SCREENSHOTS, { recursive: true });
    const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    return new ConsoleBrowser(context, profile, axeSource);
  }

  /** A new tab: its own sessionStorage, so its own signed-in person. */
  async newPage(): Promise<Page> {
    const page = await this.context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) this.cspViolations.push(message.text());
    });
    return page;
  }

  /**
   * A new tab signed in on the console's development page as `role` of `tenantId`; `beforeSubmit` sees the filled
   * sign-in page (to check it). The tab keeps the session.
   */
  async signIn(
    consoleUrl: string,
    role: string,
    tenantId: string,
    beforeSubmit: (page: Page) => Promise<void> = () => Promise.resolve(),
  ): Promise<Page> {
    const page = await this.newPage();
    await page.goto(`${consoleUrl}/`);
    await page.locator('select[name=role]').selectOption(role);
    await page.locator('input[name=tenantId]').fill(tenantId);
    await beforeSubmit(page);
    await page.locator('main button[type=submit]').click();
    await page.locator('header nav').waitFor({ timeout: 30_000 });
    return page;
  }

  /** Saves the page's screenshot as `<name>.png` and returns axe-core's serious and critical violations. */
  async check(page: Page, name: string): Promise<string[]> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    // Evaluated through the DevTools protocol, which the page's CSP does not govern; the page itself stays strict.
    await page.evaluate(this.axeSource);
    const violations = await page.evaluate('axe.run(document).then((result) => result.violations)');
    return (violations as AxeViolation[])
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  async close(): Promise<void> {
    await this.context.close();
    await rm(this.profile, { recursive: true, force: true });
  }
}

async function bodyOf(response: Response): Promise<SeenResponse> {
  const body = await response.text().catch(() => '');
  return { url: response.url(), status: response.status(), body };
}
