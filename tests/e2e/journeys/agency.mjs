// An agency clerk at a desk: finds staff, hires a worker (the server's reasons appear beside the
// wrong fields until they are right), checks and imports a CSV, rates the year and previews the
// increments, and runs the month's payroll, which a second administrator approves before the
// bank file can be downloaded; then makes an account for the worker it hired, who signs in with
// the one-time password and sets their own.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { addDays, openPage, signIn } from "../lib/browser.mjs";
import { idNumber, PASSWORD } from "../lib/seed.mjs";

const signInAs = (page, user) => signIn(page, user, PASSWORD);

export async function run({ url, data, browser, shots }) {
  const clerk = await openPage(browser, { url, shots, name: "agency" });
  const { page, shot, checkClean } = clerk;
  await signInAs(page, "hn_admin");

  // The home screen first (issue #16): people in post per station, the latest run, what needs doing.
  await page.getByRole("heading", { name: "工作台" }).waitFor();
  await page.getByRole("table", { name: "各站点在岗人数" }).getByRole("row", { name: `${data.station.name} 1` }).waitFor();
  await page.getByRole("link", { name: `${data.period} 应发工资（已审批）` }).waitFor();
  await page.getByText("目前没有待办事项。").waitFor();
  await checkClean();
  await shot("home");

  // Staff list, searched by name.
  await page.getByRole("link", { name: "员工", exact: true }).click();
  await page.getByRole("heading", { name: "员工名单" }).waitFor();
  await page.getByRole("cell", { name: "张三" }).waitFor();
  // A count and each one's station (issue #16).
  await page.getByText("共 1 人。").waitFor();
  await page.getByRole("row", { name: /张三/ }).getByText(data.station.name).waitFor();
  await page.getByLabel("搜索").fill("李");
  await page.getByRole("button", { name: "查询" }).click();
  await page.getByText("暂无记录").waitFor();
  await checkClean();
  await shot("staff");

  // Hire: a wrong check character, then a grade off the suggested placement, each shown beside its field.
  await page.getByRole("link", { name: "聘用", exact: true }).click();
  const id = idNumber("330481", "19960307", 22);
  const today = await page.getByLabel("入职日期").inputValue();
  await page.getByLabel("姓名").fill("李四");
  await page.getByLabel("身份证号").fill(id.slice(0, 17) + (id[17] === "0" ? "1" : "0"));
  await page.getByLabel("学历").selectOption("bachelor");
  await page.getByLabel("工资卡号").fill("6222020200998877662");
  await page.getByLabel("合同到期").fill(addDays(today, 730));
  await page.getByLabel("等级", { exact: true }).fill("1");
  await page.getByRole("button", { name: "聘用并备案" }).click();
  const idField = page.locator(".field.invalid", { has: page.getByLabel("身份证号") });
  await idField.locator(".field-error").waitFor();
  await shot("hire-bad-id");
  await page.getByLabel("身份证号").fill(id);
  await page.getByLabel("证书等级").selectOption("assistant");
  await page.getByLabel("证书编号").fill("ZS2025017");
  await page.getByLabel("取得日期").fill("2025-06-28");
  await page.getByLabel("登记有效期至").fill("2028-06-27");
  await page.getByRole("button", { name: "聘用并备案" }).click();
  const gradeField = page.locator(".field.invalid", { has: page.getByLabel("等级", { exact: true }) });
  assert.match(await gradeField.locator(".field-error").innerText(), /建议定级 3 级/);
  await shot("hire-grade-reason");
  await page.getByLabel("等级", { exact: true }).fill("3");
  await page.getByRole("button", { name: "聘用并备案" }).click();
  await page.getByText("已聘用").waitFor();
  await checkClean();
  await shot("hired");

  // CSV import: the dry run names the bad line; fixed, it imports.
  await page.getByRole("link", { name: "批量导入" }).click();
  const good = idNumber("330481", "19970412", 31), bad = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
  const header = "姓名,身份证号,学历,社工专业,银行账号,社工站,岗位,等级,入职日期,合同到期日";
  const row = (name, idn) => `${name},${idn},大专,是,6222020200554433223,${data.station.name},S3,1,${today},${addDays(today, 1095)}`;
  await page.getByLabel("或粘贴内容").fill([header, row("王五", bad)].join("\n"));
  await page.getByRole("button", { name: "检查" }).click();
  await page.getByRole("cell", { name: "2", exact: true }).waitFor();  // line 2, the one row
  await page.getByRole("cell", { name: "身份证号", exact: true }).waitFor();  // the file's own header, not id_number
  await shot("import-problems");
  await page.getByLabel("或粘贴内容").fill([header, row("王五", good)].join("\n"));
  await page.getByRole("button", { name: "检查" }).click();
  await page.getByText("共 1 行，1 行无误。").waitFor();
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await page.getByText("已导入 1 人。").waitFor();
  await checkClean();
  await shot("imported");

  // Assessments and the increments preview.
  // This year's rating (张三 started in January), for the increments from next 1 January.
  const year = today.slice(0, 4);
  await page.getByRole("link", { name: "年度考核" }).click();
  await page.getByLabel("年度").fill(year);
  // Rated as one of a selection (issue #16: bulk ratings), after a question naming the consequence.
  await page.getByRole("checkbox", { name: "选择 张三" }).check();
  await page.getByLabel("所选人员评为").selectOption("competent");
  page.once("dialog", (dialog) => {
    assert.match(dialog.message(), new RegExp(`^将所选 1 人的 ${year} 年度考核评为“合格”？评定后不能更改`));
    dialog.accept();
  });
  await page.getByRole("button", { name: "评定所选（1 人）" }).click();
  await page.getByText("已评定 1 人；0 人此前已有评定，未作改动。").waitFor();
  await page.getByRole("row", { name: /张三/ }).getByRole("cell", { name: "合格" }).waitFor();
  await checkClean();
  await page.getByRole("link", { name: "晋级" }).click();
  await page.getByLabel("考核年度").fill(year);
  await page.getByLabel("生效日期").fill(`${Number(year) + 1}-01-01`);
  await page.getByRole("button", { name: "预览" }).click();
  await page.getByText("预览（尚未执行）：").waitFor();
  const zhang = page.getByRole("row", { name: /张三/ });
  assert.match(await zhang.innerText(), /3\s+4/);
  await checkClean();
  await shot("increments-preview");

  // The month's payroll: computed, refused to the same clerk, approved by the second administrator.
  await page.getByRole("link", { name: "工资发放" }).click();
  await page.getByRole("button", { name: "计算工资" }).click();
  await page.getByText("待审批").first().waitFor();
  await page.getByRole("cell", { name: "李四" }).waitFor();
  const net = await page.getByTestId("run-net").innerText();
  assert.match(net, /^¥[\d,]+\.\d\d$/);
  // Its maker is not offered approval (issue #16): the note says who approves.
  await page.getByText("须由计算人以外的另一位机构管理员审批。").waitFor();
  assert.equal(await page.getByRole("button", { name: "审批" }).count(), 0);
  // The register with its totals, amounts right-aligned under right-aligned headers.
  const register = page.getByRole("table", { name: "工资表" });
  const escaped = net.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  assert.match(await register.locator("tfoot").innerText(), new RegExp(`合计[\\s\\S]*${escaped}`));
  assert.equal(await register.getByRole("columnheader", { name: "实发" }).evaluate((th) => getComputedStyle(th).textAlign), "right");
  await register.getByRole("button", { name: "实发" }).click();  // sorted by net pay (issue #16)
  assert.equal(await register.getByRole("columnheader", { name: "实发" }).getAttribute("aria-sort"), "ascending");
  await checkClean();
  await shot("payroll-draft");
  const runUrl = page.url();

  const second = await openPage(browser, { url, shots, name: "agency-second" });
  await signInAs(second.page, "hn_admin2");
  // Her home screen's to-dos (issue #16) name the run waiting on her, and lead to it.
  await second.page.getByRole("heading", { name: "工作台" }).waitFor();
  await second.page.getByRole("link", { name: /^\d{4}-\d{2} 工资待您审批$/ }).click();
  await second.page.waitForURL(runUrl);
  second.page.once("dialog", (dialog) => {
    assert.match(dialog.message(), new RegExp(`^审批 \\d{4}-\\d{2} 工资（实发合计 ${escaped}）？审批后本月工资锁定`));
    dialog.accept();
  });
  await second.page.getByRole("button", { name: "审批" }).click();
  await second.page.getByRole("status").filter({ hasText: /^\d{4}-\d{2} 工资已审批，该月已锁定。$/ }).waitFor();
  await second.page.getByText("已审批").first().waitFor();
  const [download] = await Promise.all([
    second.page.waitForEvent("download"),
    second.page.getByRole("button", { name: "下载银行代发文件" }).click(),
  ]);
  const bankFile = readFileSync(await download.path(), "utf8");
  assert.match(bankFile, /6222020200998877662/);  // the whole account, for the bank
  // Issue #14: the bank's own layout chosen for this file, and the tax client's declaration, are
  // workbooks (zip files) saved under an .xlsx name.
  const save = async (button) => {
    const [file] = await Promise.all([second.page.waitForEvent("download"), second.page.getByRole("button", { name: button }).click()]);
    const bytes = readFileSync(await file.path());
    return { name: file.suggestedFilename(), bytes };
  };
  await second.page.getByLabel("代发文件格式").selectOption({ label: "姓名-账号-开户行-金额-用途(Excel)" });
  const chosen = await save("下载银行代发文件");
  assert.match(chosen.name, /\.xlsx$/);
  assert.equal(chosen.bytes.subarray(0, 2).toString(), "PK");
  const declaration = await save("下载个税扣缴申报表");
  assert.match(declaration.name, /^iit-declaration-\d{4}-\d{2}\.xlsx$/);
  assert.equal(declaration.bytes.subarray(0, 2).toString(), "PK");
  await second.checkClean();
  await second.shot("payroll-approved");
  await second.close();

  // 李四's page (issue #16): her record, and acts on it — training hours, a grade change from a
  // date, each said once it is done and kept in her history.
  await page.getByRole("link", { name: "员工", exact: true }).click();
  // The list sorts by a column, and again the other way (issue #16).
  const staffTable = page.getByRole("table", { name: "员工名单" });
  await staffTable.getByRole("link", { name: "李四" }).waitFor();
  const grades = async () => (await staffTable.locator("tbody tr td:nth-child(4)").allInnerTexts()).map(Number);
  await staffTable.getByRole("button", { name: "等级" }).click();
  const up = await grades();
  assert.deepEqual(up, [...up].sort((a, b) => a - b));
  await staffTable.getByRole("button", { name: /等级/ }).click();
  assert.equal(await staffTable.locator("th[aria-sort]").getAttribute("aria-sort"), "descending");
  const down = await grades();
  assert.deepEqual(down, [...up].sort((a, b) => b - a));
  await page.getByRole("link", { name: "李四" }).click();
  await page.getByRole("heading", { name: "李四" }).waitFor();
  await page.getByRole("heading", { name: "岗位变动" }).waitFor();
  await page.getByRole("table", { name: "岗位变动" }).getByRole("cell", { name: "入职", exact: true }).waitFor();
  await page.getByRole("table", { name: "备案记录" }).getByRole("cell", { name: "入职", exact: true }).waitFor();
  // Her approved payslip, opened in place.
  await page.getByRole("table", { name: "工资条" }).getByRole("button", { name: "查看" }).first().click();
  await page.getByRole("heading", { name: /工资条 · 李四$/ }).waitFor();
  // Her deductions declared on her word: rent from this month, shown as stored once saved.
  await page.getByText("该年度尚未申报或确认专项附加扣除。").waitFor();
  await page.getByRole("button", { name: "修改申报" }).click();
  await page.getByRole("button", { name: "添加扣除项目" }).click();
  const deductions = page.getByRole("form", { name: "修改申报" });
  await deductions.getByLabel("扣除项目").selectOption("housing_rent");
  await deductions.getByLabel("每月金额（元）").fill("1500");
  await deductions.getByLabel("起始月份").fill(today.slice(0, 7));
  await deductions.getByRole("button", { name: "保存申报" }).click();
  await page.getByText(`${today.slice(0, 4)} 年度专项附加扣除已保存。`).waitFor();
  await page.getByRole("table", { name: "专项附加扣除" }).getByRole("row", { name: /住房租金\s+¥1,500\.00/ }).waitFor();
  const hoursForm = page.getByRole("form", { name: "登记继续教育学时" });
  await hoursForm.getByLabel("培训日期").fill(addDays(today, -3));
  await hoursForm.getByLabel("学时", { exact: true }).fill("12");
  await hoursForm.getByLabel("培训机构").fill("海宁市社会工作协会");
  await hoursForm.getByRole("button", { name: "登记继续教育学时" }).click();
  await page.getByText("已登记 12 学时。").waitFor();
  await page.getByRole("cell", { name: "海宁市社会工作协会" }).waitFor();
  const changeForm = page.getByRole("form", { name: "调动或调整岗位等级" });
  await changeForm.getByLabel("生效日期").fill(addDays(today, 1));
  await changeForm.getByLabel("新等级").fill("4");
  await changeForm.getByLabel("原因").fill("取得中级证书");
  await changeForm.getByRole("button", { name: "调动或调整岗位等级" }).click();
  await page.getByText("已记录变动并报民政局备案。").waitFor();
  await page.getByRole("table", { name: "岗位变动" }).getByRole("row", { name: /取得中级证书/ }).waitFor();
  await checkClean();
  await shot("person");

  // Issue #15: an account for 李四, whose one-time password is shown once and opens only the
  // password form until she sets her own.
  await page.getByRole("link", { name: "账户" }).click();
  await page.getByRole("heading", { name: "账户管理" }).waitFor();
  await page.getByLabel("用户名").fill("lisi");
  await page.getByLabel("角色").selectOption({ label: "社工" });
  const workerField = page.getByLabel("社工（本机构在职）");
  await workerField.selectOption(await workerField.locator("option", { hasText: "李四" }).getAttribute("value"));
  await page.getByRole("button", { name: "创建账户" }).click();
  const oneTime = await page.getByTestId("new-password").innerText();
  assert.match(oneTime, /^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
  await page.getByRole("cell", { name: "lisi" }).waitFor();
  await checkClean();
  await shot("worker-account");
  const lisi = await openPage(browser, { url, shots, name: "agency-worker", phone: true });
  await lisi.page.goto("/");
  await lisi.page.getByLabel("用户名").fill("lisi");
  await lisi.page.getByLabel("密码").fill(oneTime);
  await lisi.page.getByRole("button", { name: "登录" }).click();
  await lisi.page.getByLabel("当前密码（创建者告知您的）").fill(oneTime);
  await lisi.page.getByLabel("新密码（至少 12 个字符）").fill("Lisi-own-password-9");
  await lisi.page.getByRole("button", { name: "设置密码" }).click();
  await lisi.page.getByText("密码已设置，请用新密码重新登录。").waitFor();
  await lisi.page.getByLabel("用户名").fill("lisi");
  await lisi.page.getByLabel("密码").fill("Lisi-own-password-9");
  await lisi.page.getByRole("button", { name: "登录" }).click();
  await lisi.page.getByRole("heading", { name: "我的岗位与合同" }).waitFor();
  await lisi.checkClean();
  await lisi.shot("signed-in");
  await lisi.close();

  // Ending 李四's contract by agreement, from her page: asked first, then the Art. 47 severance the
  // agency owes for under six months' service (half a month's pay) is suggested.
  await page.getByRole("link", { name: "员工", exact: true }).click();
  await page.getByRole("link", { name: "李四" }).click();
  const endForm = page.getByRole("form", { name: "终止劳动合同" });
  await endForm.getByLabel("最后工作日").fill(addDays(today, 20));
  await endForm.getByLabel("终止原因").selectOption("mutual_agreement");
  page.once("dialog", (dialog) => {
    assert.match(dialog.message(), new RegExp(`^终止 李四 的劳动合同，最后工作日 ${addDays(today, 20)}？终止后不能撤回`));
    dialog.accept();
  });
  await endForm.getByRole("button", { name: "终止劳动合同" }).click();
  await page.getByText(`劳动合同已终止（最后工作日 ${addDays(today, 20)}），已报民政局备案。`).waitFor();
  assert.match(await page.getByTestId("severance").innerText(), /^依《劳动合同法》第四十七条，建议支付经济补偿 ¥[\d,]+\.\d\d（0\.5 个月/);
  await checkClean();
  await shot("ended");
  await clerk.close();
}
