// Every string is in both languages, and what the pages ask for exists.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { policyKeyLabel, translate } from "../src/i18n.js";

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
    for (const [, key] of readFileSync(file, "utf8").matchAll(/\bt(?:\.rich)?\("([a-z0-9_.]+)"/g))
      for (const lang of ["zh", "en"]) if (translate(lang, key).startsWith("⟦")) missing.push(`${key} (${lang})`);
  assert.deepEqual(missing, []);
});

test("Chinese is not English: the two texts differ for words", () => {
  assert.equal(translate("zh", "net"), "实发");
  assert.equal(translate("en", "net"), "Net pay");
  assert.equal(translate("zh", "payslip_of", { period: "2026-10" }), "2026-10 工资条");
});

// A key written twice in STRINGS silently keeps the later text (found in issue #15: the scale
// screen's notice replaced the worker's scale label). The source is read, since the object no
// longer shows it.
test("no string key is written twice", async () => {
  const { readFileSync } = await import("node:fs");
  const src = readFileSync(new URL("../src/i18n.js", import.meta.url), "utf8");
  const twice = (block) => {
    const keys = [...block.matchAll(/^\s*("(?:[^"\\]|\\.)*"|[a-z_0-9]+):/gm)].map((m) => m[1].replace(/^"|"$/g, ""));
    return keys.filter((k, i) => keys.indexOf(k) !== i);
  };
  assert.deepEqual(twice(src.match(/const STRINGS = \{([\s\S]*?)\n\};/)[1]), []);
});

// Every key the shipped policies set has a Chinese name on the policy screen (issue #16).
test("every policy key of the shipped presets has a Chinese name", () => {
  const dir = new URL("../../../config/policies/", import.meta.url).pathname;
  const keys = [];
  const walk = (o, p) => {
    if (o && typeof o === "object" && !("num" in o && "den" in o) && !Array.isArray(o)) {
      for (const [k, v] of Object.entries(o)) if (k !== "sources") walk(v, p ? `${p}.${k}` : k);
    } else keys.push(p);
  };
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".json"))) walk(JSON.parse(readFileSync(join(dir, f), "utf8")), "");
  assert.ok(keys.length > 40);
  assert.deepEqual([...new Set(keys)].filter((k) => !policyKeyLabel(k)), []);
  assert.equal(policyKeyLabel("notice.max_months"), "辞职通知 · 最长通知期（月）");
});
