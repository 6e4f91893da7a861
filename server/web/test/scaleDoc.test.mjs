// A salary scale pasted from a spreadsheet is read and checked before it is sent (issue #15).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseScaleTsv } from "../src/admin/scaleDoc.js";

test("tab-separated lines become posts and amounts in fen; a header line is skipped", () => {
  const s = parseScaleTsv("岗位代码\t岗位\t1级\t2级\nS1\t站长岗\t5,000\t5200.50\r\nS2\t督导岗\t4500\t4600\n");
  assert.deepEqual(s.posts, [{ code: "S1", name: "站长岗" }, { code: "S2", name: "督导岗" }]);
  assert.equal(s.grades, 2);
  assert.deepEqual(s.amounts_fen, [[500000, 520050], [450000, 460000]]);
  assert.deepEqual(s.problems, []);
});

test("a cell that is not a positive amount, pay falling with grade, a short line and a repeated code are named by cell", () => {
  const s = parseScaleTsv("S1\t站长岗\t5000\t4900\t5100\nS1\t督导岗\t0\tx\nS3\t社工岗\t4000\t4100\t4200");
  assert.deepEqual(s.problems, [
    { row: 0, col: 3, problem: "falls" },
    { row: 1, col: 0, problem: "code_twice" },
    { row: 1, col: 4, problem: "grades_missing" },
    { row: 1, col: 2, problem: "not_positive" },
    { row: 1, col: 3, problem: "not_positive" },
  ]);
  assert.deepEqual(parseScaleTsv("  \n").problems, [{ row: 0, col: 0, problem: "empty" }]);
});
