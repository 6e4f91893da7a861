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

export function monthOf(date) {
  return date.slice(0, 7);
}

export function previousMonth(period) {
  const [y, m] = period.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}
