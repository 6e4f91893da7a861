// Policy documents as the policy screen edits them (issue #15): dotted keys ("notice.policy_months")
// into nested documents, and what a person types turned into the JSON the API validates.

// The value at a dotted key ("notice.policy_months") of a nested document.
export function valueAt(doc, key) {
  return key.split(".").reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), doc);
}
// {"effective_from", ...} with `value` at the dotted key.
export function versionBody(key, value, effectiveFrom) {
  const body = { effective_from: effectiveFrom };
  const parts = key.split(".");
  let at = body;
  parts.slice(0, -1).forEach((p) => (at = at[p] = {}));
  at[parts[parts.length - 1]] = value;
  return body;
}
// What a clerk types: a number, true/false, a JSON object or list, else text.
export function parseTyped(text) {
  const s = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === "true" || s === "false") return s === "true";
  if (/^[[{]/.test(s)) {
    try {
      return JSON.parse(s);
    } catch {
      return s;
    }
  }
  return s;
}
// Every leaf of a preset document (without its own bookkeeping), as dotted keys.
export function leaves(doc, prefix = "") {
  return Object.entries(doc).flatMap(([k, v]) => {
    if (!prefix && (k === "sources" || k === "effective_from")) return [];
    const key = prefix + k;
    return v && typeof v === "object" && !Array.isArray(v) && !("num" in v) ? leaves(v, `${key}.`) : [[key, v]];
  });
}
