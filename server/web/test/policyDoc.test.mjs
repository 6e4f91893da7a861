// The policy screen's document handling (issue #15): dotted keys in and out of nested documents,
// typed values, and a preset's leaves for the preview of what loading it changes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { leaves, parseTyped, valueAt, versionBody } from "../src/admin/policyDoc.js";

test("a dotted key reads a nested value and writes a version body of that key only", () => {
  const doc = { notice: { policy_months: 1 }, staffing: { min_qualified_ratio: { num: 2, den: 3 } } };
  assert.equal(valueAt(doc, "notice.policy_months"), 1);
  assert.deepEqual(valueAt(doc, "staffing.min_qualified_ratio"), { num: 2, den: 3 });
  assert.equal(valueAt(doc, "notice.max_months"), undefined);
  assert.equal(valueAt(doc, "housing_fund.base_floor_fen"), undefined);
  assert.deepEqual(versionBody("notice.policy_months", 2, "2027-01-01"), { effective_from: "2027-01-01", notice: { policy_months: 2 } });
  assert.deepEqual(versionBody("blacklist_years", 3, "2027-01-01"), { effective_from: "2027-01-01", blacklist_years: 3 });
});

test("what is typed becomes a number, a boolean, JSON, or stays text", () => {
  assert.equal(parseTyped(" 249000 "), 249000);
  assert.equal(parseTyped("0.5"), 0.5);
  assert.equal(parseTyped("true"), true);
  assert.deepEqual(parseTyped('{"num": 2, "den": 3}'), { num: 2, den: 3 });
  assert.equal(parseTyped("{not json"), "{not json");
  assert.equal(parseTyped("competent"), "competent");
});

test("a preset's leaves leave out its sources and date and keep ratios whole", () => {
  const preset = { effective_from: "2026-01-01", staffing: { min_staff: 3, min_qualified_ratio: { num: 2, den: 3 } },
                   sources: { "staffing.min_staff": "济南" } };
  assert.deepEqual(leaves(preset), [["staffing.min_staff", 3], ["staffing.min_qualified_ratio", { num: 2, den: 3 }]]);
});
