// Each role's landing screen (issue #16): a few figures — people in post per station, the month's
// pay (an agency's latest run; a bureau's approved pay against its funding standard) — and what
// needs doing, from GET /api/v1/home and GET /api/v1/todos: contracts ending or ended unrenewed,
// probations ending, runs awaiting this user's approval, notices given, registrations due for
// 再登记, the filing queue, open cases and appeals, unreviewed flags.
import { api } from "./api.js";
import { yuan } from "./format.js";
import { useT } from "./i18n.js";
import { Loading, useAsync, useNames } from "./ui.jsx";

export function Home({ me }) {
  const t = useT();
  const home = useAsync(() => api.get("/home"));
  return (
    <section>
      <h1>{t("home_title")}</h1>
      <Loading state={home}>
        {(d) => (
          <>
            <ul class="cards figures" aria-label={t("home_figures")}>
              <li class="card"><span class="figure">{d.headcount.total}</span>{t("home_in_post")}</li>
              <li class={`card${Object.keys(d.counts).length ? " warn" : ""}`}>
                <span class="figure">{Object.values(d.counts).reduce((a, b) => a + b, 0)}</span>{t("home_todo_count")}
              </li>
              <PayFigure t={t} pay={d.pay} bureau={!me.agency_id} />
            </ul>
            {d.headcount.stations.length > 0 && (
              <table class="compact" aria-label={t("home_by_station")}>
                <caption>{t("home_by_station")}</caption>
                <thead><tr><th>{t("station")}</th><th class="money">{t("home_headcount")}</th></tr></thead>
                <tbody>
                  {d.headcount.stations.map((s) => <tr><td>{s.name}</td><td class="money">{s.headcount}</td></tr>)}
                </tbody>
              </table>
            )}
          </>
        )}
      </Loading>
      <TodoList />
    </section>
  );
}

function PayFigure({ t, pay, bureau }) {
  if (!pay) return <li class="card">{t("home_no_pay")}</li>;
  if (bureau)
    return (
      <li class={`card${pay.over_budget_fen > 0 ? " warn" : ""}`}>
        <span class="figure">{yuan(pay.labour_cost_fen)}</span>
        {t("home_pay_bureau", { period: pay.period, n: pay.workers, budget: yuan(pay.budget_fen) })}
        {pay.over_budget_fen > 0 && <p class="warn">{t("home_over_budget", { amount: yuan(pay.over_budget_fen) })}</p>}
      </li>
    );
  return (
    <li class="card">
      <span class="figure">{pay.gross_fen === null ? "—" : yuan(pay.gross_fen)}</span>
      <a href={`#payroll/${pay.run_id}`}>{t("home_pay_agency", { period: pay.period, status: t(`run_${pay.status}`) })}</a>
      {pay.labour_cost_fen !== null && <p class="muted">{t("home_labour_cost", { amount: yuan(pay.labour_cost_fen) })}</p>}
    </li>
  );
}

function TodoList() {
  const t = useT();
  const list = useAsync(() => api.get("/todos"));
  // Notices name an employment; the agency's names come from its staff list.
  const names = useNames();
  return (
    <>
      <h2>{t("todos_title")}</h2>
      <Loading state={list}>
        {(d) => d.items.length === 0 ? <p class="muted">{t("todos_none")}</p> : (
          <ul class="cards" aria-label={t("todos_title")}>
            {d.items.map((x) => (
              <li class={`card${x.kind === "contract_ended" || x.overdue > 0 ? " warn" : ""}`}>
                <a href={x.link}>{todoText(t, x, names.data)}</a>
              </li>
            ))}
          </ul>
        )}
      </Loading>
    </>
  );
}

function todoText(t, x, names) {
  const name = x.kind === "resignation_pending" ? (names?.[x.subject] ?? x.subject) : x.subject;
  return t(`todo_${x.kind}`, { name, period: x.subject, n: x.subject, overdue: x.overdue ?? 0, date: x.due_on ?? "",
    hours: x.hours_missing ?? 0 });
}
