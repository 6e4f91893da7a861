// A social worker on a phone: signs in, sees their grade on the scale, finds last month's net pay
// and its printable payslip, checks certificates, gives notice (too short first, refused with the
// reason beside the field) and reads its dates; then switches to English.
import assert from "node:assert/strict";
import { addDays, addMonths, openPage } from "../lib/browser.mjs";
import { client } from "../lib/api.mjs";
import { PASSWORD, WORKER } from "../lib/seed.mjs";

export async function run({ url, data, browser, shots }) {
  const { page, shot, checkClean, close } = await openPage(browser, { url, shots, name: "worker", phone: true });
  await page.goto("/");
  // A wrong password says so (issue #16: it said 请重新登录).
  await page.getByLabel("用户名").fill("zhangsan");
  await page.getByLabel("密码").fill("not-the-password-1");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByText("用户名或密码错误。").waitFor();
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();

  // My job: the station, the grade on the post's row and the next step.
  await page.getByRole("heading", { name: "我的岗位与合同" }).waitFor();
  // On a phone (issue #16): the header is one line, and all five tabs sit in a bar at the bottom.
  const header = await page.locator("header.top").boundingBox();
  assert.ok(header.height < 56, `the header is ${header.height} px high`);
  const viewport = page.viewportSize();
  for (const link of await page.getByRole("navigation").getByRole("link").all()) {
    const box = await link.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height + 1 &&
              box.y > viewport.height - 90, `tab ${await link.innerText()} is at ${JSON.stringify(box)}`);
  }
  await page.getByText(data.station.name).waitFor();
  await page.getByText("社工岗", { exact: true }).waitFor();  // the post's name, not its code S3
  await page.getByText("下一级：4 级，¥4,450.00/月").waitFor();
  assert.equal(await page.locator("ol.scale-row li.here .g").innerText(), "3");
  await checkClean();
  await shot("job");

  // Last month's net pay, the same figure the payroll run computed.
  const api = client(url);
  const slips = await api.call("GET", "/me/payslips", undefined, await api.login("zhangsan", PASSWORD));
  const net = slips.items.find((s) => s.period === data.period).net_fen;
  const yuan = `¥${Math.floor(net / 100).toLocaleString("en-US")}.${String(net % 100).padStart(2, "0")}`;
  await page.getByRole("link", { name: "我的工资条" }).click();
  await page.getByText(`最近一期实发：${yuan}（${data.period}）`).waitFor();
  await shot("payslips");
  await page.getByRole("link", { name: "查看" }).first().click();
  await page.getByRole("heading", { name: `${data.period} 工资条` }).waitFor();
  assert.equal(await page.getByTestId("net").innerText(), yuan);
  // Grouped as a worker reads it, with the employer named and the formal payslip a tap away.
  for (const group of ["收入", "扣除", "单位缴纳（不从工资中扣除）"])
    await page.locator("tr.group th", { hasText: new RegExp(`^${group.replace(/[()（）]/g, ".")}$`) }).waitFor();
  await page.getByText("发放单位：海宁市阳光社会工作服务中心").waitFor();
  const [formal] = await Promise.all([page.waitForEvent("popup"), page.getByRole("button", { name: "打开正式工资条" }).click()]);
  await formal.waitForLoadState();
  const formalText = await formal.locator("body").innerText();
  assert.match(formalText, /张三/);
  assert.match(formalText, /海宁市阳光社会工作服务中心/);
  await formal.close();
  await checkClean();
  await shot("payslip");
  await page.emulateMedia({ media: "print" });
  await shot("payslip-print");
  await page.emulateMedia({ media: "screen" });

  // Certificates with their hours and renewal window.
  await page.getByRole("link", { name: "我的证书" }).click();
  await page.getByRole("heading", { name: "助理社会工作师" }).waitFor();
  await page.getByText("0 / 72 学时").waitFor();
  await checkClean();
  await shot("certificates");

  // Notice: too short is refused with the reason beside the field; then the three dates.
  await page.getByRole("link", { name: "辞职申请" }).click();
  // Giving notice is asked about first, naming the last day (issue #16).
  const questions = [];
  page.on("dialog", (dialog) => (questions.push(dialog.message()), dialog.accept()));
  const today = await page.getByLabel("提出日期").inputValue();
  await page.getByLabel("希望最后工作日").fill(addDays(today, 5));
  await page.getByLabel("辞职原因").fill("回老家照顾父母");
  await page.getByRole("button", { name: "提交辞职申请" }).click();
  await page.getByText(/^通知期短于法定要求：依法最后工作日不得早于/).waitFor();
  const reason = page.locator(".field.invalid .field-error");
  assert.match(await reason.innerText(), new RegExp(addDays(today, 30)));
  await shot("notice-too-short");
  await page.getByLabel("希望最后工作日").fill(addDays(today, 60));
  await page.getByRole("button", { name: "提交辞职申请" }).click();
  await page.getByText("已提交。以下是与您相关的日期：").waitFor();
  assert.match(questions.at(-1), new RegExp(`^提交辞职申请，希望最后工作日为 ${addDays(today, 60)}？`));
  const dates = await page.locator(".card.ok dl").innerText();
  assert.match(dates, new RegExp(`法定最早离职日\\s+${addDays(today, 30)}`));
  assert.match(dates, new RegExp(`最晚离职日\\s+${addMonths(today, 2)}`));  // Haining: at most two calendar months
  await checkClean();
  await shot("notice-given");

  // English, every string.
  await page.getByRole("button", { name: "切换语言" }).click();
  await page.getByRole("link", { name: "My payslips" }).click();
  await page.getByText(`Latest net pay: ${yuan} (${data.period})`).waitFor();
  await checkClean();
  await shot("english");
  // A session the server ended: the sign-in page says why.
  await page.evaluate(() => sessionStorage.setItem("socialroll.token", "ended"));
  await page.getByRole("link", { name: "My job" }).click();
  await page.getByText("Your session has ended (expired or signed out elsewhere). Please sign in again.").waitFor();
  assert.ok(WORKER.name);
  await close();
}
