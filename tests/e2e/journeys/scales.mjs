// A bureau officer reads the salary scale in force (the illustrative one, labelled as example
// data), pastes the county's own from a spreadsheet — a grade paying less than the one below is
// marked before anything is sent — and saves it once right (issue #15).
import assert from "node:assert/strict";
import { openPage, signIn } from "../lib/browser.mjs";
import { PASSWORD } from "../lib/seed.mjs";

export async function run({ url, browser, shots }) {
  const { page, shot, checkClean, close } = await openPage(browser, { url, shots, name: "scales" });
  await signIn(page, "hn_bureau", PASSWORD);
  await page.getByRole("link", { name: "薪酬标准" }).click();
  await page.getByRole("heading", { name: /^现行：示例：四岗十一级/ }).waitFor();
  assert.match(await page.getByRole("note").innerText(), /^示例数据：仅供试用/);
  await checkClean();
  await shot("illustrative");

  const rows = [
    ["岗位代码", "岗位名称", ...Array.from({ length: 11 }, (_, g) => `${g + 1}级`)],
    ["S1", "站长岗", ...Array.from({ length: 11 }, (_, g) => String(5000 + 150 * g))],
    ["S2", "督导岗", ...Array.from({ length: 11 }, (_, g) => String(4600 + 150 * g))],
    ["S3", "社工岗", ...Array.from({ length: 11 }, (_, g) => String(4200 + 150 * g))],
    ["S4", "助理岗", ...Array.from({ length: 11 }, (_, g) => (g === 5 ? "3000" : String(3800 + 150 * g)))],
  ];
  await page.getByLabel("名称", { exact: true }).fill("海宁市社区工作者薪酬标准（2027）");
  await page.getByLabel("生效日期").first().fill("2027-01-01");
  await page.getByLabel("从表格粘贴").fill(rows.map((r) => r.join("\t")).join("\n"));
  await page.getByText("第 4 行第 8 列：低于前一级").waitFor();
  assert.ok(await page.getByRole("button", { name: "保存新版本" }).isDisabled());
  assert.equal(await page.locator("table.scale td.bad").count(), 1);
  await shot("pasted-wrong");
  rows[4][7] = "4550";
  await page.getByLabel("从表格粘贴").fill(rows.map((r) => r.join("\t")).join("\n"));
  await page.getByRole("button", { name: "保存新版本" }).click();
  await page.getByRole("cell", { name: "海宁市社区工作者薪酬标准（2027）" }).waitFor();
  await checkClean();
  await shot("saved");
  await close();
}
