// A person's page (issue #16): the whole record of one employment — contract terms, changes of
// station, post and grade, certificates and hours, ratings, payslips, cases, filings — and what an agency does
// with it: transfer or change post or grade, renew the contract, end it (after a question
// naming the consequence), record a certificate or training hours. Each form is keyed by the
// employment, so nothing typed for one person shows on the next.
import { useState } from "preact/hooks";
import { api, query } from "../api.js";
import { parseYuan, todayInChina, yuan } from "../format.js";
import { useT } from "../i18n.js";
import { DateInput, Empty, ErrorNote, Field, Loading, MonthInput, useAction, useAsync, useToast } from "../ui.jsx";
import { PayslipView } from "../worker/screens.jsx";

const END_REASONS = ["contract_expired", "mutual_agreement", "probation_failed", "other"];
const LEVELS = ["assistant", "intermediate", "senior"];

export function PersonPage({ me, id }) {
  const t = useT();
  const emp = useAsync(() => api.get(`/employments/${id}`), [id]);
  // An act files a change with the bureau: the filings are read again after each.
  const [acted, setActed] = useState(0);
  const stations = useAsync(() => api.get("/stations"));
  const stationName = Object.fromEntries((stations.data?.items ?? []).map((s) => [s.id, s.name]));
  const mayAct = me.role === "agency_admin" || me.role === "admin";
  return (
    <section>
      <a href="#staff">{t("back")}</a>
      <Loading state={emp}>
        {(e) => (
          <>
            <h1>{e.person?.name}</h1>
            <dl class="facts">
              <dt>{t("id_number")}</dt><dd translate={false}>{e.person?.id_number}</dd>
              <dt>{t("station")}</dt><dd>{stationName[e.station_id] ?? e.station_name}</dd>
              <dt>{t("post")}</dt><dd>{e.post}</dd>
              <dt>{t("grade")}</dt><dd>{t("grade_n", { n: e.grade })}</dd>
              <dt>{t("status")}</dt><dd>{t(`status_${e.status}`)}</dd>
              <dt>{t("contract")}</dt><dd>{t("contract_term", { from: e.start_date, to: e.end_date ?? t("open_ended") })}</dd>
            </dl>
            <Contracts t={t} e={e} />
            <Assignments t={t} e={e} stationName={stationName} />
            <Certificates key={`c${id}`} personId={e.person_id} mayAct={mayAct} />
            <Ratings id={id} />
            <Payslips id={id} name={e.person?.name} />
            <Deductions key={`d${id}`} id={id} />
            {me.role !== "payroll_officer" && <Cases id={id} />}
            <Filings id={id} acted={acted} />
            {mayAct && !["ended"].includes(e.status) && (
              <Actions key={`a${id}`} e={e} stations={stations.data?.items ?? []} onDone={() => (emp.reload(), setActed((n) => n + 1))} />
            )}
          </>
        )}
      </Loading>
    </section>
  );
}

function Contracts({ t, e }) {
  return (
    <>
      <h2>{t("person_contracts")}</h2>
      <table aria-label={t("person_contracts")}>
        <thead><tr><th>{t("person_term_no")}</th><th>{t("contract")}</th><th>{t("probation_until")}</th></tr></thead>
        <tbody>
          {(e.contracts ?? []).map((c) => (
            <tr><td>{c.seq}</td><td>{t("contract_term", { from: c.start_date, to: c.end_date ?? t("open_ended") })}</td>
              <td>{c.probation_end ?? t("no_probation")}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Assignments({ t, e, stationName }) {
  return (
    <>
      <h2>{t("history")}</h2>
      <table aria-label={t("history")}>
        <thead><tr><th>{t("effective_on")}</th><th>{t("station")}</th><th>{t("post")}</th><th>{t("grade")}</th><th>{t("reason")}</th></tr></thead>
        <tbody>
          {(e.assignments ?? []).map((a) => (
            <tr><td>{a.effective_on}</td><td>{stationName[a.station_id] ?? a.station_id}</td><td>{a.post}</td><td>{a.grade}</td>
              <td>{a.reason_detail ?? a.reason}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Certificates({ personId, mayAct }) {
  const t = useT();
  const certs = useAsync(() => api.get(`/persons/${personId}/certificates`), [personId]);
  const [cert, setCert] = useState({ level: "assistant", number: "", passed_on: "", registered_until: "" });
  const [hours, setHours] = useState({ taken_on: "", hours: "", provider: "" });
  const [error, run] = useAction(() => certs.reload());
  const [toast, setNotice] = useToast();
  const addCert = async (ev) => {
    ev.preventDefault();
    if (await run(() => api.post(`/persons/${personId}/certificates`, cert))) setNotice(t("person_cert_recorded"));
  };
  const addHours = async (ev) => {
    ev.preventDefault();
    if (await run(() => api.post(`/persons/${personId}/education-records`, { ...hours, hours: Number(hours.hours) })))
      setNotice(t("person_hours_recorded", { n: hours.hours }));
  };
  return (
    <>
      <h2>{t("certificates_title")}</h2>
      <Loading state={certs}>
        {(d) => (
          <>
            {d.certificates.length === 0 ? <Empty /> : (
              <table>
                <thead><tr><th>{t("level")}</th><th>{t("cert_number")}</th><th>{t("registered_until")}</th><th>{t("hours")}</th></tr></thead>
                <tbody>
                  {d.certificates.map((c) => (
                    <tr><td>{t(`level_${c.level}`)}</td><td translate={false}>{c.number}</td>
                      <td>{c.registered_until}{!c.valid && `（${t("cert_expired")}）`}</td>
                      <td>{t("hours_of", { earned: c.hours_earned, required: c.hours_required })}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
            {d.education_records.length > 0 && (
              <table aria-label={t("person_hours_records")}>
                <thead><tr><th>{t("person_taken_on")}</th><th>{t("person_hours")}</th><th>{t("person_provider")}</th></tr></thead>
                <tbody>{d.education_records.map((r) => <tr><td>{r.taken_on}</td><td>{r.hours}</td><td>{r.provider}</td></tr>)}</tbody>
              </table>
            )}
          </>
        )}
      </Loading>
      {toast}
      <ErrorNote error={error} />
      {mayAct && (
        <div class="grid2">
          <form class="card" onSubmit={addCert} aria-label={t("person_add_cert")}>
            <h3>{t("person_add_cert")}</h3>
            <Field label={t("cert_level")} error={error?.fields?.level}>
              <select name="level" value={cert.level} onChange={(e) => setCert({ ...cert, level: e.currentTarget.value })}>
                {LEVELS.map((l) => <option value={l}>{t(`level_${l}`)}</option>)}
              </select>
            </Field>
            <Field label={t("cert_number")} error={error?.fields?.number}>
              <input name="number" required value={cert.number} onInput={(e) => setCert({ ...cert, number: e.currentTarget.value })} />
            </Field>
            <Field label={t("passed_on")} error={error?.fields?.passed_on}>
              <DateInput name="passed_on" required value={cert.passed_on} onInput={(e) => setCert({ ...cert, passed_on: e.currentTarget.value })} />
            </Field>
            <Field label={t("registered_until")} error={error?.fields?.registered_until}>
              <DateInput name="registered_until" required value={cert.registered_until}
                         onInput={(e) => setCert({ ...cert, registered_until: e.currentTarget.value })} />
            </Field>
            <button type="submit">{t("person_add_cert")}</button>
          </form>
          <form class="card" onSubmit={addHours} aria-label={t("person_add_hours")}>
            <h3>{t("person_add_hours")}</h3>
            <Field label={t("person_taken_on")} error={error?.fields?.taken_on}>
              <DateInput name="taken_on" required value={hours.taken_on} onInput={(e) => setHours({ ...hours, taken_on: e.currentTarget.value })} />
            </Field>
            <Field label={t("person_hours")} error={error?.fields?.hours}>
              <input name="hours" type="number" min="1" max="200" required value={hours.hours}
                     onInput={(e) => setHours({ ...hours, hours: e.currentTarget.value })} />
            </Field>
            <Field label={t("person_provider")} error={error?.fields?.provider}>
              <input name="provider" required value={hours.provider} onInput={(e) => setHours({ ...hours, provider: e.currentTarget.value })} />
            </Field>
            <button type="submit">{t("person_add_hours")}</button>
          </form>
        </div>
      )}
    </>
  );
}

function Ratings({ id }) {
  const t = useT();
  const ratings = useAsync(() => api.get(`/assessments${query({ employment_id: id })}`), [id]);
  return (
    <>
      <h2>{t("assessments_title")}</h2>
      <Loading state={ratings}>
        {(d) => d.items.length === 0 ? <Empty /> : (
          <table>
            <thead><tr><th>{t("assessment_year")}</th><th>{t("person_rating")}</th></tr></thead>
            <tbody>{d.items.map((a) => <tr><td>{a.year}</td><td>{t(`rating_${a.rating}`)}</td></tr>)}</tbody>
          </table>
        )}
      </Loading>
    </>
  );
}

function Payslips({ id, name }) {
  const t = useT();
  const slips = useAsync(() => api.get(`/employments/${id}/payslips`), [id]);
  const [open, setOpen] = useState(null);
  return (
    <>
      <h2>{t("payslips_title")}</h2>
      <Loading state={slips}>
        {(d) => d.items.length === 0 ? <Empty /> : (
          <>
            <table aria-label={t("payslips_title")}>
              <thead><tr><th>{t("period")}</th><th class="money">{t("gross")}</th><th class="money">{t("net")}</th><th></th></tr></thead>
              <tbody>
                {d.items.map((s) => (
                  <tr><td>{s.period}</td><td class="money">{yuan(s.gross_fen)}</td><td class="money">{yuan(s.net_fen)}</td>
                    <td><button class="link" onClick={() => setOpen(open?.id === s.id ? null : s)}>{t("view")}</button></td></tr>
                ))}
              </tbody>
            </table>
            {open && <PayslipView slip={open} name={name} />}
          </>
        )}
      </Loading>
    </>
  );
}

const CATEGORIES = ["children_education", "infant_care", "elderly_support", "housing_loan", "housing_rent",
  "continuing_education_degree", "continuing_education_certificate"];

// The year's special additional deductions the worker declared to the employer (个人所得税专项附加
// 扣除): shown as stored and replaced as a whole, which is how the server keeps a declaration.
function Deductions({ id }) {
  const t = useT();
  const [year, setYear] = useState(todayInChina().slice(0, 4));
  const stored = useAsync(() => api.get(`/employments/${id}/deductions${query({ year })}`), [id, year]);
  const [rows, setRows] = useState(null);  // being edited: [{category, yuan, from, to}]
  const [toast, say] = useToast();
  const [error, run] = useAction(() => stored.reload());
  const edit = () => setRows((stored.data?.items ?? []).map((i) => ({ ...i, yuan: (i.monthly_fen / 100).toFixed(2) })));
  const set = (i, k, v) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const save = async (ev) => {
    ev.preventDefault();
    const items = rows.map((r) => ({ category: r.category, monthly_fen: parseYuan(r.yuan) ?? -1, from: r.from, to: r.to }));
    if (await run(() => api.put(`/employments/${id}/deductions`, { year: Number(year), items }))) {
      setRows(null);
      say(t("deductions_saved", { year }));
    }
  };
  return (
    <>
      <h2>{t("deductions_title")}</h2>
      {toast}
      <Field label={t("year")}>
        <input type="number" name="deductions_year" min="2000" max="2100" value={year}
               onInput={(e) => (setYear(e.currentTarget.value), setRows(null))} />
      </Field>
      <ErrorNote error={error ?? stored.error} />
      {!rows ? (
        <Loading state={stored}>
          {(d) => (
            <>
              {d.items.length === 0 ? <p class="muted">{t(d.declared ? "deductions_none" : "deductions_undeclared")}</p> : (
                <table aria-label={t("deductions_title")}>
                  <thead><tr><th>{t("deduction_category")}</th><th class="money">{t("deduction_monthly")}</th><th>{t("deduction_months")}</th></tr></thead>
                  <tbody>
                    {d.items.map((i) => (
                      <tr><td>{t(`deduction_${i.category}`)}</td><td class="money">{yuan(i.monthly_fen)}</td><td>{i.from} — {i.to}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
              <button type="button" class="secondary" onClick={edit}>{t("deductions_edit")}</button>
            </>
          )}
        </Loading>
      ) : (
        <form onSubmit={save} aria-label={t("deductions_edit")}>
          {rows.map((r, i) => (
            <fieldset class="card">
              <legend>{t("deduction_item", { n: i + 1 })}</legend>
              <div class="form-grid">
                <Field label={t("deduction_category")} error={error?.fields?.[`items[${i}].category`]}>
                  <select name={`category_${i}`} value={r.category} onChange={(e) => set(i, "category", e.currentTarget.value)}>
                    {CATEGORIES.map((c) => <option value={c}>{t(`deduction_${c}`)}</option>)}
                  </select>
                </Field>
                <Field label={t("deduction_monthly")} error={error?.fields?.[`items[${i}].monthly_fen`]}>
                  <input name={`yuan_${i}`} inputmode="decimal" required value={r.yuan} onInput={(e) => set(i, "yuan", e.currentTarget.value)} />
                </Field>
                <Field label={t("deduction_from")} error={error?.fields?.[`items[${i}].from`]}>
                  <MonthInput name={`from_${i}`} required value={r.from} onInput={(e) => set(i, "from", e.currentTarget.value)} />
                </Field>
                <Field label={t("deduction_to")} error={error?.fields?.[`items[${i}].to`]}>
                  <MonthInput name={`to_${i}`} required value={r.to} onInput={(e) => set(i, "to", e.currentTarget.value)} />
                </Field>
              </div>
              <button type="button" class="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t("deduction_remove")}</button>
            </fieldset>
          ))}
          <div class="actions">
            <button type="button" class="secondary"
                    onClick={() => setRows([...rows, { category: CATEGORIES[0], yuan: "", from: `${year}-01`, to: `${year}-12` }])}>
              {t("deduction_add")}
            </button>
            <button type="submit">{t("deductions_save")}</button>
            <button type="button" class="secondary" onClick={() => setRows(null)}>{t("cancel")}</button>
          </div>
        </form>
      )}
    </>
  );
}

// Misconduct cases about this employment and what was decided (the agency's list, this person's).
function Cases({ id }) {
  const t = useT();
  const cases = useAsync(() => api.get("/misconduct-cases?limit=500"), [id]);
  const mine = (cases.data?.items ?? []).filter((c) => c.employment_id === id);
  return (
    <>
      <h2>{t("person_cases")}</h2>
      <Loading state={cases}>
        {() => mine.length === 0 ? <Empty /> : (
          <table aria-label={t("person_cases")}>
            <thead><tr><th>{t("occurred_on")}</th><th>{t("description")}</th><th>{t("status")}</th></tr></thead>
            <tbody>
              {mine.map((c) => <tr><td>{c.occurred_on}</td><td>{c.description}</td><td>{t(`case_${c.status}`)}</td></tr>)}
            </tbody>
          </table>
        )}
      </Loading>
    </>
  );
}

function Filings({ id, acted }) {
  const t = useT();
  const filings = useAsync(() => api.get(`/filings${query({ employment_id: id })}`), [id, acted]);
  return (
    <>
      <h2>{t("filings_title")}</h2>
      <Loading state={filings}>
        {(d) => d.items.length === 0 ? <Empty /> : (
          <table aria-label={t("filings_title")}>
            <thead><tr><th>{t("filing_kind")}</th><th>{t("event_on")}</th><th>{t("due_on")}</th><th>{t("status")}</th></tr></thead>
            <tbody>
              {d.items.map((f) => (
                <tr><td>{t(`filing_${f.kind}`)}</td><td>{f.event_on}</td><td>{f.due_on}</td>
                  <td>{t(`filing_status_${f.status}`)}{f.decision_reason && `：${f.decision_reason}`}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </Loading>
    </>
  );
}

// The agency's acts on the employment. Ending it is final, so it asks first.
function Actions({ e, stations, onDone }) {
  const t = useT();
  const [change, setChange] = useState({ effective_on: todayInChina(), station_id: "", post: "", grade: "", reason: "" });
  const [renewal, setRenewal] = useState({ end_date: "", open_ended: false });
  const [ending, setEnding] = useState({ last_day: e.end_date ?? todayInChina(), reason: "contract_expired", note: "" });
  const [toast, setNotice] = useToast();
  const [error, run] = useAction(onDone);
  const act = async (ev, path, body, done) => {
    ev.preventDefault();
    setNotice("");
    if (await run(() => api.post(`/employments/${e.id}/${path}`, body))) setNotice(done);
  };
  const changeBody = () => Object.fromEntries(Object.entries({
    effective_on: change.effective_on, station_id: change.station_id ? Number(change.station_id) : undefined,
    post: change.post || undefined, grade: change.grade ? Number(change.grade) : undefined, reason: change.reason || undefined,
  }).filter(([, v]) => v !== undefined));
  // The answer to an ending suggests the Art. 47 severance where the reason may owe it.
  const [severance, setSeverance] = useState(null);
  const endIt = async (ev) => {
    ev.preventDefault();
    if (!window.confirm(t("person_end_confirm", { name: e.person?.name ?? "", date: ending.last_day }))) return;
    let answer = null;
    if (await run(async () => (answer = await api.post(`/employments/${e.id}/end`, {
      last_day: ending.last_day, reason: ending.reason, ...(ending.note ? { note: ending.note } : {}) })))) {
      setNotice(t("person_ended", { date: ending.last_day }));
      setSeverance(answer?.severance ?? null);
    }
  };
  return (
    <>
      <h2>{t("person_actions")}</h2>
      {toast}
      {severance && (
        <p class="card" role="status" data-testid="severance">
          {t("person_severance", { amount: yuan(severance.amount_fen), months: severance.months, average: yuan(severance.monthly_fen) })}
        </p>
      )}
      <ErrorNote error={error} />
      <div class="grid2">
        <form class="card" aria-label={t("person_change")} onSubmit={(ev) => act(ev, "changes", changeBody(), t("person_changed"))}>
          <h3>{t("person_change")}</h3>
          <Field label={t("effective_on")} error={error?.fields?.effective_on}>
            <DateInput name="effective_on" required value={change.effective_on}
                       onInput={(ev) => setChange({ ...change, effective_on: ev.currentTarget.value })} />
          </Field>
          <Field label={t("person_new_station")} error={error?.fields?.station_id}>
            <select name="station_id" value={change.station_id} onChange={(ev) => setChange({ ...change, station_id: ev.currentTarget.value })}>
              <option value="">{t("person_unchanged")}</option>
              {stations.filter((s) => s.id !== e.station_id).map((s) => <option value={s.id}>{s.name}</option>)}
            </select>
          </Field>
          <Field label={t("person_new_post")} error={error?.fields?.post}>
            <input name="post" value={change.post} placeholder={e.post} onInput={(ev) => setChange({ ...change, post: ev.currentTarget.value })} />
          </Field>
          <Field label={t("person_new_grade")} error={error?.fields?.grade}>
            <input name="grade" type="number" min="1" max="11" value={change.grade} placeholder={String(e.grade)}
                   onInput={(ev) => setChange({ ...change, grade: ev.currentTarget.value })} />
          </Field>
          <Field label={t("reason")} error={error?.fields?.reason}>
            <input name="reason" value={change.reason} onInput={(ev) => setChange({ ...change, reason: ev.currentTarget.value })} />
          </Field>
          <button type="submit">{t("person_change")}</button>
        </form>
        {e.end_date && (
          <form class="card" aria-label={t("person_renew")}
                onSubmit={(ev) => act(ev, "renewals", renewal.open_ended ? { open_ended: true } : { end_date: renewal.end_date },
                                      t("person_renewed"))}>
            <h3>{t("person_renew")}</h3>
            <p class="muted">{t("person_renew_from", { date: e.end_date })}</p>
            <label class="check">
              <input type="checkbox" name="open_ended" checked={renewal.open_ended}
                     onChange={(ev) => setRenewal({ ...renewal, open_ended: ev.currentTarget.checked })} />
              {t("open_ended")}
            </label>
            {!renewal.open_ended && (
              <Field label={t("end_date")} error={error?.fields?.end_date}>
                <DateInput name="renew_end_date" required value={renewal.end_date}
                           onInput={(ev) => setRenewal({ ...renewal, end_date: ev.currentTarget.value })} />
              </Field>
            )}
            <button type="submit">{t("person_renew")}</button>
          </form>
        )}
        <form class="card" aria-label={t("person_end")} onSubmit={endIt}>
          <h3>{t("person_end")}</h3>
          <Field label={t("person_last_day")} error={error?.fields?.last_day}>
            <DateInput name="last_day" required value={ending.last_day} onInput={(ev) => setEnding({ ...ending, last_day: ev.currentTarget.value })} />
          </Field>
          <Field label={t("person_end_reason")} error={error?.fields?.reason}>
            <select name="end_reason" value={ending.reason} onChange={(ev) => setEnding({ ...ending, reason: ev.currentTarget.value })}>
              {END_REASONS.map((r) => <option value={r}>{t(`end_reason_${r}`)}</option>)}
            </select>
          </Field>
          <Field label={t("person_note")} error={error?.fields?.note}>
            <input name="note" value={ending.note} onInput={(ev) => setEnding({ ...ending, note: ev.currentTarget.value })} />
          </Field>
          <button type="submit" class="danger">{t("person_end")}</button>
        </form>
      </div>
    </>
  );
}
