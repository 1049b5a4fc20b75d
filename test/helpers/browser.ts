import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (apt-get install chromium); never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // the machine has no network but loopback: keep Chromium from trying to reach out
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Everything a person reads on the page, shadow roots included: text, titles, accessible names. */
export function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = (root: Document | ShadowRoot | Element) => {
      for (const n of Array.from(root.childNodes)) {
        if (n.nodeType === Node.TEXT_NODE) {
          const parent = n.parentElement;
          if (parent && !['STYLE', 'SCRIPT'].includes(parent.tagName)) out.push(n.textContent ?? '');
        } else if (n instanceof Element) {
          for (const a of ['title', 'aria-label', 'alt', 'placeholder']) if (n.getAttribute(a)) out.push(n.getAttribute(a)!);
          if (n.shadowRoot) walk(n.shadowRoot);
          walk(n);
        }
      }
    };
    walk(document.body);
    // ASCII white space only: a no-break space between a number and its % stays as it is
    return out.join(' ').replace(/[ \t\r\n]+/g, ' ');
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical accessibility violations axe-core finds on the page, each with up to three of its nodes. */
export async function axeViolations(page: Page): Promise<string[]> {
  // axe-core from node_modules: page.addScriptTag would inline it, which the page's own
  // Content-Security-Policy (script-src 'self') refuses, as it should; evaluating it through
  // the DevTools protocol is not subject to the page's policy, which stays enforced
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
}
