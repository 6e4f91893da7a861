// A small county for the browser journeys, made through the API as an operator would: a
// province scale, Haining's policy, one agency with one station, a user of every role, and one
// worker (张三) hired in January with last month's payroll approved by a second agency admin.
import { client } from "./api.mjs";
import { ADMIN_PASSWORD } from "./server.mjs";

export const PASSWORD = "e2e-user-password-1";
export const WORKER = { name: "张三", idNumber: "33048119950315021X" };

// The month before today's (China time), "YYYY-MM".
export function lastMonth(now = new Date(Date.now() + 8 * 3600 * 1000)) {
  const y = now.getUTCFullYear(), m = now.getUTCMonth();  // m: this month, 0-based
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, "0")}`;
}

export async function seed(url) {
  const api = client(url);
  const admin = await api.login("admin", ADMIN_PASSWORD);
  const post = (path, body, token = admin) => api.call("POST", path, body, token);
  const province = await post("/jurisdictions", { code: "330000", name: "浙江省", level: "province" });
  const city = await post("/jurisdictions", { code: "330400", name: "嘉兴市", level: "city", parent_id: province.id });
  const county = await post("/jurisdictions", { code: "330481", name: "海宁市", level: "county", parent_id: city.id });
  const town = await post("/jurisdictions", { code: "330481001", name: "硖石街道", level: "town", parent_id: county.id });
  await post(`/jurisdictions/${county.id}/policy/presets/haining`, { effective_from: "2020-01-01" });
  // The city's payroll figures, which no preset invents (issue #11): base limits and the agency's rates.
  await api.call("PUT", `/jurisdictions/${city.id}/policy`, {
    effective_from: "2000-01-01",
    // Hires after the 20th contribute from the next month: the clerk's hire "today" always nets
    // more than a month's contributions, whatever day the journey runs.
    social_insurance: { base_floor_fen: 0, base_ceiling_fen: 0, enrol_cutoff_day: 20 },
    housing_fund: { base_floor_fen: 0, base_ceiling_fen: 0, enrol_cutoff_day: 20 },
    employer_rates: { pension_pct: 16, medical_pct: 9.5, unemployment_pct: 0.5, injury_pct: 0.2, housing_fund_pct: 5 },
  }, admin);
  await post("/salary-scales/presets/illustrative-4x11", { jurisdiction_id: province.id, effective_from: "2020-01-01" });
  const agency = await post("/agencies", {
    name: "海宁市阳光社会工作服务中心", credit_code: "91350100M000100Y43", rating: "4A", kind: "ngo", jurisdiction_id: county.id,
  });
  const station = await post("/stations", { name: "硖石街道社工站", jurisdiction_id: town.id, agency_id: agency.id });
  // As in practice: the creator hands over a first password and the owner sets their own at first
  // sign-in (until then the server answers nothing else: issue #13, finding 7).
  const FIRST = "handed-over-first-password-1";
  const user = async (username, role, scope) => {
    await post("/users", { username, password: FIRST, role, ...scope });
    const first = await api.login(username, FIRST);
    await api.call("PUT", "/me/password", { current_password: FIRST, new_password: PASSWORD }, first);
  };
  await user("hn_bureau", "bureau", { jurisdiction_id: county.id });
  await user("hn_admin", "agency_admin", { agency_id: agency.id });
  await user("hn_admin2", "agency_admin", { agency_id: agency.id });
  await user("hn_payroll", "payroll_officer", { agency_id: agency.id });
  const hire = await post("/employments", {
    person: { name: WORKER.name, id_number: WORKER.idNumber, education: "bachelor", social_work_major: true,
              bank_account: "6222020200112233446", phone: "13800000000" },
    certificates: [{ level: "assistant", number: "ZS2024001", passed_on: "2024-06-30", registered_until: "2027-06-30" }],
    station_id: station.id, post: "S3", grade: 3, start_date: "2026-01-01", end_date: "2028-12-31", probation_months: 2,
  });
  await user("zhangsan", "worker", { person_id: hire.person_id });
  const period = lastMonth();
  const first = await api.login("hn_admin", PASSWORD);
  const second = await api.login("hn_admin2", PASSWORD);
  let run = await post("/payroll-runs", { agency_id: agency.id, period }, first);
  while (run.status === "computing") {  // a background job (see server.mjs): wait for it
    await new Promise((r) => setTimeout(r, 100));
    run = await api.call("GET", `/payroll-runs/${run.id}`, undefined, first);
  }
  await post(`/payroll-runs/${run.id}/approve`, {}, second);
  return { province, city, county, town, agency, station, employment: hire, period, run };
}

// A valid 18-digit resident ID number (GB 11643, MOD 11-2 check character).
export function idNumber(region, birth, serial) {
  const first17 = `${region}${birth}${String(serial).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, ch, i) => s + Number(ch) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}
