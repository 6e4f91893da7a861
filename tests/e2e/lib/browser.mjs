// Debian's chromium driven by playwright-core (no browser download): headless, with the
// background-networking features off, since this machine's network is closed.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(new URL("../../../server/web/package.json", import.meta.url));
const { chromium } = require("playwright-core");

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
    // No key without a translation on screen, and no script errors so far.
    async checkClean() {
      const text = await page.locator("body").innerText();
      if (text.includes("⟦")) throw new Error(`untranslated key on screen: ${text.match(/⟦[^⟧]*⟧/)[0]}`);
      if (errors.length) throw new Error(`script errors: ${errors.join("; ")}`);
    },
    close: () => context.close(),
  };
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
