// Money and dates on screen: fen shown as yuan with two decimals, yuan typed back to exact fen.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseYuan, previousMonth, yuan } from "../src/format.js";

test("fen are shown as yuan with two decimals and thousands separators", () => {
  assert.equal(yuan(380250), "¥3,802.50");
  assert.equal(yuan(5), "¥0.05");
  assert.equal(yuan(-70500), "-¥705.00");
  assert.equal(yuan(123456789012), "¥1,234,567,890.12");
  assert.equal(yuan(null), "—");
});

test("typed yuan become exact fen, and anything else is refused", () => {
  assert.equal(parseYuan("1500"), 150000);
  assert.equal(parseYuan("1500.5"), 150050);
  assert.equal(parseYuan(" 0.07 "), 7);
  assert.equal(parseYuan("1500.005"), null);  // no third decimal: never rounded silently
  assert.equal(parseYuan("1,500"), null);
  assert.equal(parseYuan("-3"), null);
  assert.equal(parseYuan(""), null);
});

test("the month before January is December of the year before", () => {
  assert.equal(previousMonth("2026-01"), "2025-12");
  assert.equal(previousMonth("2026-11"), "2026-10");
});

// The same published codes the server's unit test accepts (tests/unit/org_rules_test.cpp).
test("unified social credit codes are checked as typed: length, characters, region, check character", async () => {
  const { creditCodeProblem } = await import("../src/format.js");
  assert.equal(creditCodeProblem("91350100M000100Y43"), null);
  assert.equal(creditCodeProblem("91110000802100433B"), null);
  assert.equal(creditCodeProblem("91350100M000100Y4"), "length");
  assert.equal(creditCodeProblem("91350100M000100Y4I"), "characters");
  assert.equal(creditCodeProblem("9135A100M000100Y43"), "region");
  assert.equal(creditCodeProblem("91350100M000100Y44"), "check");
});
