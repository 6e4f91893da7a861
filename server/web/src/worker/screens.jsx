// A social worker's own pages, phone first: job and grade on the scale, certificates and hours,
// payslips with a printable view, and giving notice with the three dates.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { todayInChina, yuan } from "../format.js";
import { useT } from "../i18n.js";
import { DateInput, Empty, ErrorNote, Field, Loading, useAction, useAsync } from "../ui.jsx";

function statusText(t, status) {
  return t(`status_${status}`);
}

// The server records why an assignment changed in its own words; the usual openings are translated.
function assignmentReason(t, text) {
  const hire = /^hire(?::\s*(.*))?$/.exec(text);
  if (hire) return hire[1] ? `${t("reason_hire")}：${hire[1]}` : t("reason_hire");
  const inc = /^annual increment (\d{4}):?\s*(.*)$/.exec(text);
  if (inc) return `${t("reason_increment", { year: inc[1] })}${inc[2] ? `：${inc[2]}` : ""}`;
  return text;
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
                <tr><td>{a.effective_on}</td><td>{a.post}</td><td>{a.grade}</td><td>{assignmentReason(t, a.reason)}</td></tr>
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

const SLIP_LINES = [
  ["base", "base_fen"], ["allowances", "allowances_fen"], ["gross", "gross_fen"], ["pension", "pension_fen"],
  ["medical", "medical_fen"], ["unemployment", "unemployment_fen"], ["housing_fund", "housing_fund_fen"],
  ["special_deductions", "special_deductions_fen"], ["other_deductions", "other_deductions_fen"],
  ["taxable_ytd", "taxable_ytd_fen"], ["iit", "iit_fen"],
];

export function PayslipView({ slip, name }) {
  const t = useT();
  return (
    <article class="payslip card">
      <h2>{t("payslip_of", { period: slip.period })}{name ? ` · ${name}` : ""}</h2>
      <table>
        <tbody>
          <tr><th scope="row">{t("paid_days")}</th><td class="money">{slip.paid_days}</td></tr>
          {SLIP_LINES.map(([label, key]) => (
            <tr><th scope="row">{t(label)}</th><td class="money">{yuan(slip[key])}</td></tr>
          ))}
          <tr class="total"><th scope="row">{t("net")}</th><td class="money" data-testid="net">{yuan(slip.net_fen)}</td></tr>
        </tbody>
      </table>
      <button class="no-print" onClick={() => print()}>{t("print")}</button>
    </article>
  );
}

function MyPayslips({ args }) {
  const t = useT();
  const slips = useAsync(() => api.get("/me/payslips"));
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
                <PayslipView slip={slip} />
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
  const withdraw = (id) => window.confirm(t("withdraw_confirm")) &&
    run(async () => (await api.post(`/resignations/${id}/withdraw`), setDone(null)));
  const pending = list.data?.items.find((r) => r.status === "pending" || r.status === "replacement_found");
  return (
    <section>
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

// Cases about me: what was decided, the blacklist entry if any, and one appeal against a listing.
function MyCases() {
  const t = useT();
  const cases = useAsync(() => api.get("/misconduct-cases"));
  const [notes, setNotes] = useState({});
  const [error, run] = useAction(() => cases.reload());
  const appeal = (id) => run(() => api.post(`/misconduct-cases/${id}/appeal`, { note: notes[id] ?? "" }));
  return (
    <section>
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
