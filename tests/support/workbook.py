#!/usr/bin/env python3
"""openpyxl (an independent implementation) for the C++ tests.
  workbook.py FILE          prints the workbook as JSON:
      {"sheets": [{"name", "freeze", "rows": [[{"v": value, "t": "s"|"n"|"b"|"d"|"empty", "f": number_format}]]}]}
  workbook.py write FILE    writes the rows of a JSON array of arrays of strings (stdin) as Excel
      would store what a clerk typed: YYYY-MM-DD as a date cell, short digit strings as numbers,
      the rest as (shared) strings."""
import datetime
import json
import re
import sys

import openpyxl

if sys.argv[1] == "write":
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "花名册"
    for row in json.load(sys.stdin):
        cells = []
        for v in row:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                cells.append(datetime.date.fromisoformat(v))
            elif re.fullmatch(r"[1-9]\d{0,8}", v):
                cells.append(int(v))
            else:
                cells.append(v)
        ws.append(cells)
    book.save(sys.argv[2])
    sys.exit(0)

book = openpyxl.load_workbook(sys.argv[1], read_only=False)
out = {"sheets": []}
for ws in book.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            t = "empty" if v is None else {"s": "s", "n": "n", "b": "b", "d": "d", "inlineStr": "s"}.get(c.data_type, c.data_type)
            cells.append({"v": v if isinstance(v, (int, float, str)) or v is None else str(v), "t": t, "f": c.number_format})
        rows.append(cells)
    out["sheets"].append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows})
json.dump(out, sys.stdout, ensure_ascii=False)
