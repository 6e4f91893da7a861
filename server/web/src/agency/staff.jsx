// An agency's people: the staff list with filters and search, the hire form (the server's
// reasons beside the fields), and the CSV import with its dry-run report.
import { useState } from "preact/hooks";
import { api, download, query } from "../api.js";
import { todayInChina } from "../format.js";
import { useT } from "../i18n.js";
import { DateInput, Empty, ErrorNote, Field, useAction, useAsync, usePages, useSort } from "../ui.jsx";
import { PersonPage } from "./person.jsx";

export function Staff({ me, args }) {
  // #staff/<employment id>: that person's page.
  if (args?.[0]) return <PersonPage me={me} id={Number(args[0])} />;
  return <StaffList me={me} />;
}

function StaffList({ me }) {
  const t = useT();
  const [exportError, perform] = useAction();
  const roster = () => perform(() => download(`/agencies/${me.agency_id}/exports/roster`, "roster.xlsx"));
  const [filter, setFilter] = useState({ status: "current", q: "", station_id: "" });
  const [applied, setApplied] = useState(filter);
  const stations = useAsync(() => api.get("/stations"));
  // A page of 100 at a time (issue #16: 208 staff made one 8,858-pixel page), with the count so far.
  const staff = usePages(`/employments${query({ ...applied, limit: 100 })}`, [applied]);
  const stationName = Object.fromEntries((stations.data?.items ?? []).map((s) => [s.id, s.name]));
  // Sorting orders the rows loaded so far (a page of 100 at a time).
  const [rows, th] = useSort(staff.items, {
    name: (e) => e.person_name, station: (e) => stationName[e.station_id] ?? "", post: (e) => e.post, grade: (e) => e.grade,
    status: (e) => t(`status_${e.status}`), start: (e) => e.start_date, end: (e) => e.ended_on ?? e.end_date ?? "9999",
  });
  return (
    <section>
      <h1>{t("staff_title")}</h1>
      <form class="actions" role="search" onSubmit={(e) => (e.preventDefault(), setApplied(filter))}>
        <Field label={t("search_label")}>
          <input type="search" name="q" value={filter.q} placeholder={t("search_placeholder")}
                 onInput={(e) => setFilter({ ...filter, q: e.currentTarget.value })} />
        </Field>
        <Field label={t("status")}>
          <select name="status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.currentTarget.value })}>
            {["current", "probation", "active", "notice", "expired", "ended"].map((s) => <option value={s}>{t(`status_${s}`)}</option>)}
            <option value="">{t("all")}</option>
          </select>
        </Field>
        <Field label={t("station")}>
          <select name="station_id" value={filter.station_id} onChange={(e) => setFilter({ ...filter, station_id: e.currentTarget.value })}>
            <option value="">{t("all")}</option>
            {(stations.data?.items ?? []).map((s) => <option value={s.id}>{s.name}</option>)}
          </select>
        </Field>
        <button type="submit">{t("search")}</button>
        <button type="button" class="secondary" onClick={roster}>{t("export_roster")}</button>
      </form>
      <ErrorNote error={exportError ?? staff.error} />
      {staff.items.length === 0 && !staff.loading ? <Empty /> : (
        <>
          <p class="muted" role="status">{t(staff.next ? "staff_count_more" : "staff_count", { n: staff.items.length })}</p>
          <div class="table-wrap" tabIndex={0}>
            <table aria-label={t("staff_title")}>
              <thead>
                <tr>{th("name", t("name"))}{th("station", t("station"))}{th("post", t("post"))}{th("grade", t("grade"))}
                  {th("status", t("status"))}{th("start", t("start_date"))}{th("end", t("end_date"))}</tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr>
                    <td><a href={`#staff/${e.id}`}>{e.person_name}</a></td><td>{stationName[e.station_id] ?? e.station_id}</td><td>{e.post}</td><td>{e.grade}</td>
                    <td>{t(`status_${e.status}`)}</td><td>{e.start_date}</td><td>{e.ended_on ?? e.end_date ?? t("open_ended")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {staff.next && <button class="secondary" onClick={staff.more}>{t("load_more")}</button>}
        </>
      )}
    </section>
  );
}

const EDUCATION = ["secondary", "college", "bachelor", "master", "doctorate"];

export function Hire({ me }) {
  const t = useT();
  const stations = useAsync(() => api.get("/stations"));
  const scales = useAsync(() => api.get("/salary-scales"));
  const empty = {
    name: "", id_number: "", education: "college", social_work_major: true, phone: "", bank_account: "",
    station_id: "", post: "S3", grade: "1", grade_reason: "", start_date: todayInChina(), end_date: "",
    probation_months: "0", cert_level: "", cert_number: "", cert_passed_on: "", cert_registered_until: "",
  };
  const [f, setF] = useState(empty);
  const [error, run] = useAction();
  const [hired, setHired] = useState(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.type === "checkbox" ? e.currentTarget.checked : e.currentTarget.value });
  const posts = scales.data?.items?.[scales.data.items.length - 1]?.posts ?? [];
  const err = (field) => error?.fields?.[field];
  function submit(e) {
    e.preventDefault();
    setHired(null);
    const body = {
      person: { name: f.name, id_number: f.id_number, education: f.education, social_work_major: f.social_work_major,
                phone: f.phone || undefined, bank_account: f.bank_account || undefined },
      station_id: Number(f.station_id || stations.data?.items?.[0]?.id), post: f.post, grade: Number(f.grade),
      start_date: f.start_date, end_date: f.end_date || null, probation_months: Number(f.probation_months),
    };
    if (f.grade_reason) body.grade_reason = f.grade_reason;
    if (f.cert_level)
      body.certificates = [{ level: f.cert_level, number: f.cert_number, passed_on: f.cert_passed_on, registered_until: f.cert_registered_until }];
    run(async () => {
      setHired(await api.post("/employments", body));
      setF(empty);
    });
  }
  return (
    <section>
      <h1>{t("hire_title")}</h1>
      {hired && <p class="card ok" role="status">{t("hired_ok", { id: hired.id, grade: hired.grade })}</p>}
      <form onSubmit={submit} noValidate>
        <fieldset class="card">
          <legend>{t("person")}</legend>
          <div class="form-grid">
            <Field label={t("name")} error={err("person.name")}><input name="name" value={f.name} onInput={set("name")} /></Field>
            <Field label={t("id_number")} error={err("person.id_number")}>
              <input name="id_number" value={f.id_number} onInput={set("id_number")} autocomplete="off" />
            </Field>
            <Field label={t("education")} error={err("person.education")}>
              <select name="education" value={f.education} onChange={set("education")}>
                {EDUCATION.map((x) => <option value={x}>{t(`edu_${x}`)}</option>)}
              </select>
            </Field>
            <Field label={t("phone")} error={err("person.phone")}><input name="phone" value={f.phone} onInput={set("phone")} /></Field>
            <Field label={t("bank_account")} error={err("person.bank_account")}>
              <input name="bank_account" value={f.bank_account} onInput={set("bank_account")} autocomplete="off" />
            </Field>
            <div class="field check">
              <label><input type="checkbox" name="social_work_major" checked={f.social_work_major} onChange={set("social_work_major")} />
                {" "}{t("social_work_major")}</label>
            </div>
          </div>
        </fieldset>
        <fieldset class="card">
          <legend>{t("post_and_contract")}</legend>
          <div class="form-grid">
            <Field label={t("station")} error={err("station_id")}>
              <select name="station_id" value={f.station_id || stations.data?.items?.[0]?.id} onChange={set("station_id")}>
                {(stations.data?.items ?? []).map((s) => <option value={s.id}>{s.name}</option>)}
              </select>
            </Field>
            <Field label={t("post")} error={err("post")}>
              <select name="post" value={f.post} onChange={set("post")}>
                {posts.map((p) => <option value={p.code}>{`${p.code} ${p.name}`}</option>)}
              </select>
            </Field>
            <Field label={t("grade")} error={err("grade")}>
              <input name="grade" type="number" min="1" max="11" value={f.grade} onInput={set("grade")} />
            </Field>
            <Field label={t("grade_reason")} error={err("grade_reason")} hint={t("grade_reason_hint")}>
              <input name="grade_reason" value={f.grade_reason} onInput={set("grade_reason")} />
            </Field>
            <Field label={t("start_date")} error={err("start_date")}>
              <DateInput name="start_date" value={f.start_date} onInput={set("start_date")} />
            </Field>
            <Field label={t("end_date")} error={err("end_date")} hint={t("end_date_hint")}>
              <DateInput name="end_date" value={f.end_date} onInput={set("end_date")} />
            </Field>
            <Field label={t("probation_months")} error={err("probation_months")}>
              <input name="probation_months" type="number" min="0" max="6" value={f.probation_months} onInput={set("probation_months")} />
            </Field>
          </div>
        </fieldset>
        <fieldset class="card">
          <legend>{t("certificate_optional")}</legend>
          <div class="form-grid">
            <Field label={t("cert_level")} error={err("certificates[0].level")}>
              <select name="cert_level" value={f.cert_level} onChange={set("cert_level")}>
                <option value="">{t("none")}</option>
                {["assistant", "intermediate", "senior"].map((l) => <option value={l}>{t(`level_${l}`)}</option>)}
              </select>
            </Field>
            <Field label={t("cert_number")} error={err("certificates[0].number")}>
              <input name="cert_number" value={f.cert_number} onInput={set("cert_number")} />
            </Field>
            <Field label={t("passed_on")} error={err("certificates[0].passed_on")}>
              <DateInput name="cert_passed_on" value={f.cert_passed_on} onInput={set("cert_passed_on")} />
            </Field>
            <Field label={t("registered_until")} error={err("certificates[0].registered_until")}>
              <DateInput name="cert_registered_until" value={f.cert_registered_until} onInput={set("cert_registered_until")} />
            </Field>
          </div>
        </fieldset>
        <ErrorNote error={error} />
        {error?.fields && Object.keys(error.fields).length > 0 && (
          <ul class="error-list">
            {Object.entries(error.fields).map(([k, v]) => <li>{`${t.field(k)}：${v}`}</li>)}
          </ul>
        )}
        <button type="submit">{t("hire_submit")}</button>
      </form>
    </section>
  );
}

export function Import({ me }) {
  const t = useT();
  const [text, setText] = useState("");
  const [report, setReport] = useState(null);
  const [error, run] = useAction();
  const send = (dryRun) =>
    run(async () => setReport(await api.post(`/agencies/${me.agency_id}/staff-import${dryRun ? "?dry_run=true" : ""}`, text)));
  async function readFile(e) {
    const file = e.currentTarget.files[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    // The server reads UTF-8 or GBK; the browser hands us text, so decode what Excel saved.
    let decoded;
    try {
      decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      decoded = new TextDecoder("gb18030").decode(bytes);
    }
    setText(decoded);
    setReport(null);
  }
  return (
    <section>
      <h1>{t("import_title")}</h1>
      <p class="muted">{t("import_explain")}</p>
      <Field label={t("import_file")}><input type="file" accept=".csv,text/csv" onChange={readFile} /></Field>
      <Field label={t("import_text")}>
        <textarea name="csv" rows="8" value={text} onInput={(e) => (setText(e.currentTarget.value), setReport(null))} />
      </Field>
      <div class="actions">
        <button onClick={() => send(true)} disabled={!text}>{t("import_check")}</button>
        <button class="secondary" onClick={() => send(false)} disabled={!report || !report.dry_run || report.problems.length > 0}>
          {t("import_commit")}
        </button>
      </div>
      <ErrorNote error={error} />
      {report && (
        <div class={`card${report.problems.length ? " warn" : " ok"}`} role="status">
          <p>{report.dry_run ? t("import_report", { rows: report.rows, valid: report.valid_rows })
                             : t("import_done", { n: (report.created ?? []).length })}</p>
          {report.problems.length > 0 && (
            <table>
              <thead><tr><th>{t("line")}</th><th>{t("field")}</th><th>{t("problem")}</th></tr></thead>
              <tbody>
                {report.problems.map((p) => <tr><td>{p.line}</td><td>{t.lang === "zh" ? p.column : p.field}</td><td>{p.detail || p.message}</td></tr>)}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
