// Every string on screen, in Chinese (the default) and English: [zh, en]. A key missing here
// shows as ⟦key⟧, which the browser tests look for.
import { createContext } from "preact";
import { useContext } from "preact/hooks";

const STRINGS = {
  app_name: ["社工人事与薪酬", "Social worker HR & payroll"],
  sign_in: ["登录", "Sign in"],
  sign_out: ["退出", "Sign out"],
  username: ["用户名", "Username"],
  password: ["密码", "Password"],
  language_switch: ["English", "中文"],
  language_switch_label: ["切换语言", "Switch language"],
  loading: ["加载中…", "Loading…"],
  none_yet: ["暂无记录", "Nothing here yet"],
  save: ["保存", "Save"],
  submit: ["提交", "Submit"],
  cancel: ["取消", "Cancel"],
  print: ["打印", "Print"],
  back: ["返回", "Back"],
  error_generic: ["出错了：{detail}", "Something went wrong: {detail}"],
  signed_in_as: ["{user}（{role}）", "{user} ({role})"],
  role_admin: ["系统管理员", "administrator"],
  role_bureau: ["民政部门", "civil-affairs bureau"],
  role_agency_admin: ["机构管理员", "agency administrator"],
  role_payroll_officer: ["机构薪酬专员", "agency payroll officer"],
  role_worker: ["社工", "social worker"],
  nav_main: ["主导航", "Main navigation"],

  // Worker
  nav_my_job: ["我的岗位", "My job"],
  nav_my_certificates: ["我的证书", "My certificates"],
  nav_my_payslips: ["我的工资条", "My payslips"],
  nav_resign: ["辞职申请", "Resignation"],
  my_job_title: ["我的岗位与合同", "My job and contract"],
  station: ["社工站", "Station"],
  post: ["岗位", "Post"],
  grade: ["等级", "Grade"],
  grade_n: ["{n} 级", "grade {n}"],
  status: ["状态", "Status"],
  status_probation: ["试用期", "on probation"],
  status_active: ["在岗", "in post"],
  status_notice: ["辞职预告期", "under notice"],
  status_ended: ["已离职", "ended"],
  contract: ["劳动合同", "Contract"],
  contract_term: ["{from} 至 {to}", "{from} to {to}"],
  open_ended: ["无固定期限", "open-ended"],
  probation_until: ["试用期至", "Probation until"],
  no_probation: ["无试用期", "no probation"],
  scale_title: ["薪级表（{name}）", "Salary scale ({name})"],
  scale_illustrative: ["示例数据，非官方标准", "illustrative data, not an official scale"],
  monthly_base: ["月基本工资", "Monthly base pay"],
  you_are_here: ["当前", "you"],
  next_step: ["下一级：{grade} 级，{amount}/月", "Next step: grade {grade}, {amount} a month"],
  top_grade: ["已是最高等级", "You are at the top grade"],
  gross_monthly: ["应发月薪（含津贴）", "Monthly gross (with allowances)"],
  allowance_certificate: ["证书津贴（{level}）", "Certificate allowance ({level})"],
  history: ["岗位变动", "Assignment history"],
  effective_on: ["生效日期", "From"],
  reason: ["原因", "Reason"],
  reason_hire: ["入职", "hired"],
  reason_increment: ["{year} 年度晋级", "annual increment {year}"],
  no_employment: ["您当前没有任职记录。", "You have no employment on record."],

  certificates_title: ["职业资格证书", "Certificates"],
  level: ["等级", "Level"],
  level_assistant: ["助理社会工作师", "assistant social worker"],
  level_intermediate: ["社会工作师", "social worker (intermediate)"],
  level_senior: ["高级社会工作师", "senior social worker"],
  cert_number: ["证书编号", "Number"],
  registered_until: ["登记有效期至", "Registered until"],
  hours: ["继续教育学时", "Continuing education"],
  hours_of: ["{earned} / {required} 学时", "{earned} of {required} hours"],
  renewal_opens: ["续期窗口 {date} 开启", "Renewal opens on {date}"],
  renewal_open_now: ["续期窗口已开启，剩余 {days} 天", "Renewal window open: {days} days left"],
  cert_expired: ["已过期", "expired"],
  hours_short: ["还差 {n} 学时", "{n} hours still needed"],

  payslips_title: ["工资条", "Payslips"],
  period: ["所属月份", "Period"],
  gross: ["应发", "Gross"],
  net: ["实发", "Net pay"],
  view: ["查看", "View"],
  payslip_of: ["{period} 工资条", "Payslip for {period}"],
  paid_days: ["计薪天数", "Days paid"],
  base: ["基本工资", "Base pay"],
  allowances: ["津贴补贴", "Allowances"],
  pension: ["养老保险（个人）", "Pension (employee)"],
  medical: ["医疗保险（个人）", "Medical insurance (employee)"],
  unemployment: ["失业保险（个人）", "Unemployment insurance (employee)"],
  housing_fund: ["住房公积金（个人）", "Housing fund (employee)"],
  special_deductions: ["专项附加扣除", "Special deductions"],
  other_deductions: ["其他扣款", "Other deductions"],
  taxable_ytd: ["累计应纳税所得额", "Taxable income, year to date"],
  iit: ["个人所得税", "Income tax withheld"],
  latest_net: ["最近一期实发：{amount}（{period}）", "Latest net pay: {amount} ({period})"],

  resign_title: ["辞职申请", "Give notice"],
  notice_date: ["提出日期", "Notice date"],
  requested_last_day: ["希望最后工作日", "Requested last day"],
  resign_reason: ["辞职原因", "Reason"],
  resign_submit: ["提交辞职申请", "Give notice"],
  resign_done: ["已提交。以下是您的三个日期：", "Notice given. Your three dates:"],
  statutory_date: ["法定最早离职日", "Earliest lawful last day"],
  policy_date: ["承诺离职日（当地政策）", "Commitment date (local policy)"],
  latest_date: ["最晚离职日", "Latest leaving date"],
  allowed_last_day: ["可离职日", "You may leave from"],
  resignations_title: ["我的辞职申请", "My resignations"],
  withdraw: ["撤回", "Withdraw"],
  rs_pending: ["待处理", "pending"],
  rs_replacement_found: ["已有接替人员", "replacement found"],
  rs_completed: ["已离职", "completed"],
  rs_withdrawn: ["已撤回", "withdrawn"],
  resign_explain: [
    "法律规定提前 30 日书面通知（试用期 3 日）；当地承诺可能要求更早提出并在接替人员到岗后离职。法律与政策冲突时以法律为准。",
    "The law asks for 30 days' written notice (3 on probation); a local commitment may ask for more and for a replacement in post first. Where they conflict the law wins.",
  ],
};

// The server's reasons arrive in English; the common ones are said in Chinese too.
const SERVER_PHRASES = {
  "is required": "必填",
  "is not a valid date (YYYY-MM-DD)": "日期格式应为 YYYY-MM-DD",
  "is before the notice date": "早于提出日期",
  "Invalid username or password.": "用户名或密码错误。",
};
const CODES = {
  blacklisted: "此人在行业失信名单上，不能聘用。",
  already_employed: "此人已在其他机构任职。",
  ineligible: "不符合当地聘用条件。",
  notice_too_short: "通知期短于法定要求。",
  period_locked: "该月份已审批锁定。",
  four_eyes: "需由另一位管理员审批。",
  account_locked: "登录失败次数过多，账户已暂时锁定。",
  rate_limited: "请求过于频繁，请稍后再试。",
  unavailable: "服务暂时不可用，请稍后再试。",
  payload_too_large: "文件过大。",
  unauthenticated: "请重新登录。",
  forbidden: "您没有权限进行此操作。",
  not_found: "未找到。",
  conflict: "与当前状态冲突。",
};

export const LangContext = createContext("zh");

export function translate(lang, key, vars = {}) {
  const entry = STRINGS[key];
  if (!entry) return `⟦${key}⟧`;
  let s = entry[lang === "en" ? 1 : 0];
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function useT() {
  const lang = useContext(LangContext);
  const t = (key, vars) => translate(lang, key, vars);
  t.lang = lang;
  // A server message (field reason or detail) in the user's language where we know it.
  t.server = (text) => (lang === "zh" && SERVER_PHRASES[text]) || text;
  // An ApiError as one sentence: in English the server's own words; in Chinese the code's meaning.
  t.error = (e) => {
    if (lang === "en") return e?.message || String(e);
    return CODES[e?.code] || t.server(e?.message || String(e));
  };
  return t;
}
