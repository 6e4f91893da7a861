// The administrator's first screen on an empty database (issue #15): the county by its division
// code (the server names the province and city), the policy preset with what it says and where
// from, and the first bureau account, whose one-time password is shown once.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { useT } from "../i18n.js";
import { DateInput, ErrorNote, Field, useAction, useAsync } from "../ui.jsx";

export function Setup({ onDone }) {
  const t = useT();
  const [form, setForm] = useState({ county_code: "", preset: "", bureau_username: "", effective_from: "" });
  const [chain, setChain] = useState(null);
  const [codeError, setCodeError] = useState(null);
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const presets = useAsync(() => api.get("/policy-presets"));
  const [error, run] = useAction();
  const set = (key) => (e) => setForm({ ...form, [key]: e.currentTarget.value });
  // Names the place as soon as six digits are typed.
  useEffect(() => {
    setChain(null);
    setCodeError(null);
    if (!/^\d{6}$/.test(form.county_code)) return;
    let live = true;
    api.get(`/divisions/${form.county_code}`).then(
      (d) => live && setChain(d.chain),
      (x) => live && setCodeError(x.fields?.code ?? x.message),
    );
    return () => (live = false);
  }, [form.county_code]);
  const chosen = presets.data?.items.find((p) => p.name === form.preset);
  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    const body = { county_code: form.county_code, preset: form.preset, bureau_username: form.bureau_username };
    if (form.effective_from) body.effective_from = form.effective_from;
    await run(async () => setResult(await api.post("/setup", body)));
    setBusy(false);
  }
  if (result) {
    return (
      <section class="narrow">
        <h1>{t("setup_done")}</h1>
        <p>{t("setup_done_places", { places: result.jurisdictions.map((j) => j.name).join(" › ") })}</p>
        <p>{t("setup_done_policy", { preset: t(`preset_${form.preset}`), from: result.policy.effective_from })}</p>
        <div class="card" role="status">
          <p>{t("setup_done_account")}</p>
          <dl class="facts">
            <dt>{t("username")}</dt><dd data-testid="setup-username">{result.user.username}</dd>
            <dt>{t("one_time_password")}</dt><dd><code class="password" translate={false} data-testid="setup-password">{result.password}</code></dd>
          </dl>
          <p class="muted">{t("one_time_password_note")}</p>
        </div>
        <button onClick={onDone}>{t("setup_enter")}</button>
      </section>
    );
  }
  return (
    <section class="narrow">
      <h1>{t("setup_title")}</h1>
      <p>{t("setup_intro")}</p>
      <form class="card" onSubmit={submit}>
        <Field label={t("county_code")} error={codeError ?? error?.fields?.county_code} hint={t("county_code_hint")}>
          <input name="county_code" inputmode="numeric" maxlength="6" pattern="\d{6}" required autocomplete="off"
                 value={form.county_code} onInput={set("county_code")} />
        </Field>
        {chain && (
          <p class="headline" data-testid="setup-chain">
            {chain.map((d) => d.name).join(" › ")}
            {chain[chain.length - 1].level !== "county" && <span class="error"> {t("county_code_not_county")}</span>}
          </p>
        )}
        <Field label={t("policy_preset")} error={error?.fields?.preset}>
          <select name="preset" required value={form.preset} onChange={set("preset")}>
            <option value="">{t("choose")}</option>
            {(presets.data?.items ?? []).map((p) => <option value={p.name}>{t(`preset_${p.name}`)}</option>)}
          </select>
        </Field>
        {chosen && (
          <div class="card">
            <p>{t(`preset_${chosen.name}_about`)}</p>
            <p class="muted">{t("preset_effective", { date: chosen.document.effective_from })}</p>
            {chosen.document.sources && (
              <details>
                <summary>{t("preset_sources", { n: Object.keys(chosen.document.sources).length })}</summary>
                <ul class="plain">
                  {Object.entries(chosen.document.sources).map(([key, source]) => <li><code>{key}</code> {source}</li>)}
                </ul>
              </details>
            )}
          </div>
        )}
        <Field label={t("effective_from")} error={error?.fields?.effective_from} hint={t("setup_effective_hint")}>
          <DateInput name="effective_from" value={form.effective_from} onInput={set("effective_from")} />
        </Field>
        <Field label={t("bureau_username")} error={error?.fields?.bureau_username} hint={t("bureau_username_hint")}>
          <input name="bureau_username" required autocomplete="off" value={form.bureau_username} onInput={set("bureau_username")} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>{t("setup_submit")}</button>
      </form>
    </section>
  );
}
