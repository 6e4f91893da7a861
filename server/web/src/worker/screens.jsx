// A social worker's own pages, phone first: job and grade on the scale, certificates and hours,
// payslips with a printable view, and giving notice with the three dates.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { todayInChina, yuan } from "../format.js";
import { useT } from "../i18n.js";
import { DateInput, Empty, ErrorNote, Field, Loading, useAction, useAsync, useToast } from "../ui.jsx";

function statusText(t, status) {
  return t(`status_${status}`);
}

// An employment that is over: no next step to look forward to, no notice to give.
const DEPARTED = ["ended", "expired"];

function MyJob() {
  const t = useT();
  const job = useAsync(async () => {
    const e = await api.get("/me/employment");
    const pay = await api.get(`/employments/${e.id}/pay`);
    return { e, pay };
  });
  if (job.error?.status === 404) return <p>{t("no_employment")}</p>;
  return (
    <Loading state={job}>
      {({ e, pay }) => (
        <section>
          <h1>{t("my_job_title")}</h1>
          <dl class="facts card">
            <dt>{t("station")}</dt><dd>{e.station_name}</dd>
            <dt>{t("post")}</dt><dd>{pay.post_name ?? e.post}</dd>
            <dt>{t("grade")}</dt><dd>{t("grade_n", { n: e.grade })}</dd>
            <dt>{t("status")}</dt><dd>{statusText(t, e.status)}</dd>
            <dt>{t("contract")}</dt>
            <dd>{t("contract_term", { from: e.start_date, to: e.end_date ?? t("open_ended") })}</dd>
            <dt>{t("probation_until")}</dt><dd>{e.probation_end ?? t("no_probation")}</dd>
            <dt>{t("gross_monthly")}</dt><dd class="money">{yuan(pay.gross_monthly_fen)}</dd>
          </dl>
          {pay.scale && <ScaleRow pay={pay} departed={DEPARTED.includes(e.status)} />}
          <h2>{t("history")}</h2>
          <table>
            <thead><tr><th>{t("effective_on")}</th><th>{t("post")}</th><th>{t("grade")}</th><th>{t("reason")}</th></tr></thead>
            <tbody>
              {e.assignments.map((a) => (
                <tr><td>{a.effective_on}</td><td>{a.post}</td><td>{a.grade}</td><td>{a.reason_detail ?? a.reason}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Loading>
  );
}

// The post's row of the scale, the worker's grade marked, and what the next step pays.
function ScaleRow({ pay, departed }) {
  const t = useT();
  return (
    <section class="card">
      <h2>{t("scale_title", { name: pay.scale.name })}</h2>
      {pay.scale.illustrative && <p class="muted">{t("scale_illustrative")}</p>}
      <ol class="scale-row" aria-label={t("monthly_base")}>
        {pay.scale.row.map((amount, i) => (
          <li class={i + 1 === pay.grade ? "here" : ""} aria-current={i + 1 === pay.grade ? "true" : undefined}>
            <span class="g">{i + 1}</span>
            <span class="a">{yuan(amount)}</span>
            {i + 1 === pay.grade && <span class="badge">{t("you_are_here")}</span>}
          </li>
        ))}
      </ol>
      {!departed && (
        <p class="next-step">
          {pay.next_step ? t("next_step", { grade: pay.next_step.grade, amount: yuan(pay.next_step.amount_fen) }) : t("top_grade")}
        </p>
      )}
    </section>
  );
}

function MyCertificates({ me }) {
  const t = useT();
  const certs = useAsync(() => api.get(`/persons/${me.person_id}/certificates`));
  return (
    <section>
      <h1>{t("certificates_title")}</h1>
      <Loading state={certs}>
        {(d) =>
          d.certificates.length === 0 ? <Empty /> : (
            <ul class="cards">
              {d.certificates.map((c) => (
                <li class={`card${c.valid ? "" : " warn"}`}>
                  <h2>{t(`level_${c.level}`)}</h2>
                  <dl class="facts">
                    <dt>{t("cert_number")}</dt><dd>{c.number}</dd>
                    <dt>{t("registered_until")}</dt><dd>{c.registered_until}{!c.valid && ` (${t("cert_expired")})`}</dd>
                    <dt>{t("hours")}</dt><dd>{t("hours_of", { earned: c.hours_earned, required: c.hours_required })}</dd>
                  </dl>
                  <p class={c.renewal_window_open ? "warn-text" : "muted"}>
                    {c.renewal_window_open ? t("renewal_open_now", { days: c.days_left }) : t("renewal_opens", { date: c.renewal_opens_on })}
                  </p>
                  {c.hours_earned < c.hours_required && <p class="muted">{t("hours_short", { n: c.hours_required - c.hours_earned })}</p>}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}

// A payslip as a worker reads one: what was earned, what was taken and why, what reached the
// account, the tax basis, and what the employer paid on top (issue #16). Lines of nothing are
// left out (a bonus or a severance appears in its month only).
const SLIP_GROUPS = [
  ["slip_income", [["paid_days", "paid_days", "days"], ["base", "base_fen"], ["allowances", "allowances_fen"],
    ["annual_bonus", "annual_bonus_fen"], ["severance", "severance_fen"], ["gross", "gross_fen"]]],
  ["slip_deductions", [["pension", "pension_fen"], ["medical", "medical_fen"], ["unemployment", "unemployment_fen"],
    ["housing_fund", "housing_fund_fen"], ["iit", "iit_fen"], ["annual_bonus_iit", "annual_bonus_iit_fen"],
    ["severance_iit", "severance_iit_fen"], ["other_deductions", "other_deductions_fen"]]],
  ["slip_tax_basis", [["special_deductions", "special_deductions_fen"], ["taxable_ytd", "taxable_ytd_fen"]]],
  ["slip_employer", [["employer_pension", "employer_pension_fen"], ["employer_medical", "employer_medical_fen"],
    ["employer_unemployment", "employer_unemployment_fen"], ["employer_injury", "employer_injury_fen"],
    ["employer_housing_fund", "employer_housing_fund_fen"], ["employer_total", "employer_total_fen"]]],
];
const ALWAYS = new Set(["paid_days", "gross_fen", "iit_fen", "pension_fen", "medical_fen", "unemployment_fen", "housing_fund_fen"]);

export function PayslipView({ slip, name, employer }) {
  const t = useT();
  const [error, run] = useAction();
  // The server's print page (name, employer, masked ID) needs the bearer token a link cannot
  // carry: fetch it, then open it as a page of its own.
  const openPrint = () => run(async () => {
    const html = await api.get(`/payslips/${slip.id}/print`, { accept: "text" });
    const url = URL.createObjectURL(new Blob([html], { type: "text/html" }));
    window.open(url, "_blank", "noopener");
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  });
  return (
    <article class="payslip card">
      <h2>{t("payslip_of", { period: slip.period })}{name ? ` · ${name}` : ""}</h2>
      {employer && <p class="muted">{t("slip_employer_name", { name: employer })}</p>}
      <table>
        {SLIP_GROUPS.map(([group, lines]) => [group, lines.filter(([, key]) => ALWAYS.has(key) || slip[key])])
          .filter(([, shown]) => shown.length > 0).map(([group, shown]) => (
          <tbody>
            <tr class="group"><th colSpan={2} scope="rowgroup">{t(group)}</th></tr>
            {shown.map(([label, key, kind]) => (
              <tr><th scope="row">{t(label)}</th><td class="money">{kind === "days" ? slip[key] : yuan(slip[key])}</td></tr>
            ))}
            {group === "slip_deductions" && (
              <tr class="total"><th scope="row">{t("net")}</th><td class="money" data-testid="net">{yuan(slip.net_fen)}</td></tr>
            )}
          </tbody>
        ))}
      </table>
      <ErrorNote error={error} />
      <div class="actions no-print">
        <button onClick={() => print()}>{t("print")}</button>
        <button class="secondary" onClick={openPrint}>{t("slip_print_page")}</button>
      </div>
    </article>
  );
}

function MyPayslips({ args }) {
  const t = useT();
  const slips = useAsync(() => api.get("/me/payslips"));
  const job = useAsync(() => api.get("/me/employment").catch(() => null));
  const chosen = args[0];
  return (
    <section>
      <h1 class="no-print">{t("payslips_title")}</h1>
      <Loading state={slips}>
        {(d) => {
          const items = [...d.items].sort((a, b) => b.period.localeCompare(a.period));
          if (items.length === 0) return <Empty />;
          const slip = items.find((s) => String(s.id) === chosen);
          if (slip)
            return (
              <>
                <a class="no-print" href="#payslips">{t("back")}</a>
                <PayslipView slip={slip} employer={job.data?.agency_name} />
              </>
            );
          return (
            <>
              <p class="headline">{t("latest_net", { amount: yuan(items[0].net_fen), period: items[0].period })}</p>
              <table>
                <thead><tr><th>{t("period")}</th><th>{t("gross")}</th><th>{t("net")}</th><th></th></tr></thead>
                <tbody>
                  {items.map((s) => (
                    <tr>
                      <td>{s.period}</td><td class="money">{yuan(s.gross_fen)}</td><td class="money">{yuan(s.net_fen)}</td>
                      <td><a href={`#payslips/${s.id}`}>{t("view")}</a></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Loading>
    </section>
  );
}

function Dates({ r }) {
  const t = useT();
  return (
    <dl class="facts">
      <dt>{t("statutory_date")}</dt><dd>{r.statutory_date}</dd>
      <dt>{t("policy_date")}</dt><dd>{r.policy_date}</dd>
      <dt>{t("latest_date")}</dt><dd>{r.latest_date ?? "—"}</dd>
      <dt>{t("allowed_last_day")}</dt><dd><strong>{r.allowed_last_day}</strong></dd>
    </dl>
  );
}

function Resign() {
  const t = useT();
  const job = useAsync(() => api.get("/me/employment"));
  const list = useAsync(() => api.get("/resignations"));
  const [form, setForm] = useState({ notice_date: todayInChina(), requested_last_day: "", reason: "" });
  const [done, setDone] = useState(null);
  const [error, run] = useAction(() => list.reload());
  function submit(e) {
    e.preventDefault();
    // Notice starts the statutory period and is filed with the bureau: ask before giving it.
    if (!window.confirm(t("resign_confirm", { date: form.requested_last_day }))) return;
    run(async () => setDone(await api.post("/resignations", { employment_id: job.data.id, ...form })));
  }
  const [toast, say] = useToast();
  const withdraw = async (id) => window.confirm(t("withdraw_confirm")) &&
    (await run(async () => (await api.post(`/resignations/${id}/withdraw`), setDone(null)))) && say(t("toast_withdrawn"));
  const pending = list.data?.items.find((r) => r.status === "pending" || r.status === "replacement_found");
  return (
    <section>
      {toast}
      <h1>{t("resign_title")}</h1>
      <p class="muted">{t("resign_explain")}</p>
      {done && (
        <div class="card ok" role="status">
          <p>{t("resign_done")}</p>
          <Dates r={done} />
        </div>
      )}
      {!pending && job.data && !DEPARTED.includes(job.data.status) && (
        <form class="card" onSubmit={submit}>
          <Field label={t("notice_date")} error={error?.fields?.notice_date}>
            <DateInput name="notice_date" required value={form.notice_date}
                   onInput={(e) => setForm({ ...form, notice_date: e.currentTarget.value })} />
          </Field>
          <Field label={t("requested_last_day")} error={error?.fields?.requested_last_day}>
            <DateInput name="requested_last_day" required value={form.requested_last_day}
                   onInput={(e) => setForm({ ...form, requested_last_day: e.currentTarget.value })} />
          </Field>
          <Field label={t("resign_reason")} error={error?.fields?.reason}>
            <textarea name="reason" rows="3" value={form.reason} onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} />
          </Field>
          <ErrorNote error={error} />
          <button type="submit">{t("resign_submit")}</button>
        </form>
      )}
      <h2>{t("resignations_title")}</h2>
      <Loading state={list}>
        {(d) =>
          d.items.length === 0 ? <Empty /> : (
            <ul class="cards">
              {d.items.map((r) => (
                <li class="card">
                  <p><strong>{t(`rs_${r.status}`)}</strong> · {r.notice_date} → {r.requested_last_day}</p>
                  <Dates r={r} />
                  {(r.status === "pending" || r.status === "replacement_found") && (
                    <button class="secondary" onClick={() => withdraw(r.id)}>{t("withdraw")}</button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}

// A listing's term, as the listed worker needs it: from when, until when, and whether it still
// stands (issue #16: the term was not shown).
function ListingTerm({ caseId }) {
  const t = useT();
  const detail = useAsync(() => api.get(`/misconduct-cases/${caseId}`), [caseId]);
  const e = detail.data?.blacklist_entry;
  if (!e) return null;
  return (
    <p class={e.in_force ? "warn" : "muted"} data-testid="listing-term">
      {e.lifted_on ? t("listing_lifted", { from: e.listed_on, lifted: e.lifted_on })
        : t(e.in_force ? "listing_in_force" : "listing_over", { from: e.listed_on, until: e.ends_on, years: e.years })}
    </p>
  );
}

// Cases about me: what was decided, the blacklist entry if any, and one appeal against a listing.
function MyCases() {
  const t = useT();
  const cases = useAsync(() => api.get("/misconduct-cases"));
  const [notes, setNotes] = useState({});
  const [error, run] = useAction(() => cases.reload());
  const [toast, say] = useToast();
  const appeal = async (id) =>
    (await run(() => api.post(`/misconduct-cases/${id}/appeal`, { note: notes[id] ?? "" }))) && say(t("toast_appeal_filed"));
  return (
    <section>
      {toast}
      <h1>{t("my_cases_title")}</h1>
      <ErrorNote error={error} />
      <Loading state={cases}>
        {(d) =>
          d.items.length === 0 ? <p class="muted">{t("no_cases")}</p> : (
            <ul class="cards">
              {d.items.map((c) => (
                <li class={`card${c.status === "listed" ? " warn" : ""}`}>
                  <h2>{t(`case_kind_${c.kind}`)} · {t(`case_${c.status}`)}</h2>
                  <dl class="facts">
                    <dt>{t("occurred_on")}</dt><dd>{c.occurred_on}</dd>
                    <dt>{t("description")}</dt><dd>{c.description}</dd>
                    {c.decision_reason && <><dt>{t("decision")}</dt><dd>{c.decision_reason}</dd></>}
                    {c.appeal.status && <><dt>{t("appeal")}</dt><dd>{t(`appeal_${c.appeal.status}`)}
                      {c.appeal.decision_reason && `：${c.appeal.decision_reason}`}</dd></>}
                  </dl>
                  {c.blacklist_entry_id && <ListingTerm caseId={c.id} />}
                  {c.status === "listed" && !c.appeal.status && (
                    <form onSubmit={(e) => (e.preventDefault(), appeal(c.id))}>
                      <Field label={t("appeal_note")} error={error?.fields?.note}>
                        <textarea rows="3" value={notes[c.id] ?? ""} onInput={(e) => setNotes({ ...notes, [c.id]: e.currentTarget.value })} />
                      </Field>
                      <button type="submit">{t("file_appeal")}</button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}

export const workerScreens = [
  { path: "job", label: "nav_my_job", view: MyJob },
  { path: "payslips", label: "nav_my_payslips", view: MyPayslips },
  { path: "certificates", label: "nav_my_certificates", view: MyCertificates },
  { path: "resign", label: "nav_resign", view: Resign },
  { path: "cases", label: "nav_my_cases", view: MyCases },
];
