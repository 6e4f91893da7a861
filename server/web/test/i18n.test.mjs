// Every string is in both languages, and what the pages ask for exists.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { translate } from "../src/i18n.js";

const src = new URL("../src/", import.meta.url).pathname;
function sources(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".jsx") || p.endsWith(".js") ? [p] : [];
  });
}

test("every key a page names with t(\"...\") has Chinese and English text", () => {
  const missing = [];
  for (const file of sources(src))
    for (const [, key] of readFileSync(file, "utf8").matchAll(/\bt\("([a-z0-9_.]+)"/g))
      for (const lang of ["zh", "en"]) if (translate(lang, key).startsWith("⟦")) missing.push(`${key} (${lang})`);
  assert.deepEqual(missing, []);
});

test("Chinese is not English: the two texts differ for words", () => {
  assert.equal(translate("zh", "net"), "实发");
  assert.equal(translate("en", "net"), "Net pay");
  assert.equal(translate("zh", "payslip_of", { period: "2026-10" }), "2026-10 工资条");
});
