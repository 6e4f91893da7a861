// Small shared pieces: data loading, labelled fields with the server's reasons beside them,
// error notices, tables.
import { cloneElement } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { useT } from "./i18n.js";

export function useAsync(load, deps = []) {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ loading: false, data, error: null }),
      (error) => live && setState({ loading: false, data: null, error }),
    );
    return () => (live = false);
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

let fieldSeq = 0;
// A labelled input; `error` is the server's reason for this field, shown beside it and tied to
// the input for screen readers.
export function Field({ label, error, children, hint }) {
  const [id] = useState(() => `f${++fieldSeq}`);
  const t = useT();
  const child = children && cloneElement(children, { id, "aria-invalid": error ? "true" : undefined,
                                                    "aria-describedby": error ? `${id}-err` : undefined });
  return (
    <div class={`field${error ? " invalid" : ""}`}>
      <label for={id}>{label}</label>
      {child}
      {hint && <small class="hint">{hint}</small>}
      {error && <span class="field-error" id={`${id}-err`} role="alert">{error}</span>}
    </div>
  );
}

export function ErrorNote({ error }) {
  const t = useT();
  if (!error) return null;
  return <p class="error" role="alert">{t.error(error)}</p>;
}

export function Loading({ state, children }) {
  const t = useT();
  if (state.loading && !state.data) return <p class="muted">{t("loading")}</p>;
  if (state.error) return <ErrorNote error={state.error} />;
  return children(state.data);
}

export function Empty() {
  const t = useT();
  return <p class="muted">{t("none_yet")}</p>;
}

// Dates are typed and shown as YYYY-MM-DD whatever the browser's locale (a native date picker
// would show the operating system's format); the server checks them.
export function DateInput(props) {
  return <input type="text" inputmode="numeric" placeholder="YYYY-MM-DD" pattern={"\\d{4}-\\d{2}-\\d{2}"} maxlength="10"
                autocomplete="off" {...props} />;
}
export function MonthInput(props) {
  return <input type="text" inputmode="numeric" placeholder="YYYY-MM" pattern={"\\d{4}-\\d{2}"} maxlength="7" autocomplete="off" {...props} />;
}

// Person names by employment id, for tables of payslips, filings and increments.
export function useNames() {
  return useAsync(async () => {
    const d = await api.get("/employments?limit=500");
    return Object.fromEntries(d.items.map((e) => [e.id, e.person_name]));
  });
}

// Sortable tables (issue #16): `const [rows, th] = useSort(items, { name: (e) => e.person_name, ... })`;
// th("name", label) is a header whose button sorts by that column, again to reverse; numbers sort
// as numbers, text in Chinese (pinyin) order.
const collator = new Intl.Collator("zh-CN", { numeric: true });
export function useSort(items, columns) {
  const [by, setBy] = useState(null);  // {key, dir}
  const rows = by
    ? [...items].sort((a, b) => {
      const x = columns[by.key](a), y = columns[by.key](b);
      const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x ?? ""), String(y ?? ""));
      return c * by.dir;
    })
    : items;
  const th = (key, label, cls) => (
    <th class={cls} aria-sort={by?.key === key ? (by.dir > 0 ? "ascending" : "descending") : undefined}>
      <button type="button" class="sort" onClick={() => setBy(by?.key === key ? { key, dir: -by.dir } : { key, dir: 1 })}>
        {label}{by?.key === key ? (by.dir > 0 ? " ▲" : " ▼") : ""}
      </button>
    </th>
  );
  return [rows, th];
}

// What an action did, said once at the foot of the screen and gone after a while (issue #16):
// `const [toast, say] = useToast()`; render {toast}, call say(text) after the act.
export function useToast(ms = 8000) {
  const [text, setText] = useState("");
  useEffect(() => {
    if (!text) return undefined;
    const timer = setTimeout(() => setText(""), ms);
    return () => clearTimeout(timer);
  }, [text]);
  return [text ? <p class="toast" role="status">{text}</p> : null, setText];
}

// A user's action: clears the last error, runs `fn`, then `after` (a reload); keeps the error
// (an ApiError with its field reasons) for the page to show. Resolves to whether it succeeded.
export function useAction(after) {
  const [error, setError] = useState(null);
  async function run(fn) {
    setError(null);
    try {
      await fn();
      after?.();
      return true;
    } catch (x) {
      setError(x);
      return false;
    }
  }
  return [error, run];
}

// The jurisdiction tree: each place a button, its children below.
export function Tree({ nodes, items, chosen, onChoose }) {
  if (items.length === 0) return null;
  return (
    <ul class="tree">
      {items.map((n) => (
        <li>
          <button class={`link${chosen === n.id ? " chosen" : ""}`} aria-pressed={chosen === n.id} onClick={() => onChoose(n.id)}>
            {n.name}
          </button>
          <Tree nodes={nodes} items={nodes.filter((k) => k.parent_id === n.id)} chosen={chosen} onChoose={onChoose} />
        </li>
      ))}
    </ul>
  );
}

// A list read page by page (the API's cursor): the first page, then `more()` appends the next.
export function usePages(path, deps = []) {
  const [state, setState] = useState({ items: [], next: null, loading: true, error: null });
  const load = useCallback(async (cursor, keep) => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const sep = path.includes("?") ? "&" : "?";
      const page = await api.get(`${path}${cursor ? `${sep}cursor=${cursor}` : ""}`);
      setState((s) => ({ items: [...(keep ? s.items : []), ...page.items], next: page.next_cursor, loading: false, error: null }));
    } catch (error) {
      setState((s) => ({ ...s, loading: false, error }));
    }
  }, [path, ...deps]);
  useEffect(() => {
    load(null, false);
  }, [load]);
  return { ...state, more: () => load(state.next, true), reload: () => load(null, false) };
}

// A first password the server made, shown once to be handed to its owner (issue #15).
export function OneTimePassword({ username, password }) {
  const t = useT();
  return (
    <div role="status">
      <p>{t.rich("password_shown_once", { username: <span translate={false}>{username}</span> })}</p>
      <p><code class="password" translate={false} data-testid="new-password">{password}</code></p>
      <p class="muted">{t("one_time_password_note")}</p>
    </div>
  );
}

// The place a bureau screen is about: the officer's own area by default; the administrator (no
// area of their own) starts at the first place. Returns [places, area, select element].
export function usePlace(me) {
  const t = useT();
  const places = useAsync(() => api.get("/jurisdictions?limit=500"));
  const [place, setPlace] = useState(me.jurisdiction_id ?? null);
  const area = place ?? places.data?.items?.[0]?.id;
  const select = (
    <Field label={t("jurisdiction")}>
      <select name="jurisdiction" value={area ?? ""} onChange={(e) => setPlace(Number(e.currentTarget.value))}>
        {(places.data?.items ?? []).map((j) => <option value={j.id}>{j.name}</option>)}
      </select>
    </Field>
  );
  return [places, area, select];
}
