// The first start (issue #15): the administrator signs in to an empty database and sets up the
// county from its division code (a wrong code is refused beside the field), a policy preset and
// the first bureau account; the bureau officer then signs in with the one-time password and
// replaces it.
import assert from "node:assert/strict";
import { openPage, signIn } from "../lib/browser.mjs";
import { ADMIN_PASSWORD } from "../lib/server.mjs";

export const emptyDatabase = true;

export async function run({ url, browser, shots }) {
  const { page, shot, checkClean, close } = await openPage(browser, { url, shots, name: "setup" });
  await signIn(page, "admin", ADMIN_PASSWORD);
  await page.getByRole("heading", { name: "首次设置：建立本县（区）" }).waitFor();

  // A code that names no county is refused as typed; the right one names the province and city.
  await page.getByLabel("县级行政区划代码").fill("330499");
  await page.getByText("不是县级及以上行政区划代码").waitFor();
  await shot("unknown-code");
  await page.getByLabel("县级行政区划代码").fill("330481");
  await page.getByTestId("setup-chain").getByText("浙江省 › 嘉兴市 › 海宁市").waitFor();
  await page.getByLabel("政策预设").selectOption({ label: "浙江省海宁市" });
  await page.getByText(/^每站不少于 6 名专职社工/).waitFor();
  await page.getByLabel("民政局经办人用户名").fill("hn_officer");
  await checkClean();
  await shot("form");
  await page.getByRole("button", { name: "建立" }).click();
  await page.getByRole("heading", { name: "设置完成" }).waitFor();
  const password = await page.getByTestId("setup-password").innerText();
  assert.match(password, /^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
  await page.getByText("已建立：浙江省 › 嘉兴市 › 海宁市").waitFor();
  await checkClean();
  await shot("done");
  await page.getByRole("button", { name: "进入系统" }).click();
  await page.getByRole("link", { name: "站点达标" }).waitFor();
  await page.getByRole("button", { name: "退出" }).click();

  // The officer signs in with the handed-over password and must set their own first.
  await page.getByLabel("用户名").fill("hn_officer");
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("heading", { name: "设置您自己的密码" }).waitFor();
  await page.getByLabel("当前密码（创建者告知您的）").fill(password);
  await page.getByLabel("新密码（至少 12 个字符）").fill("Haining-officer-2026");
  await page.getByRole("button", { name: "设置密码" }).click();
  await page.getByText("密码已设置，请用新密码重新登录。").waitFor();
  await page.getByLabel("用户名").fill("hn_officer");
  await page.getByLabel("密码").fill("Haining-officer-2026");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("link", { name: "备案审核" }).waitFor();
  await checkClean();
  await shot("bureau-signed-in");

  await page.getByRole("button", { name: "切换语言" }).click();
  await page.getByRole("link", { name: "Filing queue" }).waitFor();
  await checkClean();
  await close();
}
