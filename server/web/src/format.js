// Money is integer fen shown as yuan with two decimals; dates stay YYYY-MM-DD as the API sends them.
export function yuan(fen) {
  if (fen === null || fen === undefined) return "—";
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, "0")}`;
}

// "1234.56" (yuan typed by a person) -> 123456 fen, exactly; null when not a money amount.
export function parseYuan(text) {
  const m = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text ?? "");
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

export function todayInChina() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// An RFC 3339 instant ("2026-11-30T23:37:10.123Z") as China time, "2026-12-01 07:37:10".
export function chinaTime(instant) {
  if (!instant) return "—";
  return new Date(Date.parse(instant) + 8 * 3600 * 1000).toISOString().slice(0, 19).replace("T", " ");
}

export function monthOf(date) {
  return date.slice(0, 7);
}

export function previousMonth(period) {
  const [y, m] = period.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

// The unified social credit code (GB 32100-2015), checked as the clerk types so a slip shows at
// once; the server checks it again (modules/org/OrgRules.cpp, creditCodeProblem). Returns null when
// well formed, else which part is wrong: "length", "characters", "region" or "check".
const CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCodeProblem(code) {
  if (code.length !== 18) return "length";
  if ([...code].some((c) => !CREDIT_ALPHABET.includes(c))) return "characters";
  if (!/^\d{6}$/.test(code.slice(2, 8))) return "region";
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(code[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31] === code[17] ? null : "check";
}
