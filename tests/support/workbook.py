#!/usr/bin/env python3
"""Reads an .xlsx with openpyxl (an independent reader) and prints it as JSON for the C++ tests:
{"sheets": [{"name", "freeze", "rows": [[{"v": value, "t": "s"|"n"|"b"|"d"|"empty", "f": number_format}]]}]}."""
import json
import sys

import openpyxl

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
