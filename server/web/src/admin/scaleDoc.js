// A salary scale pasted from a spreadsheet (issue #15): one post a line, tab-separated — code,
// name, then the monthly pay of grade 1, 2, … in yuan. A first line that is a header (its third
// cell is not an amount) is skipped. Checked before saving as the server checks it
// (modules/pay/PayRules.cpp, scaleProblems): every cell a positive amount, no grade paying less
// than the one below it, one amount per grade on every line, each post code once.
import { parseYuan } from "../format.js";

export function parseScaleTsv(text) {
  let lines = text.split(/\r?\n/).map((l) => l.split("\t").map((c) => c.trim())).filter((cells) => cells.some((c) => c));
  if (lines.length > 0 && parseYuan(lines[0][2] ?? "") === null) lines = lines.slice(1);
  const problems = [];
  const posts = [];
  const amounts = [];
  const grades = lines.length ? Math.max(...lines.map((cells) => cells.length - 2)) : 0;
  lines.forEach((cells, row) => {
    const [code = "", name = "", ...pay] = cells;
    if (!code) problems.push({ row, col: 0, problem: "code_missing" });
    else if (posts.some((p) => p.code === code)) problems.push({ row, col: 0, problem: "code_twice" });
    posts.push({ code, name });
    const fen = pay.map((c) => parseYuan(c.replace(/,/g, "")));
    if (pay.length !== grades) problems.push({ row, col: 2 + pay.length, problem: "grades_missing" });
    fen.forEach((f, g) => {
      if (f === null || f <= 0) problems.push({ row, col: 2 + g, problem: "not_positive" });
      else if (g > 0 && fen[g - 1] !== null && f < fen[g - 1]) problems.push({ row, col: 2 + g, problem: "falls" });
    });
    amounts.push(fen);
  });
  if (lines.length === 0) problems.push({ row: 0, col: 0, problem: "empty" });
  return { posts, grades, amounts_fen: amounts, problems };
}
