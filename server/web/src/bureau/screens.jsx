// A bureau officer's work: the filing queue, station compliance over the jurisdiction tree,
// misconduct cases and the blacklist, sanctions on agencies, turnover and the automatic flags,
// and approved pay against the funding standard.
import { useState } from "preact/hooks";
import { api, download, query } from "../api.js";
import { monthOf, parseYuan, previousMonth, todayInChina, yuan } from "../format.js";
import { useT } from "../i18n.js";
import { FilingTable, SanctionTable } from "../agency/pay.jsx";
import { RULES } from "./contracts.jsx";
import { DateInput, Empty, ErrorNote, Field, Loading, MonthInput, Tree, useAction, useAsync, useNames, usePages, usePlace, useToast } from "../ui.jsx";

export function FilingQueue() {
  const t = useT();
  const [overdue, setOverdue] = useState(false);
  const names = useNames();
  // Every page of the queue, not just the first 200 (issue #16: 204 pending showed as 200).
  const queue = usePages(`/filings${query({ status: "pending", overdue: overdue ? "true" : "", limit: 200 })}`, [overdue]);
  const [selected, setSelected] = useState(new Set());
  const [rejecting, setRejecting] = useState(null);
  const [reason, setReason] = useState("");
  const [done, setDone] = useToast();
  const [error, run] = useAction(() => (setSelected(new Set()), queue.reload()));
  const toggle = (id) => setSelected((s) => { const n = new Set(s); n.has(id) ? n.delete(id) : n.add(id); return n; });
  const all = queue.items.length > 0 && queue.items.every((f) => selected.has(f.id));
  const acceptSelected = () => {
    const ids = [...selected];
    // Accepting files the change with the bureau for good: say so before, and what happened after.
    if (!window.confirm(t("accept_selected_confirm", { n: ids.length }))) return;
    run(async () => {
      const r = await api.post("/filings/accept", { ids });
      setDone(t("accept_selected_done", { n: r.accepted.length, skipped: r.already_decided.length }));
    });
  };
  return (
    <section>
      <h1>{t("queue_title")}</h1>
      <label class="check"><input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} />
        {" "}{t("only_overdue")}</label>
      <p class="muted" role="status">{t(queue.next ? "queue_count_more" : "queue_count", { n: queue.items.length })}</p>
      {done}
      <ErrorNote error={error ?? queue.error} />
      {queue.items.length === 0 && !queue.loading ? <Empty /> : (
        <>
          <div class="actions">
            <label class="check"><input type="checkbox" checked={all}
              onChange={() => setSelected(all ? new Set() : new Set(queue.items.map((f) => f.id)))} />{" "}{t("select_all")}</label>
            <button type="button" disabled={selected.size === 0} onClick={acceptSelected}>
              {t("accept_selected", { n: selected.size })}</button>
          </div>
          <FilingTable items={queue.items} names={names.data} selected={selected} onToggle={toggle} actions={(f) =>
            rejecting === f.id ? (
              <form class="inline" onSubmit={(e) => (e.preventDefault(),
                run(() => api.post(`/filings/${f.id}/reject`, { reason })).then((ok) => ok && (setRejecting(null), setReason(""))))}>
                <Field label={t("reject_reason")} error={error?.fields?.reason}>
                  <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
                </Field>
                <button type="submit">{t("reject")}</button>
                <button type="button" class="secondary" onClick={() => setRejecting(null)}>{t("cancel")}</button>
              </form>
            ) : (
              <div class="actions">
                <button onClick={() => run(() => api.post(`/filings/${f.id}/accept`))}
                        aria-label={t("accept_filing", { name: names.data?.[f.employment_id] ?? f.employment_id })}>{t("accept")}</button>
                <button class="secondary" onClick={() => setRejecting(f.id)}>{t("reject")}</button>
              </div>
            )} />
          {queue.next && <button class="secondary" onClick={queue.more}>{t("load_more")}</button>}
        </>
      )}
    </section>
  );
}

// A compliance finding in the reader's language, from the figures in the server's message.
function violationText(t, v) {
  const numbers = v.message.match(/\d+(?:\.\d+)?/g) ?? [];
  const [a, b] = numbers;
  if (v.code === "qualified_ratio_low") {  // "2 of 3 qualified (66.66 %); at least 2/3 required"
    const [q, n, pct, num, den] = numbers;
    return t("violation_qualified_ratio_low", { q, n, pct, num, den });
  }
  if (v.code === "education_below_minimum") {
    const edu = /\((\w+)\)/.exec(v.message)?.[1];
    return t("violation_education_below_minimum", { a, b: edu ? t(`edu_${edu}`) : "" });
  }
  return t(`violation_${v.code}`, { a, b });
}

// The jurisdiction tree, as nested lists; choosing a place shows its stations' compliance.
export function Compliance({ me }) {
  const t = useT();
  const places = useAsync(() => api.get("/jurisdictions?limit=500"));
  const [chosen, setChosen] = useState(me.jurisdiction_id);
  const report = useAsync(() => (chosen ? api.get(`/jurisdictions/${chosen}/compliance`) : Promise.resolve(null)), [chosen]);
  const nodes = places.data?.items ?? [];
  const ids = new Set(nodes.map((n) => n.id));
  const roots = nodes.filter((n) => !ids.has(n.parent_id));
  return (
    <section>
      <h1>{t("compliance_title")}</h1>
      <div class="split">
        <nav class="card" aria-label={t("jurisdictions")}>
          <Tree nodes={nodes} items={roots} chosen={chosen} onChoose={setChosen} />
        </nav>
        <div>
          <Loading state={report}>
            {(d) => !d ? null : (
              <>
                <p class="headline">{t("compliance_summary", { ok: d.stations_meeting_minimums, n: d.stations, headcount: d.headcount, certified: d.certified })}</p>
                {d.coverage && d.coverage.towns > 0 && (
                  <p>{t("coverage_summary", { covered: d.coverage.covered, towns: d.coverage.towns, pct: d.coverage.coverage_pct })}
                    {d.coverage.uncovered > 0 && <> {t("uncovered_towns", { names: d.towns.filter((x) => x.stations === 0).map((x) => x.name).join("、") })}</>}
                  </p>
                )}
                {d.items.length === 0 ? <Empty /> : (
                  <table>
                    <thead><tr><th>{t("station")}</th><th>{t("headcount")}</th><th>{t("certified")}</th><th>{t("qualified_ratio")}</th><th>{t("findings")}</th></tr></thead>
                    <tbody>
                      {d.items.map((s) => (
                        <tr class={s.meets_minimums ? "" : "bad"}>
                          <td>{s.name}</td><td>{s.headcount}</td><td>{s.certified}</td><td>{s.qualified_ratio_pct}%</td>
                          <td>{s.meets_minimums ? t("meets_minimums") : (
                            <ul class="plain">{s.violations.map((v) => <li>{violationText(t, v)}</li>)}</ul>
                          )}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
          </Loading>
        </div>
      </div>
    </section>
  );
}

export function Cases({ args }) {
  const t = useT();
  const [status, setStatus] = useState("open");
  // Coming back from a case reloads both: its decision may have changed them.
  const cases = useAsync(() => api.get(`/misconduct-cases${query({ status, limit: 200 })}`), [status, args[0]]);
  const entries = useAsync(() => api.get("/blacklist?limit=200"), [args[0]]);
  // Keyed by the case: a form typed for one case never shows in the next (issue #16).
  if (args[0]) return <CaseDetail key={args[0]} id={args[0]} />;
  return (
    <section>
      <h1>{t("cases_title")}</h1>
      <Field label={t("status")}>
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          {["open", "listed", "dismissed", ""].map((s) => <option value={s}>{s ? t(`case_${s}`) : t("all")}</option>)}
        </select>
      </Field>
      <Loading state={cases}>
        {(d) =>
          d.items.length === 0 ? <Empty /> : (
            <table>
              <thead><tr><th>{t("name")}</th><th>{t("case_kind")}</th><th>{t("occurred_on")}</th><th>{t("status")}</th><th></th></tr></thead>
              <tbody>
                {d.items.map((c) => (
                  <tr>
                    <td>{c.person.name}</td><td>{t(`case_kind_${c.kind}`)}</td><td>{c.occurred_on}</td>
                    <td>{t(`case_${c.status}`)}{c.appeal.status && ` · ${t(`appeal_${c.appeal.status}`)}`}</td>
                    <td><a href={`#cases/${c.id}`}>{t("open")}</a></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loading>
      <h2>{t("blacklist_title")}</h2>
      <Loading state={entries}>
        {(d) => (d.items.length === 0 ? <Empty /> : <EntryTable items={d.items} reload={entries.reload} />)}
      </Loading>
    </section>
  );
}

function EntryTable({ items, reload }) {
  const t = useT();
  const [lifting, setLifting] = useState(null);
  const [reason, setReason] = useState("");
  const [error, run] = useAction(reload);
  const [toast, say] = useToast();
  return (
    <>
      {toast}
      <ErrorNote error={error} />
      <table>
        <thead><tr><th>{t("name")}</th><th>{t("id_number")}</th><th>{t("listed_on")}</th><th>{t("ends_on")}</th><th>{t("reason")}</th><th></th></tr></thead>
        <tbody>
          {items.map((b) => (
            <tr>
              <td>{b.name ?? "—"}</td><td>{b.id_number}</td><td>{b.listed_on}</td>
              <td>{b.lifted_on ? t("lifted_on", { date: b.lifted_on }) : b.ends_on}</td><td>{b.reason}</td>
              <td>{b.in_force && (lifting === b.id ? (
                <form class="inline" onSubmit={(e) => (e.preventDefault(), window.confirm(t("confirm_lift", { name: b.name ?? b.id_number })) &&
                  run(() => api.post(`/blacklist/${b.id}/lift`, { reason, lifted_on: todayInChina() }))
                    .then((ok) => ok && (setLifting(null), say(t("toast_lifted", { name: b.name ?? b.id_number })))))}>
                  <Field label={t("lift_reason")} error={error?.fields?.reason}><input value={reason} onInput={(e) => setReason(e.currentTarget.value)} /></Field>
                  <button type="submit">{t("lift")}</button>
                </form>
              ) : <button class="secondary" onClick={() => setLifting(b.id)}>{t("lift")}</button>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function CaseDetail({ id }) {
  const t = useT();
  const c = useAsync(() => api.get(`/misconduct-cases/${id}`), [id]);
  const [form, setForm] = useState({ reason: "", listed_on: todayInChina(), years: "" });
  const [error, run] = useAction(() => c.reload());
  const [toast, say] = useToast();
  // Each decision is final: the question names its consequence first, and a toast says it is done.
  const decide = async (path, body, question) =>
    window.confirm(question) && (await run(() => api.post(`/misconduct-cases/${id}/${path}`, body))) && say(t("toast_case_decided"));
  return (
    <section>
      {toast}
      <a href="#cases">{t("back")}</a>
      <Loading state={c}>
        {(x) => (
          <>
            <h1>{t("case_title", { name: x.person.name })} · {t(`case_${x.status}`)}</h1>
            <dl class="facts card">
              <dt>{t("case_kind")}</dt><dd>{t(`case_kind_${x.kind}`)}{x.category && ` · ${t(`category_${x.category}`)}`}</dd>
              <dt>{t("occurred_on")}</dt><dd>{x.occurred_on}</dd>
              <dt>{t("description")}</dt><dd>{x.description}</dd>
              <dt>{t("evidence")}</dt><dd>{x.evidence ?? "—"}</dd>
              {x.decision_reason && <><dt>{t("decision")}</dt><dd>{`${x.decided_on}：${x.decision_reason}`}</dd></>}
              {x.blacklist_entry && <><dt>{t("blacklist_entry")}</dt>
                <dd>{t("entry_term", { from: x.blacklist_entry.listed_on, to: x.blacklist_entry.lifted_on ?? x.blacklist_entry.ends_on })}</dd></>}
              {x.appeal.status && <><dt>{t("appeal")}</dt><dd>{`${t(`appeal_${x.appeal.status}`)}：${x.appeal.note}`}
                {x.appeal.decision_reason && ` → ${x.appeal.decision_reason}`}</dd></>}
            </dl>
            <ErrorNote error={error} />
            {x.status === "open" && (
              <form class="card" onSubmit={(e) => e.preventDefault()}>
                <Field label={t("decision_reason")} error={error?.fields?.reason}>
                  <textarea rows="2" value={form.reason} onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} />
                </Field>
                <div class="form-grid">
                  <Field label={t("listed_on")} error={error?.fields?.listed_on}>
                    <DateInput value={form.listed_on} onInput={(e) => setForm({ ...form, listed_on: e.currentTarget.value })} />
                  </Field>
                  <Field label={t("years")} error={error?.fields?.years} hint={t("years_hint")}>
                    <input type="number" min="1" max="50" value={form.years} onInput={(e) => setForm({ ...form, years: e.currentTarget.value })} />
                  </Field>
                </div>
                <div class="actions">
                  <button type="button" onClick={() => decide("list", { reason: form.reason || undefined, listed_on: form.listed_on,
                                                                        years: form.years ? Number(form.years) : undefined },
                                                              t("confirm_list", { name: x.person.name }))}>{t("list_person")}</button>
                  <button type="button" class="secondary"
                          onClick={() => decide("dismiss", { reason: form.reason }, t("confirm_dismiss"))}>{t("dismiss")}</button>
                </div>
              </form>
            )}
            {x.appeal.status === "pending" && (
              <form class="card" onSubmit={(e) => e.preventDefault()}>
                <Field label={t("appeal_decision_reason")} error={error?.fields?.reason}>
                  <textarea rows="2" value={form.reason} onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} />
                </Field>
                <div class="actions">
                  <button type="button" onClick={() => decide("appeal/decision", { outcome: "upheld", reason: form.reason },
                                                              t("confirm_uphold", { name: x.person.name }))}>{t("uphold")}</button>
                  <button type="button" class="secondary" onClick={() => decide("appeal/decision", { outcome: "rejected", reason: form.reason },
                                                                                t("confirm_reject_appeal"))}>{t("reject_appeal")}</button>
                </div>
              </form>
            )}
          </>
        )}
      </Loading>
    </section>
  );
}

// A fund recovery is recorded on the agency's purchase contract it takes funds back from (issue
// #17): the clerk picks the contract, the rule broken and the decision's reference.
export function AgencySanctions() {
  const t = useT();
  const agencies = useAsync(() => api.get("/agencies?limit=500"));
  const [agency, setAgency] = useState("");
  const chosen = agency || agencies.data?.items?.[0]?.id;
  const list = useAsync(() => (chosen ? api.get(`/agencies/${chosen}/sanctions`) : Promise.resolve(null)), [chosen]);
  const contracts = useAsync(() => (chosen ? api.get(`/purchase-contracts?agency_id=${chosen}&limit=200`) : Promise.resolve(null)),
    [chosen]);
  const blank = { kind: "yellow_card", reason: "", amount: "", contract_id: "", rule: RULES[0], basis: "", reference: "" };
  const [form, setForm] = useState(blank);
  const [error, run] = useAction(() => list.reload());
  const [toast, say] = useToast();
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const contractList = contracts.data?.items ?? [];
  const contractId = form.contract_id || contractList[0]?.id;
  async function issue(e) {
    e.preventDefault();
    const body = { kind: form.kind, reason: form.reason };
    if (form.kind === "fund_recovery")
      Object.assign(body, { contract_id: contractId ? Number(contractId) : undefined, amount_fen: parseYuan(form.amount) ?? -1,
        rule: form.rule, basis: form.basis || undefined, reference: form.reference });
    if (!chosen) return;  // the agency list has not arrived: nothing to sanction yet
    if (await run(() => api.post(`/agencies/${chosen}/sanctions`, body))) {
      setForm({ ...blank, kind: form.kind });
      say(t("toast_sanction_issued"));
    }
  }
  return (
    <section>
      <h1>{t("sanctions_title")}</h1>
      {toast}
      <Field label={t("agency")}>
        <select value={chosen} onChange={(e) => (setAgency(e.currentTarget.value), setForm({ ...form, contract_id: "" }))}>
          {(agencies.data?.items ?? []).map((a) => <option value={a.id}>{a.name}</option>)}
        </select>
      </Field>
      <form class="card" onSubmit={issue}>
        <div class="form-grid">
          <Field label={t("sanction_kind")} error={error?.fields?.kind}>
            <select value={form.kind} onChange={set("kind")}>
              <option value="yellow_card">{t("sanction_yellow_card")}</option>
              <option value="fund_recovery">{t("sanction_fund_recovery")}</option>
            </select>
          </Field>
          {form.kind === "fund_recovery" && (
            <>
              <Field label={t("sanction_contract")} error={error?.fields?.contract_id}>
                {contractList.length === 0 ? <p class="hint">{t("sanction_no_contract")}</p> : (
                  <select value={contractId} onChange={set("contract_id")}>
                    {contractList.map((c) => (
                      <option value={c.id}>{c.reference ?? `#${c.id}`}（{c.start_date} – {c.end_date}）</option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t("amount_yuan")} error={error?.fields?.amount_fen}>
                <input inputmode="decimal" value={form.amount} onInput={set("amount")} />
              </Field>
              <Field label={t("pc_rule")} error={error?.fields?.rule}>
                <select value={form.rule} onChange={set("rule")}>
                  {RULES.map((v) => <option value={v}>{t(`pc_rule_${v}`)}</option>)}
                </select>
              </Field>
              <Field label={t("pc_basis")} error={error?.fields?.basis}>
                <input value={form.basis} onInput={set("basis")} />
              </Field>
              <Field label={t("pc_decision_ref")} error={error?.fields?.reference}>
                <input value={form.reference} onInput={set("reference")} />
              </Field>
            </>
          )}
        </div>
        <Field label={t("reason")} error={error?.fields?.reason}>
          <textarea rows="2" value={form.reason} onInput={set("reason")} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" disabled={!chosen}>{t("issue_sanction")}</button>
      </form>
      <Loading state={list}>{(d) => (!d ? null : d.items.length === 0 ? <Empty /> : <SanctionTable items={d.items} />)}</Loading>
    </section>
  );
}

export function Turnover() {
  const t = useT();
  const [year, setYear] = useState(todayInChina().slice(0, 4));
  const [by, setBy] = useState("agency");
  const report = useAsync(() => api.get(`/reports/staffing${query({ year, by })}`), [year, by]);
  const flags = useAsync(() => api.get(`/flags${query({ year })}`), [year]);
  const [notes, setNotes] = useState({});
  const [error, run] = useAction(() => flags.reload());
  const file = (format) => download(`/reports/staffing${query({ year, by, format })}`, `staffing-${year}-${by}.${format}`);
  const rows = report.data?.rows ?? [];
  const max = Math.max(1, ...rows.map((r) => Number(r.turnover_pct ?? 0)));
  return (
    <section>
      <h1>{t("turnover_title")}</h1>
      <div class="actions">
        <Field label={t("year")}><input type="number" min="2000" max="2100" value={year} onInput={(e) => setYear(e.currentTarget.value)} /></Field>
        <Field label={t("group_by")}>
          <select value={by} onChange={(e) => setBy(e.currentTarget.value)}>
            {["agency", "station", "jurisdiction"].map((b) => <option value={b}>{t(`by_${b}`)}</option>)}
          </select>
        </Field>
        <button class="secondary" onClick={() => file("xlsx")}>{t("export_xlsx")}</button>
        <button class="secondary" onClick={() => file("csv")}>{t("export_csv")}</button>
      </div>
      <Loading state={report}>
        {(d) => rows.length === 0 ? <Empty /> : (
          <>
            <figure class="card">
              <figcaption>{t("turnover_chart", { from: d.from, to: d.to })}</figcaption>
              <div class="bars" role="list">
                {rows.map((r) => (
                  <div class="bar" role="listitem" aria-label={`${r.name}: ${r.turnover_pct ?? "—"}%`}>
                    <span>{r.name}</span>
                    <span class="track"><span class="fill" style={{ width: `${(Number(r.turnover_pct ?? 0) / max) * 100}%` }} /></span>
                    <span class="money">{r.turnover_pct === null ? "—" : `${r.turnover_pct}%`}</span>
                  </div>
                ))}
              </div>
            </figure>
            <div class="table-wrap" tabIndex={0}>
              <table>
                <thead><tr><th>{t("row_name")}</th><th>{t("hires")}</th><th>{t("leavers")}</th><th>{t("average_headcount")}</th>
                  <th>{t("turnover_pct")}</th><th>{t("vacancies")}</th><th>{t("days_to_fill")}</th><th>{t("cases")}</th></tr></thead>
                <tbody>
                  {[...rows, { ...d.total, name: t("total") }].map((r) => (
                    <tr>
                      <td>{r.name}</td><td>{r.hires}</td><td>{r.leavers}</td><td>{r.average_headcount}</td>
                      <td>{r.turnover_pct ?? "—"}</td><td>{`${r.vacancies_filled} / ${r.vacancies}`}</td>
                      <td>{r.average_days_to_fill ?? "—"}</td><td>{r.cases}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loading>
      <h2>{t("flags_title")}</h2>
      <ErrorNote error={error} />
      <Loading state={flags}>
        {(d) => d.items.length === 0 ? <Empty /> : (
          <ul class="cards">
            {d.items.map((f) => (
              <li class={`card${f.review ? "" : " warn"}`}>
                <h3>{t(`flag_${f.kind}`)} · {f.name}</h3>
                <p>{t(`flag_${f.kind}_detail`, f.details)}</p>
                {f.review ? <p class="muted">{t("reviewed", { date: f.review.reviewed_on, note: f.review.note })}</p> : (
                  <form onSubmit={(e) => (e.preventDefault(), run(() => api.post("/flags/review", { key: f.key, year: Number(year), note: notes[f.key] ?? "" })))}>
                    <Field label={t("review_note")}>
                      <input value={notes[f.key] ?? ""} onInput={(e) => setNotes({ ...notes, [f.key]: e.currentTarget.value })} />
                    </Field>
                    <button type="submit">{t("mark_reviewed")}</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loading>
    </section>
  );
}

// Approved pay in the bureau's area for a month against the funding standard (issue #11), and the
// workbook for the finance office (issue #14).
export function Funding({ me }) {
  const t = useT();
  const [period, setPeriod] = useState(previousMonth(monthOf(todayInChina())));
  const [shown, setShown] = useState(period);
  const agencies = useAsync(() => api.get("/agencies?limit=500"));
  const [, area, placeSelect] = usePlace(me);
  const summary = useAsync(() => (area ? api.get(`/jurisdictions/${area}/funding${query({ period: shown })}`) : Promise.resolve(null)),
                           [shown, area]);
  const [error, perform] = useAction();
  const names = Object.fromEntries((agencies.data?.items ?? []).map((a) => [a.id, a.name]));
  const workbook = () => perform(() => download(`/jurisdictions/${area}/funding${query({ period: shown, format: "xlsx" })}`,
                                                `funding-${shown}.xlsx`));
  return (
    <section>
      <h1>{t("funding_title")}</h1>
      <form class="actions" onSubmit={(e) => (e.preventDefault(), setShown(period))}>
        {placeSelect}
        <Field label={t("period")} error={summary.error?.fields?.period}>
          <MonthInput name="period" value={period} onInput={(e) => setPeriod(e.currentTarget.value)} />
        </Field>
        <button type="submit">{t("search")}</button>
        <button type="button" class="secondary" onClick={workbook}>{t("export_xlsx")}</button>
      </form>
      <ErrorNote error={error} />
      <Loading state={summary}>
        {(d) => !d ? null : (
          <>
            <p class="headline">{t("funding_summary", { period: d.period, workers: d.workers, gross: yuan(d.gross_fen),
                                                         labour: yuan(d.labour_cost_fen), budget: yuan(d.budget_fen) })}</p>
            <p>{t("funding_split", { province: yuan(d.province_fen), province_pct: d.province_share_pct ?? "—",
                                     local: yuan(d.local_fen), local_pct: d.local_share_pct ?? "—" })}</p>
            {d.over_budget_fen > 0 && <p class="warn">{t("funding_over", { over: yuan(d.over_budget_fen) })}</p>}
            {d.agencies.length === 0 ? <Empty /> : (
              <table>
                <thead><tr><th>{t("agency")}</th><th>{t("workers")}</th><th>{t("gross")}</th><th>{t("labour_cost")}</th><th>{t("budget")}</th></tr></thead>
                <tbody>
                  {d.agencies.map((a) => (
                    <tr>
                      <td>{names[a.agency_id] ?? a.agency_id}</td><td>{a.workers}</td><td class="money">{yuan(a.gross_fen)}</td>
                      <td class="money">{yuan(a.labour_cost_fen)}</td><td class="money">{yuan(a.budget_fen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Loading>
    </section>
  );
}
