// What needs doing (issue #16), from GET /api/v1/todos: contracts ending or ended unrenewed, runs
// awaiting this user's approval, notices given, registrations due for 再登记, the filing queue.
import { api } from "./api.js";
import { useT } from "./i18n.js";
import { Loading, useAsync, useNames } from "./ui.jsx";

export function Todos({ me }) {
  const t = useT();
  const list = useAsync(() => api.get("/todos"));
  // Notices name an employment; the agency's names come from its staff list.
  const names = useNames();
  return (
    <section>
      <h1>{t("todos_title")}</h1>
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
    </section>
  );
}

function todoText(t, x, names) {
  const name = x.kind === "resignation_pending" ? (names?.[x.subject] ?? x.subject) : x.subject;
  return t(`todo_${x.kind}`, { name, period: x.subject, n: x.subject, overdue: x.overdue ?? 0, date: x.due_on ?? "" });
}
