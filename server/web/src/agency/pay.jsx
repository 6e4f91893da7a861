// An agency's pay work: annual assessments, the increments preview and apply, payroll runs with
// live progress, review, approval by a second administrator, payslips and the bank file.
import { useEffect, useState } from "preact/hooks";
import { api, download, query } from "../api.js";
import { monthOf, previousMonth, todayInChina, yuan } from "../format.js";
import { useT } from "../i18n.js";
import { PayslipView } from "../worker/screens.jsx";
import { DateInput, Empty, ErrorNote, Field, Loading, MonthInput, useAction, useAsync, useNames, useSort, useToast } from "../ui.jsx";

const RATINGS = ["excellent", "competent", "basic", "incompetent"];

export function Assessments() {
  const t = useT();
  const [year, setYear] = useState(String(Number(todayInChina().slice(0, 4)) - 1));
  const staff = useAsync(() => api.get("/employments?status=current&limit=500"));
  const rated = useAsync(() => api.get(`/assessments${query({ year })}`), [year]);
  const [error, run] = useAction(() => rated.reload());
  const [toast, say] = useToast();
  // Many at once (issue #16): tick the unrated, choose one rating, record them in one request.
  const [chosen, setChosen] = useState(new Set());
  const [bulkRating, setBulkRating] = useState("competent");
  const rate = (employmentId, rating) =>
    run(() => api.post("/assessments", { employment_id: employmentId, year: Number(year), rating }));
  const ratingOf = Object.fromEntries((rated.data?.items ?? []).map((a) => [a.employment_id, a.rating]));
  const unrated = (staff.data?.items ?? []).filter((e) => !ratingOf[e.id]);
  const toggle = (id) => setChosen((c) => {
    const n = new Set(c);
    n.has(id) ? n.delete(id) : n.add(id);
    return n;
  });
  const rateChosen = async () => {
    const ids = unrated.filter((e) => chosen.has(e.id)).map((e) => e.id);
    if (!window.confirm(t("rate_many_confirm", { n: ids.length, year, rating: t(`rating_${bulkRating}`) }))) return;
    let answer = null;
    if (await run(async () => (answer = await api.post("/assessments/bulk", {
      year: Number(year), ratings: ids.map((id) => ({ employment_id: id, rating: bulkRating })) })))) {
      setChosen(new Set());
      say(t("rate_many_done", { n: answer.rated.length, already: answer.already_rated.length }));
    }
  };
  return (
    <section>
      <h1>{t("assessments_title")}</h1>
      <Field label={t("year")}>
        <input type="number" name="year" min="2000" max="2100" value={year}
               onInput={(e) => (setYear(e.currentTarget.value), setChosen(new Set()))} />
      </Field>
      <ErrorNote error={error} />
      {toast}
      <Loading state={staff}>
        {(d) =>
          d.items.length === 0 ? <Empty /> : (
            <>
              {unrated.length > 0 && (
                <div class="actions">
                  <button type="button" class="secondary" onClick={() => setChosen(new Set(unrated.map((e) => e.id)))}>
                    {t("select_all_unrated", { n: unrated.length })}
                  </button>
                  <Field label={t("rate_chosen_as")}>
                    <select name="bulk_rating" value={bulkRating} onChange={(e) => setBulkRating(e.currentTarget.value)}>
                      {RATINGS.map((r) => <option value={r}>{t(`rating_${r}`)}</option>)}
                    </select>
                  </Field>
                  <button type="button" disabled={chosen.size === 0} onClick={rateChosen}>{t("rate_chosen", { n: chosen.size })}</button>
                </div>
              )}
              <table>
                <thead><tr><th>{t("choose")}</th><th>{t("name")}</th><th>{t("grade")}</th><th>{t("rating")}</th></tr></thead>
                <tbody>
                  {d.items.map((e) => (
                    <tr>
                      <td>{!ratingOf[e.id] && (
                        <input type="checkbox" aria-label={t("choose_person", { name: e.person_name })} checked={chosen.has(e.id)}
                               onChange={() => toggle(e.id)} />
                      )}</td>
                      <td>{e.person_name}</td><td>{e.grade}</td>
                      <td>
                        {ratingOf[e.id] ? t(`rating_${ratingOf[e.id]}`) : (
                          <select aria-label={t("rating_for", { name: e.person_name })} value=""
                                  onChange={(x) => rate(e.id, x.currentTarget.value)}>
                            <option value="">{t("choose")}</option>
                            {RATINGS.map((r) => <option value={r}>{t(`rating_${r}`)}</option>)}
                          </select>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </Loading>
    </section>
  );
}

export function Increments({ me }) {
  const t = useT();
  const names = useNames();
  const [form, setForm] = useState({ year: String(Number(todayInChina().slice(0, 4)) - 1), effective_on: `${todayInChina().slice(0, 4)}-01-01` });
  const [result, setResult] = useState(null);
  const [error, run] = useAction();
  const send = (dryRun) =>
    run(async () => setResult(await api.post("/increments", { agency_id: me.agency_id, year: Number(form.year),
                                                               effective_on: form.effective_on, dry_run: dryRun })));
  return (
    <section>
      <h1>{t("increments_title")}</h1>
      <p class="muted">{t("increments_explain")}</p>
      <div class="form-grid">
        <Field label={t("assessment_year")} error={error?.fields?.year}>
          <input type="number" name="year" value={form.year} onInput={(e) => setForm({ ...form, year: e.currentTarget.value })} />
        </Field>
        <Field label={t("effective_on")} error={error?.fields?.effective_on}>
          <DateInput name="effective_on" value={form.effective_on} onInput={(e) => setForm({ ...form, effective_on: e.currentTarget.value })} />
        </Field>
      </div>
      <div class="actions">
        <button onClick={() => send(true)}>{t("preview")}</button>
        <button class="secondary" disabled={!result?.dry_run || result.already_applied} onClick={() => send(false)}>{t("apply")}</button>
      </div>
      <ErrorNote error={error} />
      {result && (
        <div class="card" role="status">
          <p>{result.already_applied ? t("increments_already") : result.dry_run ? t("increments_preview_note") : t("increments_applied")}</p>
          <table>
            <thead><tr><th>{t("name")}</th><th>{t("grade_before")}</th><th>{t("grade_after")}</th><th>{t("reason")}</th></tr></thead>
            <tbody>
              {result.changes.map((c) => (
                <tr class={c.changed ? "changed" : ""}>
                  <td>{names.data?.[c.employment_id] ?? c.employment_id}</td><td>{c.grade_before}</td><td>{c.grade_after}</td>
                  <td>{c.reason_detail || c.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RunStatus({ run }) {
  const t = useT();
  return <span class={`status status-${run.status}`}>{t(`run_${run.status}`)}</span>;
}

export function Payroll({ me, args }) {
  const t = useT();
  const runs = useAsync(() => api.get(`/payroll-runs${query({ agency_id: me.agency_id })}`), [args[0]]);
  const [period, setPeriod] = useState(monthOf(todayInChina()));
  const [error, run] = useAction();
  function create(e) {
    e.preventDefault();
    run(async () => (location.hash = `payroll/${(await api.post("/payroll-runs", { agency_id: me.agency_id, period })).id}`));
  }
  if (args[0]) return <Run id={args[0]} me={me} />;
  return (
    <section>
      <h1>{t("payroll_title")}</h1>
      <form class="actions card" onSubmit={create}>
        <Field label={t("period")} error={error?.fields?.period} hint={t("period_hint", { last: previousMonth(monthOf(todayInChina())) })}>
          <MonthInput name="period" value={period} onInput={(e) => setPeriod(e.currentTarget.value)} />
        </Field>
        <button type="submit">{t("run_create")}</button>
      </form>
      <ErrorNote error={error} />
      <MonthlyFiles me={me} />
      <Loading state={runs}>
        {(d) =>
          d.items.length === 0 ? <Empty /> : (
            <table>
              <thead><tr><th>{t("period")}</th><th>{t("kind")}</th><th>{t("status")}</th><th>{t("payslip_count")}</th><th>{t("net_total")}</th><th></th></tr></thead>
              <tbody>
                {d.items.map((r) => (
                  <tr>
                    <td>{r.period}</td><td>{t(`run_kind_${r.kind}`)}</td><td><RunStatus run={r} /></td>
                    <td>{r.totals?.payslips ?? "—"}</td><td class="money">{yuan(r.totals?.net_fen)}</td>
                    <td><a href={`#payroll/${r.id}`}>{t("open")}</a></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loading>
    </section>
  );
}

// What an agency files each month outside a run (issue #14): social-insurance and housing-fund
// joiners and leavers, the fund's remittance list; and the bank-file layout its bank demands.
function MonthlyFiles({ me }) {
  const t = useT();
  const [period, setPeriod] = useState(previousMonth(monthOf(todayInChina())));
  const agency = useAsync(() => api.get(`/agencies/${me.agency_id}`), [me.agency_id]);
  const templates = useAsync(() => (me.role === "agency_admin" ? api.get("/bank-templates") : Promise.resolve(null)));
  const [chosen, setChosen] = useState(null);
  const [saved, setSaved] = useState(false);
  const [error, perform] = useAction();
  const file = (path, name) => perform(() => download(`/agencies/${me.agency_id}/exports/${path}${query({ period })}`, `${name}-${period}.xlsx`));
  const current = chosen ?? agency.data?.bank_template ?? "";
  async function saveTemplate(e) {
    e.preventDefault();
    setSaved(false);
    setSaved(await perform(() => api.put(`/agencies/${me.agency_id}/bank-template`, { bank_template: current })));
  }
  return (
    <details class="card">
      <summary>{t("monthly_files")}</summary>
      <div class="actions">
        <Field label={t("period")} error={error?.fields?.period}>
          <MonthInput name="files_period" value={period} onInput={(e) => setPeriod(e.currentTarget.value)} />
        </Field>
        <button class="secondary" onClick={() => file("si-changes.xlsx", "si-changes")}>{t("export_si_changes")}</button>
        <button class="secondary" onClick={() => file("hf-remittance.xlsx", "hf-remittance")}>{t("export_hf_remittance")}</button>
      </div>
      {me.role === "agency_admin" && templates.data && (
        <form class="actions" onSubmit={saveTemplate}>
          <Field label={t("bank_template_default")} error={error?.fields?.bank_template}>
            <select name="bank_template" value={current} onChange={(e) => (setChosen(e.currentTarget.value), setSaved(false))}>
              {templates.data.items.map((x) => <option value={x.id}>{x.name}</option>)}
            </select>
          </Field>
          <button type="submit">{t("save")}</button>
          {saved && <span role="status">{t("saved")}</span>}
        </form>
      )}
      <ErrorNote error={error} />
    </details>
  );
}

function Run({ id, me }) {
  const t = useT();
  const [run, setRun] = useState(null);
  const [error, setError] = useState(null);
  const [slip, setSlip] = useState(null);
  const names = useNames();
  const slips = useAsync(() => (run && run.status !== "computing" ? api.get(`/payroll-runs/${id}/payslips?limit=500`) : Promise.resolve(null)),
                         [id, run?.status]);
  // Poll while a background run computes, so the clerk watches its progress.
  useEffect(() => {
    let stop = false;
    let timer;
    async function tick() {
      try {
        const r = await api.get(`/payroll-runs/${id}`);
        if (stop) return;
        setRun(r);
        if (r.status === "computing") timer = setTimeout(tick, 700);
      } catch (x) {
        setError(x);
      }
    }
    tick();
    return () => ((stop = true), clearTimeout(timer));
  }, [id]);
  const [actionError, perform] = useAction();
  const [toast, say] = useToast();
  // What each act did is said once it is done (issue #16).
  const act = async (path, question) => {
    if (question && !window.confirm(question)) return;
    let after = null;
    if (await perform(async () => setRun((after = await api.post(`/payroll-runs/${id}/${path}`)))))
      say(t(`toast_run_${path}`, { period: after.period }));
  };
  // Who may approve: an agency admin other than whoever made the run, confirmed by the bureau.
  const mayApprove = me.role === "agency_admin" && me.confirmed !== false && run?.created_by !== me.id;
  const templates = useAsync(() => (me.role === "agency_admin" ? api.get("/bank-templates") : Promise.resolve(null)));
  const [template, setTemplate] = useState("");
  const bankFile = () => perform(() => download(`/payroll-runs/${id}/bank-file${query({ template })}`, `bank-${run.period}.csv`));
  // The files filed after an approved run (issue #14): the register, the tax client's imports.
  const exportFile = (path, name) => perform(() => download(`/payroll-runs/${id}/exports/${path}`, `${name}-${run.period}.xlsx`));
  if (!run) return <p class="muted">{t("loading")}</p>;
  if (slip) return (<><button class="link" onClick={() => setSlip(null)}>{t("back")}</button><PayslipView slip={slip} name={names.data?.[slip.employment_id]} /></>);
  return (
    <section>
      <a href="#payroll">{t("back")}</a>
      <h1>{t("run_title", { period: run.period })} <RunStatus run={run} /></h1>
      {run.status === "computing" && (
        <div class="card" role="status">
          <label for="progress">{t("run_progress", { done: run.progress.done, total: run.progress.total })}</label>
          <progress id="progress" max="100" value={run.progress.percent}>{run.progress.percent}%</progress>
        </div>
      )}
      {run.error && <p class="error">{run.error}</p>}
      {run.totals && (
        <dl class="facts card">
          <dt>{t("payslip_count")}</dt><dd>{run.totals.payslips}</dd>
          <dt>{t("gross_total")}</dt><dd class="money">{yuan(run.totals.gross_fen)}</dd>
          <dt>{t("insurance_total")}</dt><dd class="money">{yuan(run.totals.insurance_fen)}</dd>
          <dt>{t("iit_total")}</dt><dd class="money">{yuan(run.totals.iit_fen)}</dd>
          <dt>{t("net_total")}</dt><dd class="money" data-testid="run-net">{yuan(run.totals.net_fen)}</dd>
        </dl>
      )}
      <div class="actions">
        {run.status === "draft" && mayApprove && (
          <button onClick={() => act("approve", t("approve_confirm", { period: run.period, net: yuan(run.totals?.net_fen) }))}>{t("approve")}</button>
        )}
        {run.status === "draft" && <button class="secondary" onClick={() => act("recompute")}>{t("recompute")}</button>}
        {run.status === "approved" && me.role === "agency_admin" && (
          <button class="secondary" onClick={() => act("paid", t("paid_confirm", { period: run.period }))}>{t("mark_paid")}</button>
        )}
      </div>
      {(run.status === "approved" || run.status === "paid") && (
        <div class="actions card" aria-label={t("run_files")}>
          {me.role === "agency_admin" && (
            <>
              <Field label={t("bank_template")}>
                <select name="template" value={template} onChange={(e) => setTemplate(e.currentTarget.value)}>
                  <option value="">{t("bank_template_agency")}</option>
                  {(templates.data?.items ?? []).map((x) => <option value={x.id}>{x.name}</option>)}
                </select>
              </Field>
              <button onClick={bankFile}>{t("bank_file")}</button>
            </>
          )}
          <button class="secondary" onClick={() => exportFile("register", "payroll-register")}>{t("export_register")}</button>
          <button class="secondary" onClick={() => exportFile("iit-declaration.xlsx", "iit-declaration")}>{t("export_iit")}</button>
          <button class="secondary" onClick={() => exportFile("person-registration.xlsx", "person-registration")}>{t("export_person_registration")}</button>
        </div>
      )}
      {run.status === "draft" && <p class="muted">{t("four_eyes_note")}</p>}
      {toast}
      <ErrorNote error={actionError ?? error} />
      <Loading state={slips}>
        {(d) =>
          !d ? null : d.items.length === 0 ? <Empty /> : (
            <Register items={d.items} names={names.data} totals={run.totals} onView={setSlip} />
          )
        }
      </Loading>
    </section>
  );
}

// The register table, sortable by name and by each amount (issue #16).
function Register({ items, names, totals, onView }) {
  const t = useT();
  const [rows, th] = useSort(items, {
    name: (s) => names?.[s.employment_id] ?? "", paid_days: (s) => s.paid_days,
    ...Object.fromEntries(REGISTER.map(([key, amount]) => [key, amount])),
  });
  return (
    <div class="table-wrap" tabIndex={0}>
      <table aria-label={t("register")}>
        <thead>
          <tr>{th("name", t("name"))}{th("paid_days", t("paid_days"), "money")}
            {REGISTER.map(([key]) => th(key, t(key), "money"))}<th></th></tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr>
              <td>{names?.[s.employment_id] ?? s.employment_id}</td><td class="money">{s.paid_days}</td>
              {REGISTER.map(([, amount]) => <td class="money">{yuan(amount(s))}</td>)}
              <td><button class="link" onClick={() => onView(s)}>{t("view")}</button></td>
            </tr>
          ))}
        </tbody>
        {totals && (
          <tfoot>
            <tr><th scope="row">{t("total")}</th><td></td>
              {REGISTER.map(([, , total]) => <td class="money">{yuan(total(totals))}</td>)}<td></td></tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

// The register a clerk checks before approving: each payslip's amounts, and the run's totals.
const REGISTER = [
  ["gross", (s) => s.gross_fen, (x) => x.gross_fen],
  ["register_insurance", (s) => s.pension_fen + s.medical_fen + s.unemployment_fen + s.housing_fund_fen, (x) => x.insurance_fen],
  ["iit", (s) => s.iit_fen, (x) => x.iit_fen],
  ["net", (s) => s.net_fen, (x) => x.net_fen],
  ["register_employer", (s) => s.employer_total_fen, (x) => x.employer_total_fen],
  ["register_labour_cost", (s) => s.labour_cost_fen, (x) => x.labour_cost_fen],
];

export function Filings() {
  const t = useT();
  const names = useNames();
  const filings = useAsync(() => api.get("/filings?limit=200"));
  return (
    <section>
      <h1>{t("filings_title")}</h1>
      <Loading state={filings}>
        {(d) => (d.items.length === 0 ? <Empty /> : <FilingTable items={d.items} names={names.data} />)}
      </Loading>
    </section>
  );
}

// `selected`/`onToggle`: a first column of checkboxes, for acting on many at once.
export function FilingTable({ items, names, actions, selected, onToggle }) {
  const t = useT();
  return (
    <div class="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>{onToggle && <th><span class="visually-hidden">{t("select")}</span></th>}<th>{t("filing_kind")}</th><th>{t("name")}</th><th>{t("event_on")}</th><th>{t("due_on")}</th>
            <th>{t("status")}</th>{actions && <th></th>}</tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr>
              {onToggle && (
                <td><input type="checkbox" checked={selected.has(f.id)} onChange={() => onToggle(f.id)}
                           aria-label={t("select_filing", { name: names?.[f.employment_id] ?? f.employment_id })} /></td>
              )}
              <td>{t(`filing_${f.kind}`)}</td><td>{names?.[f.employment_id] ?? f.employment_id}</td><td>{f.event_on}</td>
              <td>{f.due_on}{f.late && <span class="warn-text">{` ${t("late")}`}</span>}</td>
              <td>{t(`filing_status_${f.status}`)}{f.decision_reason && `：${f.decision_reason}`}</td>
              {actions && <td>{actions(f)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Sanctions({ me }) {
  const t = useT();
  const list = useAsync(() => api.get(`/agencies/${me.agency_id}/sanctions`));
  return (
    <section>
      <h1>{t("sanctions_title")}</h1>
      <Loading state={list}>{(d) => (d.items.length === 0 ? <Empty /> : <SanctionTable items={d.items} />)}</Loading>
    </section>
  );
}

export function SanctionTable({ items }) {
  const t = useT();
  return (
    <table>
      <thead><tr><th>{t("issued_on")}</th><th>{t("sanction_kind")}</th><th>{t("amount")}</th><th>{t("reason")}</th><th>{t("sanction_contract")}</th>
        <th>{t("pc_rule")}</th><th>{t("pc_decision_ref")}</th></tr></thead>
      <tbody>
        {items.map((s) => (
          <tr>
            <td>{s.issued_on}</td><td>{t(`sanction_${s.kind}`)}</td><td class="money">{s.amount_fen === null ? "—" : yuan(s.amount_fen)}</td>
            <td>{s.reason}</td><td translate={false}>{s.contract ?? (s.contract_id ? `#${s.contract_id}` : "—")}</td>
            <td>{s.rule ? t(`pc_rule_${s.rule}`) : "—"}</td><td translate={false}>{s.reference ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
