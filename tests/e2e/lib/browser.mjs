// Debian's chromium driven by playwright-core (no browser download): headless, with the
// background-networking features off, since this machine's network is closed.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(new URL("../../../server/web/package.json", import.meta.url));
const { chromium } = require("playwright-core");
// axe-core (issue #16: every screen scanned in CI), injected into the page under test.
const AXE = require.resolve("axe-core/axe.min.js");

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
}

// A page that fails the journey on any script error, and saves numbered screenshots.
export async function openPage(browser, { url, shots, name, phone = false }) {
  const context = await browser.newContext({
    baseURL: url,
    locale: "zh-CN",
    // The axe-core scan is injected as a script, which the page's own CSP (script-src 'self') refuses.
    bypassCSP: true,
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 860 },
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && !/status of 4\d\d/.test(m.text()) && errors.push(m.text()));
  mkdirSync(shots, { recursive: true });
  let n = 0;
  return {
    page,
    errors,
    async shot(label) {
      await page.screenshot({ path: join(shots, `${name}-${String(++n).padStart(2, "0")}-${label}.png`), fullPage: true });
    },
    // No key without a translation on screen, no English on a Chinese screen (issue #16), and no
    // script errors so far.
    async checkClean() {
      const text = await page.locator("body").innerText();
      if (text.includes("⟦")) throw new Error(`untranslated key on screen: ${text.match(/⟦[^⟧]*⟧/)[0]}`);
      const english = await englishOnScreen(page);
      if (english.length) throw new Error(`English on a Chinese screen: ${english.slice(0, 5).join(" | ")}`);
      const violations = await accessibilityViolations(page);
      if (violations.length) throw new Error(`axe-core found on this screen: ${violations.join(" | ")}`);
      if (errors.length) throw new Error(`script errors: ${errors.join("; ")}`);
    },
    close: () => context.close(),
  };
}

// Words of three or more Latin letters in the visible text of a Chinese page, each with its line.
// What people typed or the system named (usernames, file names, card numbers) is marked
// translate="no" by the interface and left out; so are the names of file formats.
const FORMATS = new Set(["CSV", "Excel", "xlsx", "GBK", "UTF", "BOM", "PDF"]);
async function englishOnScreen(page) {
  const lines = await page.evaluate(() => {
    if (document.documentElement.lang !== "zh-CN") return [];
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style, [translate="no"], [lang^="en"]') || !el.checkVisibility()) continue;
      if (/[A-Za-z]{3,}/.test(n.textContent)) out.push(`${n.textContent.trim()} (in ${el.outerHTML.slice(0, 80)})`);
    }
    return out;
  });
  return lines.filter((line) => (line.replace(/ \(in <.*$/, "").match(/\b[A-Za-z]{3,}\b/g) || []).some((w) => !FORMATS.has(w)));
}

// WCAG 2 A and AA rules axe-core checks on the screen as it stands: each violation with the first
// element it names.
async function accessibilityViolations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target?.join(" ")})`);
  });
  return found;
}

// Civil Code Art. 202: the same day n months on, or that month's last day when it has none.
export function addMonths(isoDate, n) {
  const [y, m, day] = isoDate.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, last));
  return first.toISOString().slice(0, 10);
}

export function addDays(isoDate, n) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// Signs in on the page's sign-in form.
export async function signIn(page, username, password) {
  await page.goto("/");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}
