// Accounts within the caller's reach (issue #15): the administrator makes bureau and agency
// accounts, a bureau its agencies', an agency its payroll officers' and its workers'. The server
// makes each first password and shows it once; disabling, enabling and resetting follow the role
// hierarchy, and a bureau confirms agency admins made by another agency admin.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { useT } from "../i18n.js";
import { Empty, ErrorNote, Field, Loading, OneTimePassword, useAction, useAsync } from "../ui.jsx";

const CREATABLE = {
  admin: ["bureau", "agency_admin", "payroll_officer", "worker", "admin"],
  bureau: ["agency_admin", "payroll_officer"],
  agency_admin: ["payroll_officer", "worker", "agency_admin"],
};
// The scope field each role's account needs.
const SCOPE = { bureau: "jurisdiction_id", agency_admin: "agency_id", payroll_officer: "agency_id", worker: "person_id" };

export function Accounts({ me }) {
  const t = useT();
  const users = useAsync(() => api.get("/users?limit=500"));
  const places = useAsync(() => (me.role === "agency_admin" ? Promise.resolve(null) : api.get("/jurisdictions?limit=500")));
  const agencies = useAsync(() => api.get("/agencies?limit=500"));
  const staff = useAsync(() => (me.role === "agency_admin" ? api.get("/employments?status=current&limit=500") : Promise.resolve(null)));
  const roles = CREATABLE[me.role] ?? [];
  const [form, setForm] = useState({ username: "", role: roles[0], scope: "" });
  const [shown, setShown] = useState(null);  // {username, password}: once, after create or reset
  const [error, run] = useAction(() => users.reload());
  const placeName = Object.fromEntries((places.data?.items ?? []).map((j) => [j.id, j.name]));
  const agencyName = Object.fromEntries((agencies.data?.items ?? []).map((a) => [a.id, a.name]));
  const personName = Object.fromEntries((staff.data?.items ?? []).map((e) => [e.person_id, e.person_name]));
  const scopeField = SCOPE[form.role];
  const options = scopeField === "jurisdiction_id" ? (places.data?.items ?? []).map((j) => [j.id, j.name])
    : scopeField === "agency_id" ? (agencies.data?.items ?? []).map((a) => [a.id, a.name])
    : scopeField === "person_id" ? (staff.data?.items ?? []).map((e) => [e.person_id, `${e.person_name}（${e.post} ${e.grade} 级）`])
    : [];
  // An agency admin's own agency is implied for its agency accounts.
  const needsScope = scopeField && !(me.role === "agency_admin" && scopeField === "agency_id");
  async function create(e) {
    e.preventDefault();
    const body = { username: form.username, role: form.role };
    if (needsScope && form.scope) body[scopeField] = Number(form.scope);
    await run(async () => {
      const made = await api.post("/users", body);
      setShown({ username: made.username, password: made.password });
      setForm({ ...form, username: "" });
    });
  }
  const act = (u, what) => run(async () => {
    const r = await api.post(`/users/${u.id}/${what}`);
    if (what === "reset-password") setShown({ username: u.username, password: r.password });
  });
  const scopeText = (u) => u.jurisdiction_id ? placeName[u.jurisdiction_id] ?? `#${u.jurisdiction_id}`
    : u.agency_id ? agencyName[u.agency_id] ?? `#${u.agency_id}`
    : u.person_id ? personName[u.person_id] ?? t("person_no", { id: u.person_id }) : "—";
  return (
    <section>
      <h1>{t("accounts_title")}</h1>
      {shown && (
        <div class="card notice">
          <OneTimePassword {...shown} />
          <button class="secondary" onClick={() => setShown(null)}>{t("password_noted")}</button>
        </div>
      )}
      <form class="actions card" onSubmit={create} aria-label={t("account_create")}>
        <Field label={t("username")} error={error?.fields?.username}>
          <input name="username" required autocomplete="off" value={form.username}
                 onInput={(e) => setForm({ ...form, username: e.currentTarget.value })} />
        </Field>
        <Field label={t("role")} error={error?.fields?.role}>
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value, scope: "" })}>
            {roles.map((r) => <option value={r}>{t(`role_${r}`)}</option>)}
          </select>
        </Field>
        {needsScope && (
          <Field label={t(`scope_${scopeField}`)} error={error?.fields?.[scopeField]}>
            <select name="scope" required value={form.scope} onChange={(e) => setForm({ ...form, scope: e.currentTarget.value })}>
              <option value="">{t("choose")}</option>
              {options.map(([id, name]) => <option value={id}>{name}</option>)}
            </select>
          </Field>
        )}
        <button type="submit">{t("account_create")}</button>
      </form>
      <ErrorNote error={error} />
      <Loading state={users}>
        {(d) => d.items.length === 0 ? <Empty /> : (
          <div class="table-wrap" tabIndex={0}>
            <table>
              <thead><tr><th>{t("username")}</th><th>{t("role")}</th><th>{t("scope")}</th><th>{t("status")}</th><th></th></tr></thead>
              <tbody>
                {d.items.map((u) => (
                  <tr class={u.disabled ? "muted" : ""}>
                    <td translate={false}>{u.username}</td><td>{t(`role_${u.role}`)}</td><td>{scopeText(u)}</td>
                    <td>
                      {u.disabled ? t("account_disabled") : t("account_active")}
                      {!u.confirmed && <> · {t("account_unconfirmed")}</>}
                      {u.must_change_password && <> · {t("account_first_password")}</>}
                    </td>
                    <td>
                      {u.id !== me.id && (
                        <>
                          <button class="link" onClick={() => act(u, u.disabled ? "enable" : "disable")}>
                            {t(u.disabled ? "account_enable" : "account_disable")}
                          </button>
                          <button class="link" onClick={() => act(u, "reset-password")}>{t("account_reset")}</button>
                          {!u.confirmed && (me.role === "bureau" || me.role === "admin") && (
                            <button class="link" onClick={() => act(u, "confirm")}>{t("account_confirm")}</button>
                          )}
                        </>
                      )}
                    </td>
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
