// Organisations within reach (issue #15), for the administrator and a bureau: the jurisdiction
// tree down to towns, agencies (the credit code checked as typed, and the agency's first
// administrator made right after it) and stations; lists are searched and read page by page.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { creditCodeProblem } from "../format.js";
import { useT } from "../i18n.js";
import { DateInput, Empty, ErrorNote, Field, Loading, OneTimePassword, Tree, useAction, useAsync, usePages } from "../ui.jsx";

const CHILD_LEVEL = { province: "city", city: "county", county: "town" };
const RATINGS = ["", "1A", "2A", "3A", "4A", "5A"];
const KINDS = ["ngo", "company", "government"];

export function Organisations({ me }) {
  const t = useT();
  const [part, setPart] = useState("agencies");
  const places = useAsync(() => api.get("/jurisdictions?limit=500"));
  return (
    <section>
      <h1>{t("organisations_title")}</h1>
      <div class="actions" role="tablist">
        {["places", "agencies", "stations"].map((p) => (
          <button role="tab" class={p === part ? "" : "secondary"} aria-selected={p === part} onClick={() => setPart(p)}>
            {t(`org_${p}`)}
          </button>
        ))}
      </div>
      {part === "places" && <Places me={me} places={places} />}
      {part === "agencies" && <Agencies places={places} />}
      {part === "stations" && <Stations places={places} />}
    </section>
  );
}

function Places({ me, places }) {
  const t = useT();
  const nodes = places.data?.items ?? [];
  const ids = new Set(nodes.map((n) => n.id));
  const roots = nodes.filter((n) => !ids.has(n.parent_id));
  const [chosen, setChosen] = useState(me.jurisdiction_id ?? null);
  const parent = nodes.find((n) => n.id === chosen);
  const childLevel = parent ? CHILD_LEVEL[parent.level] : "province";
  const [form, setForm] = useState({ code: "", name: "" });
  const [error, run] = useAction(() => places.reload());
  async function add(e) {
    e.preventDefault();
    const body = { code: form.code, name: form.name, level: childLevel };
    if (parent) body.parent_id = parent.id;
    if (await run(() => api.post("/jurisdictions", body))) setForm({ code: "", name: "" });
  }
  return (
    <div class="split">
      <nav class="card" aria-label={t("jurisdictions")}>
        {nodes.length === 0 ? <Empty /> : <Tree nodes={nodes} items={roots} chosen={chosen} onChoose={setChosen} />}
      </nav>
      <div>
        {parent && <p class="headline">{parent.name}（{parent.code}，{t(`level_${parent.level}`)}）</p>}
        {childLevel && (me.role === "admin" || childLevel === "town") && (
          <form class="card" onSubmit={add} aria-label={t("place_add")}>
            <h2>{t("place_add_below", { level: t(`level_${childLevel}`) })}</h2>
            <Field label={t("place_code")} error={error?.fields?.code}
                   hint={childLevel === "town" ? t("town_code_hint", { county: parent.code }) : t("division_code_hint")}>
              <input name="code" inputmode="numeric" required value={form.code} onInput={(e) => setForm({ ...form, code: e.currentTarget.value })} />
            </Field>
            <Field label={t("place_name")} error={error?.fields?.name}>
              <input name="name" required value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
            </Field>
            <ErrorNote error={error} />
            <button type="submit">{t("place_add")}</button>
          </form>
        )}
      </div>
    </div>
  );
}

function Agencies({ places }) {
  const t = useT();
  const list = usePages("/agencies?limit=100");
  const [q, setQ] = useState("");
  const [form, setForm] = useState({ name: "", credit_code: "", rating: "", kind: "ngo", jurisdiction_id: "" });
  const [made, setMade] = useState(null);  // the agency just registered, awaiting its administrator
  const [admin, setAdmin] = useState("");
  const [shown, setShown] = useState(null);
  const [error, run] = useAction(() => list.reload());
  const counties = (places.data?.items ?? []).filter((j) => j.level !== "town");
  const placeName = Object.fromEntries((places.data?.items ?? []).map((j) => [j.id, j.name]));
  const typed = form.credit_code.trim().toUpperCase();
  const codeProblem = typed.length > 0 ? creditCodeProblem(typed) : null;
  async function register(e) {
    e.preventDefault();
    const body = { name: form.name, credit_code: typed, kind: form.kind, jurisdiction_id: Number(form.jurisdiction_id) };
    if (form.rating) body.rating = form.rating;
    await run(async () => {
      setMade(await api.post("/agencies", body));
      setShown(null);
      setForm({ ...form, name: "", credit_code: "" });
    });
  }
  async function makeAdmin(e) {
    e.preventDefault();
    await run(async () => {
      const u = await api.post("/users", { username: admin, role: "agency_admin", agency_id: made.id });
      setShown({ username: u.username, password: u.password });
      setAdmin("");
    });
  }
  const needle = q.trim();
  const shownItems = list.items.filter((a) => !needle || a.name.includes(needle) || a.credit_code.includes(needle.toUpperCase()));
  return (
    <>
      <form class="card" onSubmit={register} aria-label={t("agency_register")}>
        <h2>{t("agency_register")}</h2>
        <div class="actions">
          <Field label={t("agency_name")} error={error?.fields?.name}>
            <input name="name" required value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          </Field>
          <Field label={t("credit_code")} error={(codeProblem && t(`credit_code_${codeProblem}`)) || error?.fields?.credit_code}>
            <input name="credit_code" required maxlength="18" autocomplete="off" value={form.credit_code}
                   onInput={(e) => setForm({ ...form, credit_code: e.currentTarget.value })} />
          </Field>
          <Field label={t("agency_rating")} error={error?.fields?.rating}>
            <select name="rating" value={form.rating} onChange={(e) => setForm({ ...form, rating: e.currentTarget.value })}>
              {RATINGS.map((r) => <option value={r}>{r || t("rating_none")}</option>)}
            </select>
          </Field>
          <Field label={t("agency_kind")} error={error?.fields?.kind}>
            <select name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.currentTarget.value })}>
              {KINDS.map((k) => <option value={k}>{t(`kind_${k}`)}</option>)}
            </select>
          </Field>
          <Field label={t("registered_area")} error={error?.fields?.jurisdiction_id}>
            <select name="jurisdiction_id" required value={form.jurisdiction_id}
                    onChange={(e) => setForm({ ...form, jurisdiction_id: e.currentTarget.value })}>
              <option value="">{t("choose")}</option>
              {counties.map((j) => <option value={j.id}>{j.name}</option>)}
            </select>
          </Field>
        </div>
        <button type="submit" disabled={!!codeProblem}>{t("agency_register")}</button>
      </form>
      {made && (
        <form class="card" onSubmit={makeAdmin} aria-label={t("agency_admin_make")}>
          <p>{t("agency_registered", { name: made.name })}</p>
          {shown ? (
            <OneTimePassword {...shown} />
          ) : (
            <div class="actions">
              <Field label={t("agency_admin_username")} error={error?.fields?.username}>
                <input name="admin_username" required autocomplete="off" value={admin} onInput={(e) => setAdmin(e.currentTarget.value)} />
              </Field>
              <button type="submit">{t("agency_admin_make")}</button>
            </div>
          )}
        </form>
      )}
      <ErrorNote error={error} />
      <div class="actions">
        <Field label={t("search_label")}>
          <input type="search" name="agency_search" value={q} placeholder={t("agency_search_placeholder")}
                 onInput={(e) => setQ(e.currentTarget.value)} />
        </Field>
      </div>
      {list.error ? <ErrorNote error={list.error} /> : shownItems.length === 0 && !list.loading ? <Empty /> : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <thead><tr><th>{t("agency_name")}</th><th>{t("credit_code")}</th><th>{t("agency_rating")}</th><th>{t("agency_kind")}</th><th>{t("registered_area")}</th></tr></thead>
            <tbody>
              {shownItems.map((a) => (
                <tr><td>{a.name}</td><td>{a.credit_code}</td><td>{a.rating ?? "—"}</td><td>{t(`kind_${a.kind}`)}</td>
                  <td>{placeName[a.jurisdiction_id] ?? a.jurisdiction_id}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.next && <button class="secondary" onClick={list.more}>{t("load_more")}</button>}
    </>
  );
}

function Stations({ places }) {
  const t = useT();
  const list = usePages("/stations?limit=100");
  const agencies = useAsync(() => api.get("/agencies?limit=500"));
  const [form, setForm] = useState({ name: "", jurisdiction_id: "", agency_id: "" });
  const [shown, setShown] = useState(null);
  const [error, run] = useAction(() => list.reload());
  const towns = (places.data?.items ?? []).filter((j) => j.level === "town");
  const placeName = Object.fromEntries((places.data?.items ?? []).map((j) => [j.id, j.name]));
  const agencyName = Object.fromEntries((agencies.data?.items ?? []).map((a) => [a.id, a.name]));
  async function add(e) {
    e.preventDefault();
    const body = { name: form.name, jurisdiction_id: Number(form.jurisdiction_id), agency_id: Number(form.agency_id) };
    if (await run(() => api.post("/stations", body))) setForm({ ...form, name: "" });
  }
  return (
    <>
      <form class="card" onSubmit={add} aria-label={t("station_add")}>
        <h2>{t("station_add")}</h2>
        <div class="actions">
          <Field label={t("station_name")} error={error?.fields?.name}>
            <input name="station_name" required value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          </Field>
          <Field label={t("station_town")} error={error?.fields?.jurisdiction_id}>
            <select name="town" required value={form.jurisdiction_id} onChange={(e) => setForm({ ...form, jurisdiction_id: e.currentTarget.value })}>
              <option value="">{t("choose")}</option>
              {towns.map((j) => <option value={j.id}>{j.name}</option>)}
            </select>
          </Field>
          <Field label={t("agency")} error={error?.fields?.agency_id}>
            <select name="agency" required value={form.agency_id} onChange={(e) => setForm({ ...form, agency_id: e.currentTarget.value })}>
              <option value="">{t("choose")}</option>
              {(agencies.data?.items ?? []).map((a) => <option value={a.id}>{a.name}</option>)}
            </select>
          </Field>
        </div>
        <ErrorNote error={error} />
        <button type="submit">{t("station_add")}</button>
      </form>
      {list.error ? <ErrorNote error={list.error} /> : list.items.length === 0 && !list.loading ? <Empty /> : (
        <table>
          <thead><tr><th>{t("station_name")}</th><th>{t("station_town")}</th><th>{t("agency")}</th></tr></thead>
          <tbody>
            {list.items.map((s) => (
              <tr>
                <td><button type="button" class="link" aria-expanded={shown === s.id} onClick={() => setShown(shown === s.id ? null : s.id)}>{s.name}</button></td>
                <td>{placeName[s.jurisdiction_id] ?? s.jurisdiction_id}</td><td>{agencyName[s.agency_id] ?? s.agency_id}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.next && <button class="secondary" onClick={list.more}>{t("load_more")}</button>}
      {shown && <StationHistory id={shown} onHandedOver={list.reload} />}
    </>
  );
}

// Which agencies have run the station, and when: a station passes to another agency when its
// service is tendered again (the hand-over form below, issue #17).
function StationHistory({ id, onHandedOver }) {
  const t = useT();
  const station = useAsync(() => api.get(`/stations/${id}`), [id]);
  return (
    <section class="card">
      <Loading state={station}>
        {(s) => (
          <>
            <h2>{t("station_history", { name: s.name })}</h2>
            <table aria-label={t("station_history", { name: s.name })}>
              <thead><tr><th>{t("agency")}</th><th>{t("station_from")}</th><th>{t("station_to")}</th></tr></thead>
              <tbody>
                {s.agencies.map((a) => <tr><td>{a.name}</td><td>{a.from ?? t("station_from_unknown")}</td><td>{a.to ?? t("station_still")}</td></tr>)}
              </tbody>
            </table>
            <HandOver station={s} onDone={() => (station.reload(), onHandedOver())} />
          </>
        )}
      </Loading>
    </section>
  );
}

// Hand the station to the agency that won the new tender, from a day: each worker in post is
// transferred (service years carry over) or leaves; a worker on notice can only leave. The server
// refuses a list that leaves anyone in post out, naming them.
function HandOver({ station, onDone }) {
  const t = useT();
  const agencies = useAsync(() => api.get("/agencies?limit=500"));
  const people = useAsync(() => api.get(`/employments?station_id=${station.id}&status=current&limit=500`), [station.id]);
  const [form, setForm] = useState({ agency_id: "", from: "" });
  const [actions, setActions] = useState({});
  const [done, setDone] = useState(null);
  const [error, run] = useAction();
  const actionOf = (e) => actions[e.id] ?? (e.status === "notice" ? "end" : "transfer");
  async function submit(ev) {
    ev.preventDefault();
    const workers = (people.data?.items ?? []).map((e) => ({ employment_id: e.id, action: actionOf(e) }));
    let answer = null;
    if (await run(async () => {
      answer = await api.post(`/stations/${station.id}/hand-over`,
        { agency_id: form.agency_id ? Number(form.agency_id) : undefined, from: form.from, workers });
    })) {
      setDone(answer);
      onDone();
    }
  }
  const err = (k) => error?.fields?.[k];
  const others = (agencies.data?.items ?? []).filter((a) => a.id !== station.agency_id);
  return (
    <form class="card" onSubmit={submit}>
      <h3>{t("handover_title")}</h3>
      {done && <p role="status">{t("handover_done", { transferred: done.transferred.length, ended: done.ended.length })}</p>}
      <div class="actions">
        <Field label={t("handover_agency")} error={err("agency_id")}>
          <select value={form.agency_id} onChange={(e) => setForm({ ...form, agency_id: e.currentTarget.value })}>
            <option value="">{t("choose")}</option>
            {others.map((a) => <option value={a.id}>{a.name}</option>)}
          </select>
        </Field>
        <Field label={t("handover_from")} error={err("from")}>
          <DateInput value={form.from} onInput={(e) => setForm({ ...form, from: e.currentTarget.value })} />
        </Field>
      </div>
      <Loading state={people}>
        {(d) => d.items.length === 0 ? <p>{t("handover_nobody")}</p> : (
          <table aria-label={t("handover_workers")}>
            <thead><tr><th>{t("name")}</th><th>{t("status")}</th><th>{t("handover_action")}</th></tr></thead>
            <tbody>
              {d.items.map((e, i) => (
                <tr>
                  <td>{e.person_name}</td><td>{t(`status_${e.status}`)}</td>
                  <td>
                    <select aria-label={t("handover_action_for", { name: e.person_name })} value={actionOf(e)}
                      onChange={(x) => setActions({ ...actions, [e.id]: x.currentTarget.value })}>
                      <option value="transfer" disabled={e.status === "notice"}>{t("handover_transfer")}</option>
                      <option value="end">{t("handover_end")}</option>
                    </select>
                    {(err(`workers[${i}].action`) ?? err(`workers[${i}].employment_id`)) && (
                      <span class="field-error" role="alert">{err(`workers[${i}].action`) ?? err(`workers[${i}].employment_id`)}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loading>
      <ErrorNote error={error} />
      <button type="submit">{t("handover_submit")}</button>
    </form>
  );
}
