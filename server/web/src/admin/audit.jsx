// The audit log for an auditor (issue #15): search by who, what, when and record, read page by
// page; the chain's verification (administrator); the filtered range exported as a workbook.
import { useEffect, useState } from "preact/hooks";
import { api, download, query } from "../api.js";
import { chinaTime } from "../format.js";
import { useT } from "../i18n.js";
import { DateInput, Empty, ErrorNote, Field, useAction, useAsync, usePages } from "../ui.jsx";

const EMPTY = { username: "", action: "", entity: "", entity_id: "", from: "", to: "" };

export function Audit({ me }) {
  const t = useT();
  const [form, setForm] = useState(EMPTY);
  const [applied, setApplied] = useState(EMPTY);
  const records = usePages(`/audit${query({ ...applied, limit: 100 })}`, [applied]);
  const [error, run] = useAction();
  const set = (key) => (e) => setForm({ ...form, [key]: e.currentTarget.value });
  const exportFile = () => run(() => download(`/audit/export${query(applied)}`, "audit.xlsx"));
  return (
    <section>
      <h1>{t("audit_title")}</h1>
      {me.role === "admin" && <ChainCheck />}
      <form class="actions card" role="search" onSubmit={(e) => (e.preventDefault(), setApplied(form))}>
        <Field label={t("audit_user")}><input name="username" value={form.username} onInput={set("username")} /></Field>
        <Field label={t("audit_action")} hint={t.rich("audit_action_hint", { example: <code translate={false}>user.create</code> })}><input name="action" value={form.action} onInput={set("action")} /></Field>
        <Field label={t("audit_entity")}><input name="entity" value={form.entity} onInput={set("entity")} /></Field>
        <Field label={t("audit_entity_id")} error={records.error?.fields?.entity_id}>
          <input name="entity_id" inputmode="numeric" value={form.entity_id} onInput={set("entity_id")} />
        </Field>
        <Field label={t("audit_from")} error={records.error?.fields?.from}><DateInput name="from" value={form.from} onInput={set("from")} /></Field>
        <Field label={t("audit_to")} error={records.error?.fields?.to}><DateInput name="to" value={form.to} onInput={set("to")} /></Field>
        <button type="submit">{t("search")}</button>
        <button type="button" class="secondary" onClick={exportFile}>{t("export_xlsx")}</button>
      </form>
      <ErrorNote error={error ?? records.error} />
      {records.items.length === 0 && !records.loading ? <Empty /> : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <thead><tr><th>{t("audit_seq")}</th><th>{t("audit_at")}</th><th>{t("audit_user")}</th><th>{t("audit_action")}</th>
              <th>{t("audit_entity")}</th><th>{t("audit_address")}</th></tr></thead>
            <tbody>
              {records.items.map((r) => (
                <tr>
                  <td>{r.seq}</td><td>{chinaTime(r.at)}</td><td translate={false}>{r.username || "—"}</td><td><code translate={false}>{r.action}</code></td>
                  <td>{t.has(`entity_${r.entity}`) ? t(`entity_${r.entity}`) : <span translate={false}>{r.entity}</span>}{r.entity_id !== null ? ` #${r.entity_id}` : ""}</td><td>{r.client_address || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {records.next && <button class="secondary" onClick={records.more}>{t("load_more")}</button>}
    </section>
  );
}

// The chain's check (administrator): the latest result, and a new check run as a job on the server
// whose progress shows here (a province's log takes minutes).
function ChainCheck() {
  const t = useT();
  const [check, setCheck] = useState(null);
  const [error, run] = useAction();
  const latest = useAsync(() => api.get("/audit/verifications"));
  useEffect(() => { if (latest.data) setCheck(latest.data.items[0] ?? null); }, [latest.data]);
  useEffect(() => {
    if (check?.state !== "running") return undefined;
    const timer = setTimeout(() => run(async () => setCheck(await api.get(`/audit/verifications/${check.id}`))), 1000);
    return () => clearTimeout(timer);
  }, [check]);
  const start = () => run(async () => setCheck(await api.post("/audit/verifications")));
  const percent = check && check.total > 0 ? Math.min(100, Math.floor((check.checked * 100) / check.total)) : 0;
  return (
    <div class="card" role="status">
      {!check && <p class="muted">{t("audit_chain_never")}</p>}
      {check?.state === "running" && (
        <>
          <label for="chain-progress">{t("audit_chain_running", { done: check.checked, total: check.total })}</label>
          <progress id="chain-progress" max="100" value={percent}>{percent}%</progress>
        </>
      )}
      {check?.state === "done" && (
        <p class={check.ok ? "headline" : "error"}>
          {check.ok ? t("audit_chain_ok", { n: check.checked, at: chinaTime(check.finished_at) })
            : t("audit_chain_broken", { seq: check.first_bad_seq ?? "?", problem: check.problem_detail || check.problem, at: chinaTime(check.finished_at) })}
        </p>
      )}
      {(check?.state === "failed" || check?.state === "interrupted") && (
        <p class="error">{t(`audit_chain_${check.state}`, { at: chinaTime(check.requested_at) })}</p>
      )}
      {check?.state !== "running" && <button type="button" class="secondary" onClick={start}>{t("audit_chain_check")}</button>}
      <ErrorNote error={error ?? latest.error} />
    </div>
  );
}
