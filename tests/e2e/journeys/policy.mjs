// A bureau officer reads the county's policy (each key's value, the layer it comes from and what
// that layer cites), changes one key from a date (a wrong value is refused beside the field), and
// previews what loading another preset would change (issue #15).
import assert from "node:assert/strict";
import { openPage, signIn } from "../lib/browser.mjs";
import { PASSWORD } from "../lib/seed.mjs";
import { ADMIN_PASSWORD } from "../lib/server.mjs";
import { todayInChina } from "../../../server/web/src/format.js";

export async function run({ url, browser, shots }) {
  const { page, shot, checkClean, close } = await openPage(browser, { url, shots, name: "policy" });
  await signIn(page, "hn_bureau", PASSWORD);
  await page.getByRole("link", { name: "政策" }).click();
  await page.getByRole("heading", { name: "当地政策" }).waitFor();
  const inForce = page.getByRole("table", { name: "现行政策" });
  const minStaff = inForce.getByRole("row", { name: /staffing\.min_staff/ });
  assert.match(await minStaff.innerText(), /6\s+海宁市（2020-01-01）\s+海宁社工站报道/);
  await checkClean();
  await shot("in-force");

  // The filing deadline from today: a negative number is refused beside the value.
  await page.getByRole("button", { name: "修改 filing_deadline_days" }).click();
  await page.getByLabel("值").fill("-3");
  await page.getByRole("button", { name: "保存为新版本" }).click();
  await page.locator(".field.invalid", { has: page.getByLabel("值") }).locator(".field-error").waitFor();
  await shot("bad-value");
  await page.getByLabel("值").fill("10");
  await page.getByRole("button", { name: "保存为新版本" }).click();
  const deadline = inForce.getByRole("row", { name: /filing_deadline_days/ });
  await deadline.getByText(`海宁市（${todayInChina()}）`).waitFor();
  assert.match(await deadline.innerText(), /^备案期限（天）\s+filing_deadline_days\s+10\s/);
  await page.getByRole("cell", { name: "备案期限（天） = 10", exact: true }).waitFor();
  // The version says who made it, by name.
  assert.match(await page.getByRole("row", { name: /备案期限（天） = 10/ }).innerText(), /hn_bureau/);

  // Jinan's preset: what would change, before anything is loaded.
  await page.getByLabel("政策预设", { exact: true }).selectOption({ label: "山东省济南市" });
  await page.getByText(/^载入后将有 \d+ 项变化：$/).waitFor();
  await page.getByRole("table", { name: "载入后的变化" }).getByRole("cell", { name: "staffing.min_staff" }).waitFor();
  await checkClean();
  await shot("preset-preview");

  // The change is in the audit log, found by its kind.
  await page.getByRole("link", { name: "审计日志" }).click();
  await page.getByLabel("操作", { exact: true }).fill("policy.");
  await page.getByRole("button", { name: "查询" }).click();
  await page.getByRole("cell", { name: /^policy\./ }).first().waitFor();
  await checkClean();
  await shot("audit");
  await close();

  // The administrator checks the whole chain: a job on the server, its result on the screen.
  const admin = await openPage(browser, { url, shots, name: "policy-admin" });
  await signIn(admin.page, "admin", ADMIN_PASSWORD);
  await admin.page.getByRole("link", { name: "审计日志" }).click();
  await admin.page.getByText("审计链尚未核验过。").waitFor();
  await admin.page.getByRole("button", { name: "核验审计链" }).click();
  await admin.page.getByText(/^审计链完整：.* 核验了 \d+ 条记录。$/).waitFor();
  await admin.checkClean();
  await admin.shot("chain-checked");
  await admin.close();
}
