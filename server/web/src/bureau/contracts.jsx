// Purchase contracts (issue #17): the bureau records the contract that buys a station's service,
// starts, ends, terminates and renews it, records its evaluations and money, and reads its year's
// statement; an agency reads its own.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { parseYuan, todayInChina, yuan } from "../format.js";
import { useT } from "../i18n.js";
import { DateInput, Empty, ErrorNote, Field, Loading, useAction, useAsync, usePlace, useToast } from "../ui.jsx";

const SOURCES = ["central", "province", "city", "county", "town", "local", "other"];
const SCHEDULES = ["monthly", "quarterly", "half_yearly", "yearly"];
export const RULES = ["late_filings", "understaffed", "unfilled_posts", "failed_evaluation", "misuse_of_funds", "other"];

export function Contracts({ me }) {
  const t = useT();
  const keeper = me.role === "bureau" || me.role === "admin";
  const list = useAsync(() => api.get("/purchase-contracts?limit=200"));
  const [open, setOpen] = useState(null);
  const [adding, setAdding] = useState(false);
  const [schemes, setSchemes] = useState(false);
  if (open) return <ContractPage id={open} keeper={keeper} onBack={() => (setOpen(null), list.reload())} />;
  return (
    <section>
      <h1>{t("pc_title")}</h1>
      {keeper && !adding && !schemes && (
        <p class="actions">
          <button type="button" onClick={() => setAdding(true)}>{t("pc_new")}</button>
          <button type="button" class="secondary" onClick={() => setSchemes(true)}>{t("ps_open")}</button>
        </p>
      )}
      {schemes && <SchemeEditor me={me} onDone={() => setSchemes(false)} />}
      {adding && <NewContract onDone={(id) => (setAdding(false), id ? setOpen(id) : list.reload())} />}
      <Loading state={list}>
        {(d) => d.items.length === 0 ? <Empty /> : (
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t("pc_title")}>
            <table aria-label={t("pc_title")}>
              <thead><tr><th>{t("pc_reference")}</th><th>{t("agency")}</th><th>{t("pc_term")}</th><th>{t("pc_posts")}</th>
                <th>{t("status")}</th><th></th></tr></thead>
              <tbody>
                {d.items.map((c) => (
                  <tr>
                    <td translate={false}>{c.reference ?? "—"}</td><td translate={false}>{c.agency_name}</td>
                    <td>{c.start_date} – {c.end_date}</td><td>{c.funded_posts}</td><td>{t(`pc_status_${c.status}`)}</td>
                    <td><button type="button" class="secondary" onClick={() => setOpen(c.id)}
                      aria-label={t("pc_open", { ref: c.reference ?? c.id })}>{t("open")}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loading>
    </section>
  );
}

function NewContract({ onDone }) {
  const t = useT();
  const agencies = useAsync(() => api.get("/agencies?limit=500"));
  const stations = useAsync(() => api.get("/stations?limit=500"));
  const [f, setF] = useState({ agency_id: "", station_id: "", funded_posts: "", start_date: "", end_date: "", standard: "",
                               schedule: "", reference: "" });
  const [sources, setSources] = useState([{ source: "province", pct: "" }, { source: "local", pct: "" }]);
  const [error, run] = useAction();
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const err = (k) => error?.fields?.[k];
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const c = await api.post("/purchase-contracts", {
        agency_id: Number(f.agency_id) || null, start_date: f.start_date, end_date: f.end_date,
        annual_standard_fen: parseYuan(f.standard), schedule: f.schedule || undefined, reference: f.reference || undefined,
        stations: [{ station_id: Number(f.station_id) || null, funded_posts: Number(f.funded_posts) || null }],
        sources: sources.filter((s) => s.pct !== "").map((s) => ({ source: s.source, pct: Number(s.pct) })),
      });
      onDone(c.id);
    });
  };
  const ofAgency = (stations.data?.items ?? []).filter((s) => String(s.agency_id) === f.agency_id);
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t("pc_new")}</h2>
      <ErrorNote error={error} />
      <Field label={t("agency")} error={err("agency_id")}>
        <select value={f.agency_id} onChange={set("agency_id")}>
          <option value="">—</option>
          {(agencies.data?.items ?? []).map((a) => <option value={a.id}>{a.name}</option>)}
        </select>
      </Field>
      <Field label={t("station")} error={err("stations[0].station_id") ?? err("stations")}>
        <select value={f.station_id} onChange={set("station_id")}>
          <option value="">—</option>
          {ofAgency.map((s) => <option value={s.id}>{s.name}</option>)}
        </select>
      </Field>
      <Field label={t("pc_posts")} error={err("stations[0].funded_posts")}>
        <input inputMode="numeric" value={f.funded_posts} onInput={set("funded_posts")} />
      </Field>
      <Field label={t("pc_start")} error={err("start_date")}><DateInput value={f.start_date} onInput={set("start_date")} /></Field>
      <Field label={t("pc_end")} error={err("end_date")}><DateInput value={f.end_date} onInput={set("end_date")} /></Field>
      <Field label={t("pc_standard")} error={err("annual_standard_fen")} hint={t("pc_standard_hint")}>
        <input inputMode="decimal" value={f.standard} onInput={set("standard")} />
      </Field>
      <fieldset>
        <legend>{t("pc_sources")}</legend>
        {err("sources") && <p class="field-error" role="alert">{err("sources")}</p>}
        {sources.map((s, i) => (
          <div class="actions">
            <Field label={t("pc_source")}>
              <select value={s.source} onChange={(e) => setSources(sources.map((x, j) => j === i ? { ...x, source: e.currentTarget.value } : x))}>
                {SOURCES.map((v) => <option value={v}>{t(`pc_source_${v}`)}</option>)}
              </select>
            </Field>
            <Field label={t("pc_pct")} error={err(`sources[${i}].pct`)}>
              <input inputMode="numeric" value={s.pct} onInput={(e) => setSources(sources.map((x, j) => j === i ? { ...x, pct: e.currentTarget.value } : x))} />
            </Field>
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => setSources([...sources, { source: "city", pct: "" }])}>{t("pc_add_source")}</button>
      </fieldset>
      <Field label={t("pc_schedule")} error={err("schedule")}>
        <select value={f.schedule} onChange={set("schedule")}>
          <option value="">{t("pc_schedule_none")}</option>
          {SCHEDULES.map((v) => <option value={v}>{t(`pc_schedule_${v}`)}</option>)}
        </select>
      </Field>
      <Field label={t("pc_reference")} error={err("reference")}><input value={f.reference} onInput={set("reference")} /></Field>
      <div class="actions">
        <button type="submit">{t("pc_record")}</button>
        <button type="button" class="secondary" onClick={() => onDone(null)}>{t("cancel")}</button>
      </div>
    </form>
  );
}

function ContractPage({ id, keeper, onBack }) {
  const t = useT();
  const contract = useAsync(() => api.get(`/purchase-contracts/${id}`), [id]);
  const [year, setYear] = useState(Number(todayInChina().slice(0, 4)));
  const statement = useAsync(() => api.get(`/purchase-contracts/${id}/statement?year=${year}`), [id, year]);
  const [done, say] = useToast();
  const reload = () => (contract.reload(), statement.reload());
  const [error, run] = useAction(reload);
  const act = (path, body, message) => run(async () => (await api.post(`/purchase-contracts/${id}/${path}`, body), say(message)));
  const [ending, setEnding] = useState({ on: "", reason: "" });
  return (
    <section>
      <p><button type="button" class="secondary" onClick={onBack}>{t("back")}</button></p>
      <Loading state={contract}>
        {(c) => (
          <>
            <h1>{t("pc_heading", { ref: c.reference ?? c.id })}</h1>
            <p class="headline"><span translate={false}>{c.agency_name}</span> · {c.start_date} – {c.end_date} ·{" "}
              {t(`pc_status_${c.status}`)}{c.ended_on ? ` · ${t("pc_ended_on", { date: c.ended_on })}` : ""}</p>
            <p>{t("pc_money_line", { standard: yuan(c.annual_standard_fen), posts: c.funded_posts,
                                     sources: c.sources.map((s) => `${t(`pc_source_${s.source}`)} ${s.pct}%`).join("，"),
                                     schedule: c.schedule ? t(`pc_schedule_${c.schedule}`) : t("pc_schedule_none") })}</p>
            <table aria-label={t("pc_stations")}>
              <thead><tr><th>{t("station")}</th><th>{t("pc_posts")}</th><th>{t("pc_covered")}</th></tr></thead>
              <tbody>{c.stations.map((s) => <tr><td translate={false}>{s.name}</td><td>{s.funded_posts}</td><td>{s.from} – {s.to}</td></tr>)}</tbody>
            </table>
            {done}
            <ErrorNote error={error} />
            {keeper && (
              <div class="actions">
                {c.status === "signed" && <button type="button" onClick={() => act("activate", {}, t("pc_activated"))}>{t("pc_activate")}</button>}
                {c.status === "active" && <button type="button" onClick={() => act("end", {}, t("pc_ended"))}>{t("pc_end_action")}</button>}
                {(c.status === "active" || c.status === "ended") &&
                  <button type="button" class="secondary" onClick={() => act("renew", {}, t("pc_renewed"))}>{t("pc_renew")}</button>}
              </div>
            )}
            {keeper && (c.status === "signed" || c.status === "active") && (
              <form class="actions" onSubmit={(e) => (e.preventDefault(), act("terminate", ending, t("pc_terminated")))}>
                <Field label={t("pc_terminate_on")} error={error?.fields?.on}>
                  <DateInput value={ending.on} onInput={(e) => setEnding({ ...ending, on: e.currentTarget.value })} />
                </Field>
                <Field label={t("pc_terminate_reason")} error={error?.fields?.reason}>
                  <input value={ending.reason} onInput={(e) => setEnding({ ...ending, reason: e.currentTarget.value })} />
                </Field>
                <button type="submit" class="danger">{t("pc_terminate")}</button>
              </form>
            )}
            <Evaluations contract={c} keeper={keeper} act={act} error={error} />
          </>
        )}
      </Loading>
      <h2>{t("pc_statement")}</h2>
      <Field label={t("year")}>
        <input inputMode="numeric" value={year} onInput={(e) => setYear(Number(e.currentTarget.value) || year)} />
      </Field>
      <Loading state={statement}>{(s) => <Statement s={s} />}</Loading>
      {keeper && contract.data && <MoneyForms contract={contract.data} act={act} error={error} />}
    </section>
  );
}

function Statement({ s }) {
  const t = useT();
  return (
    <>
      <p class="headline">{t("pc_statement_line", { due: yuan(s.due_fen), factor: s.funding_factor, disbursed: yuan(s.disbursed_fen),
                                                    recovered: yuan(s.recovered_fen), labour: yuan(s.labour_cost_fen),
                                                    balance: yuan(s.balance_fen) })}</p>
      <table aria-label={t("pc_by_source")}>
        <thead><tr><th>{t("pc_source")}</th><th>{t("pc_pct")}</th><th>{t("pc_due")}</th><th>{t("pc_disbursed")}</th><th>{t("pc_recovered")}</th></tr></thead>
        <tbody>{s.sources.map((x) => (
          <tr><td>{t(`pc_source_${x.source}`)}</td><td>{x.pct}</td><td class="money">{yuan(x.due_fen)}</td>
            <td class="money">{yuan(x.disbursed_fen)}</td><td class="money">{yuan(x.recovered_fen)}</td></tr>))}</tbody>
      </table>
      {s.installments.length > 0 && (
        <table aria-label={t("pc_installments")}>
          <thead><tr><th>{t("pc_due_on")}</th><th>{t("pc_covered")}</th><th>{t("pc_due")}</th><th>{t("pc_disbursed")}</th></tr></thead>
          <tbody>{s.installments.map((i) => (
            <tr><td>{i.due_on}</td><td>{i.from} – {i.to}</td><td class="money">{yuan(i.due_fen)}</td><td class="money">{yuan(i.disbursed_fen)}</td></tr>))}</tbody>
        </table>
      )}
    </>
  );
}

function Evaluations({ contract, keeper, act, error }) {
  const t = useT();
  const scheme = useAsync(() => keeper ? api.get(`/jurisdictions/${contract.jurisdiction_id}/evaluation-scheme`).catch(() => null)
                                       : Promise.resolve(null), [contract.id]);
  const [year, setYear] = useState(String(Number(todayInChina().slice(0, 4)) - 1));
  const [scores, setScores] = useState({});
  return (
    <>
      <h2>{t("pc_evaluations")}</h2>
      {contract.evaluations.length === 0 ? <Empty /> : (
        <table aria-label={t("pc_evaluations")}>
          <thead><tr><th>{t("year")}</th><th>{t("pc_score")}</th><th>{t("pc_outcome")}</th><th>{t("pc_tier")}</th><th></th></tr></thead>
          <tbody>{contract.evaluations.map((e) => (
            <tr><td>{e.year}</td><td>{e.score}</td><td>{t(`pc_outcome_${e.outcome}`)}</td>
              <td>{e.tier ? `${e.tier}（×${e.funding_factor}）` : "—"}</td>
              <td>{e.proposal === "proposed" && keeper ? (
                <div class="actions">
                  <button type="button" class="danger" onClick={() => act(`evaluations/${e.year}/proposal`,
                    { decision: "confirm", reason: t("pc_failed_reason", { year: e.year }) }, t("pc_terminated"))}>{t("pc_confirm_termination")}</button>
                  <button type="button" class="secondary" onClick={() => act(`evaluations/${e.year}/proposal`,
                    { decision: "dismiss", reason: t("pc_kept_reason") }, t("pc_kept"))}>{t("pc_dismiss_proposal")}</button>
                </div>
              ) : e.proposal ? t(`pc_proposal_${e.proposal}`) : ""}</td></tr>))}</tbody>
        </table>
      )}
      {keeper && scheme.data && (
        <form class="actions" onSubmit={(ev) => (ev.preventDefault(),
          act("evaluations", { year: Number(year), scores: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Number(v)])) },
              t("pc_evaluated")))}>
          <Field label={t("year")} error={error?.fields?.year}>
            <input inputMode="numeric" value={year} onInput={(e) => setYear(e.currentTarget.value)} />
          </Field>
          {scheme.data.indicators.map((i) => (
            <Field label={`${i.name}（${t("pc_max", { max: i.max_score })}）`} error={error?.fields?.[`scores.${i.key}`]}>
              <input inputMode="numeric" value={scores[i.key] ?? ""} onInput={(e) => setScores({ ...scores, [i.key]: e.currentTarget.value })} />
            </Field>
          ))}
          <button type="submit">{t("pc_evaluate")}</button>
        </form>
      )}
    </>
  );
}

function MoneyForms({ contract, act, error }) {
  const t = useT();
  const [d, setD] = useState({ source: contract.sources[0]?.source ?? "", amount: "", paid_on: "", voucher: "" });
  const [r, setR] = useState({ amount: "", rule: "late_filings", basis: "", reason: "", decided_on: "", reference: "" });
  const err = (k) => error?.fields?.[k];
  return (
    <>
      <h2>{t("pc_disburse")}</h2>
      <form class="actions" onSubmit={(e) => (e.preventDefault(), act("disbursements", {
        source: d.source, amount_fen: parseYuan(d.amount), paid_on: d.paid_on, voucher: d.voucher }, t("pc_disbursed_done")))}>
        <Field label={t("pc_source")} error={err("source")}>
          <select value={d.source} onChange={(e) => setD({ ...d, source: e.currentTarget.value })}>
            {contract.sources.map((s) => <option value={s.source}>{t(`pc_source_${s.source}`)}</option>)}
          </select>
        </Field>
        <Field label={t("pc_amount")} error={err("amount_fen")}>
          <input inputMode="decimal" value={d.amount} onInput={(e) => setD({ ...d, amount: e.currentTarget.value })} />
        </Field>
        <Field label={t("pc_paid_on")} error={err("paid_on")}>
          <DateInput value={d.paid_on} onInput={(e) => setD({ ...d, paid_on: e.currentTarget.value })} />
        </Field>
        <Field label={t("pc_voucher")} error={err("voucher")}>
          <input value={d.voucher} onInput={(e) => setD({ ...d, voucher: e.currentTarget.value })} />
        </Field>
        <button type="submit">{t("pc_record")}</button>
      </form>
      <h2>{t("pc_recover")}</h2>
      <form class="actions" onSubmit={(e) => (e.preventDefault(), act("recoveries", {
        amount_fen: parseYuan(r.amount), rule: r.rule, basis: r.basis || undefined, reason: r.reason, decided_on: r.decided_on,
        reference: r.reference }, t("pc_recovered_done")))}>
        <Field label={t("pc_amount")} error={err("amount_fen")}>
          <input inputMode="decimal" value={r.amount} onInput={(e) => setR({ ...r, amount: e.currentTarget.value })} />
        </Field>
        <Field label={t("pc_rule")} error={err("rule")}>
          <select value={r.rule} onChange={(e) => setR({ ...r, rule: e.currentTarget.value })}>
            {RULES.map((v) => <option value={v}>{t(`pc_rule_${v}`)}</option>)}
          </select>
        </Field>
        <Field label={t("pc_basis")} error={err("basis")}>
          <input value={r.basis} onInput={(e) => setR({ ...r, basis: e.currentTarget.value })} />
        </Field>
        <Field label={t("pc_recovery_reason")} error={err("reason")}>
          <input value={r.reason} onInput={(e) => setR({ ...r, reason: e.currentTarget.value })} />
        </Field>
        <Field label={t("pc_decided_on")} error={err("decided_on")}>
          <DateInput value={r.decided_on} onInput={(e) => setR({ ...r, decided_on: e.currentTarget.value })} />
        </Field>
        <Field label={t("pc_decision_ref")} error={err("reference")}>
          <input value={r.reference} onInput={(e) => setR({ ...r, reference: e.currentTarget.value })} />
        </Field>
        <button type="submit">{t("pc_record")}</button>
      </form>
    </>
  );
}

// A place's evaluation scheme (issue #17), versioned by the day it takes effect: indicators with
// weights adding up to 100 and their maximum scores, the pass mark, and either tiers that scale
// next year's funding (Hunan: 1.0 / 2.0 / 3.0) or plain pass/fail, where a fail may propose
// ending the contract (Jinan). The form starts from the version in force, or empty.
function SchemeEditor({ me, onDone }) {
  const t = useT();
  const [, area, select] = usePlace(me);
  const current = useAsync(() => (area ? api.get(`/jurisdictions/${area}/evaluation-scheme`).catch(() => null) : Promise.resolve(null)),
    [area]);
  const [saved, say] = useToast();  // here: the form starts afresh from the version just saved
  return (
    <section class="card">
      <h2>{t("ps_title")}</h2>
      {saved}
      {select}
      <Loading state={current}>
        {(c) => <SchemeForm key={`${area}-${c?.jurisdiction_id}-${c?.effective_from}`} area={area} current={c} onDone={onDone}
                           onSaved={() => (say(t("ps_saved")), current.reload())} />}
      </Loading>
    </section>
  );
}

const number = (v) => (v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v);

function SchemeForm({ area, current, onDone, onSaved }) {
  const t = useT();
  const [f, setF] = useState({ name: current?.name ?? "", effective_from: todayInChina(),
                               pass_mark: String(current?.pass_mark ?? ""), fail_terminates: current?.fail_terminates ?? false });
  const [indicators, setIndicators] = useState((current?.indicators ?? [{ key: "i1", name: "", weight: "", max_score: "100" }])
    .map((i) => ({ ...i, weight: String(i.weight), max_score: String(i.max_score) })));
  const [tiers, setTiers] = useState((current?.tiers ?? []).map((x) => ({ name: x.name, min_score: String(x.min_score),
                                                                           funding_factor: String(x.funding_factor) })));
  const [error, run] = useAction(onSaved);
  const err = (k) => error?.fields?.[k];
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      await api.put(`/jurisdictions/${area}/evaluation-scheme`, {
        effective_from: f.effective_from, name: f.name, pass_mark: number(f.pass_mark), fail_terminates: f.fail_terminates,
        indicators: indicators.map((i) => ({ key: i.key, name: i.name, weight: number(i.weight), max_score: number(i.max_score) })),
        tiers: tiers.map((x) => ({ name: x.name, min_score: number(x.min_score), funding_factor: number(x.funding_factor) })),
      });
    });
  };
  return (
    <form onSubmit={submit}>
      <p>{!current ? t("ps_none") : current.jurisdiction_id === area ? t("ps_in_force", { from: current.effective_from })
        : t("ps_inherited", { from: current.effective_from })}</p>
      <ErrorNote error={error} />
      <div class="form-grid">
        <Field label={t("ps_name")} error={err("name")}>
          <input value={f.name} onInput={(e) => setF({ ...f, name: e.currentTarget.value })} />
        </Field>
        <Field label={t("ps_effective_from")} error={err("effective_from")}>
          <DateInput value={f.effective_from} onInput={(e) => setF({ ...f, effective_from: e.currentTarget.value })} />
        </Field>
        <Field label={t("ps_pass_mark")} error={err("pass_mark")}>
          <input inputMode="decimal" value={f.pass_mark} onInput={(e) => setF({ ...f, pass_mark: e.currentTarget.value })} />
        </Field>
      </div>
      <RowList legend={t("ps_indicators")} name="indicators" rows={indicators} setRows={setIndicators} err={err}
        fields={[["name", t("ps_indicator_name")], ["weight", t("ps_weight"), "numeric"], ["max_score", t("ps_max_score"), "numeric"]]}
        removeLabel={(n) => t("ps_remove_indicator", { n })} addLabel={t("ps_add_indicator")}
        blank={() => ({ key: `i${Math.max(0, ...indicators.map((x) => Number(x.key.slice(1)) || 0)) + 1}`, name: "", weight: "",
                        max_score: "100" })} />
      <RowList legend={t("ps_tiers")} hint={t("ps_tiers_hint")} name="tiers" rows={tiers} setRows={setTiers} err={err}
        fields={[["name", t("ps_tier_name")], ["min_score", t("ps_min_score"), "decimal"], ["funding_factor", t("ps_factor"), "decimal"]]}
        removeLabel={(n) => t("ps_remove_tier", { n })} addLabel={t("ps_add_tier")}
        blank={() => ({ name: "", min_score: "", funding_factor: "1" })} />
      <label class="check">
        <input type="checkbox" checked={f.fail_terminates} onChange={(e) => setF({ ...f, fail_terminates: e.currentTarget.checked })} />
        {t("ps_fail_terminates")}
      </label>
      <div class="actions">
        <button type="submit">{t("ps_save")}</button>
        <button type="button" class="secondary" onClick={onDone}>{t("back")}</button>
      </div>
    </form>
  );
}

// Rows of a list field, each a line of inputs with its own errors (name[i].field) and a remove
// button; an indicator's key is kept out of sight (its name's errors show it).
function RowList({ legend, hint, name, rows, setRows, fields, err, removeLabel, addLabel, blank }) {
  const t = useT();
  const set = (i, k) => (e) => setRows(rows.map((x, j) => (j === i ? { ...x, [k]: e.currentTarget.value } : x)));
  return (
    <fieldset>
      <legend>{legend}</legend>
      {hint && <p class="hint">{hint}</p>}
      {err(name) && <p class="field-error" role="alert">{err(name)}</p>}
      {rows.map((x, i) => (
        <div class="actions">
          {fields.map(([k, label, mode], n) => (
            <Field label={label} error={err(`${name}[${i}].${k}`) ?? (n === 0 ? err(`${name}[${i}].key`) : undefined)}>
              <input inputMode={mode} value={x[k]} onInput={set(i, k)} />
            </Field>
          ))}
          <button type="button" class="secondary" aria-label={removeLabel(i + 1)}
            onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t("ps_remove")}</button>
        </div>
      ))}
      <button type="button" class="secondary" onClick={() => setRows([...rows, blank()])}>{addLabel}</button>
    </fieldset>
  );
}
