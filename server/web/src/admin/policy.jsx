// A place's policy (issue #15): every key in force with its value, the layer it comes from and
// what that layer's document cites; a key changed as a new version from a date (the server
// validates as the API does); a preset loaded after a preview of what it changes; the versions
// stored on the place, with who made each and what it changed.
import { useState } from "preact/hooks";
import { api, query } from "../api.js";
import { todayInChina, chinaTime } from "../format.js";
import { policyKeyLabel, policyValueText, useT } from "../i18n.js";
import { DateInput, Empty, ErrorNote, Field, Loading, useAction, useAsync, usePlace } from "../ui.jsx";
import { leaves, parseTyped, valueAt, versionBody } from "./policyDoc.js";

const shown = (v) => (v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
// A key by its Chinese name, with the key itself (the identifier documents and the API use) beneath.
function KeyName({ t, k }) {
  const label = t.lang === "zh" ? policyKeyLabel(k) : null;
  return label ? <>{label}<br /><code class="muted" translate={false}>{k}</code></> : <code translate={false}>{k}</code>;
}

export function Policy({ me }) {
  const t = useT();
  const [places, area, placeSelect] = usePlace(me);
  const [on, setOn] = useState(todayInChina());
  const policy = useAsync(() => (area ? api.get(`/jurisdictions/${area}/policy${query({ on })}`) : Promise.resolve(null)), [area, on]);
  const versions = useAsync(() => (area ? api.get(`/jurisdictions/${area}/policy/versions`) : Promise.resolve(null)), [area]);
  const presets = useAsync(() => api.get("/policy-presets"));
  const [editing, setEditing] = useState(null);  // {key, text, from}
  const [presetName, setPresetName] = useState("");
  const [presetFrom, setPresetFrom] = useState("");
  const [error, run] = useAction(() => (policy.reload(), versions.reload()));
  const placeName = Object.fromEntries((places.data?.items ?? []).map((j) => [j.id, j.name]));
  const layerText = (s) => (s.source === "national_default" ? t("layer_national") : `${placeName[s.jurisdiction_id] ?? s.source}（${s.effective_from}）`);
  async function save(e) {
    e.preventDefault();
    if (await run(() => api.put(`/jurisdictions/${area}/policy`, versionBody(editing.key, parseTyped(editing.text), editing.from))))
      setEditing(null);
  }
  const preset = presets.data?.items.find((p) => p.name === presetName);
  const changes = preset && policy.data
    ? leaves(preset.document).filter(([k, v]) => JSON.stringify(valueAt(policy.data.policy, k)) !== JSON.stringify(v)) : [];
  async function loadPreset(e) {
    e.preventDefault();
    const body = presetFrom ? { effective_from: presetFrom } : undefined;
    if (await run(() => api.post(`/jurisdictions/${area}/policy/presets/${presetName}`, body))) setPresetName("");
  }
  return (
    <section>
      <h1>{t("policy_title")}</h1>
      <div class="actions">
        {placeSelect}
        <Field label={t("policy_on")}>
          <DateInput name="on" value={on} onInput={(e) => /^\d{4}-\d{2}-\d{2}$/.test(e.currentTarget.value) && setOn(e.currentTarget.value)} />
        </Field>
      </div>
      <ErrorNote error={error} />
      {editing && (
        <form class="card" onSubmit={save} aria-label={t("policy_edit")}>
          <h2>{t("policy_edit_key", { key: (t.lang === "zh" && policyKeyLabel(editing.key)) || editing.key })}</h2>
          <div class="actions">
            <Field label={t("policy_value")} error={error?.fields?.[editing.key]} hint={t("policy_value_hint")}>
              <input name="value" required value={editing.text} onInput={(e) => setEditing({ ...editing, text: e.currentTarget.value })} />
            </Field>
            <Field label={t("effective_from")} error={error?.fields?.effective_from}>
              <DateInput name="from" required value={editing.from} onInput={(e) => setEditing({ ...editing, from: e.currentTarget.value })} />
            </Field>
          </div>
          <button type="submit">{t("policy_save_version")}</button>
          <button type="button" class="secondary" onClick={() => setEditing(null)}>{t("cancel")}</button>
        </form>
      )}
      <Loading state={policy}>
        {(d) => !d ? null : (
          <div class="table-wrap" tabIndex={0}>
            <table aria-label={t("policy_in_force")}>
              <thead><tr><th>{t("policy_key")}</th><th>{t("policy_value")}</th><th>{t("policy_layer")}</th><th>{t("policy_citation")}</th><th></th></tr></thead>
              <tbody>
                {Object.entries(d.sources).filter(([key]) => !key.startsWith("sources.")).sort(([a], [b]) => a.localeCompare(b)).map(([key, s]) => (
                  <tr>
                    <td><KeyName t={t} k={key} /></td><td>{policyValueText(t.lang, valueAt(d.policy, key))}</td><td>{layerText(s)}</td>
                    <td class="muted" translate={false}>{s.citation ?? "—"}</td>
                    <td><button class="link" aria-label={t("policy_edit_key", { key })}
                                onClick={() => setEditing({ key, text: shown(valueAt(d.policy, key)), from: todayInChina() })}>{t("policy_edit")}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loading>
      <form class="card" onSubmit={loadPreset} aria-label={t("policy_load_preset")}>
        <h2>{t("policy_load_preset")}</h2>
        <div class="actions">
          <Field label={t("policy_preset")}>
            <select name="preset" value={presetName} onChange={(e) => setPresetName(e.currentTarget.value)}>
              <option value="">{t("choose")}</option>
              {(presets.data?.items ?? []).map((p) => <option value={p.name}>{t(`preset_${p.name}`)}</option>)}
            </select>
          </Field>
          <Field label={t("effective_from")} error={error?.fields?.effective_from} hint={t("setup_effective_hint")}>
            <DateInput name="preset_from" value={presetFrom} onInput={(e) => setPresetFrom(e.currentTarget.value)} />
          </Field>
        </div>
        {preset && (changes.length === 0 ? <p>{t("preset_no_changes")}</p> : (
          <table aria-label={t("preset_preview")}>
            <caption>{t("preset_preview_count", { n: changes.length })}</caption>
            <thead><tr><th>{t("policy_key")}</th><th>{t("policy_now")}</th><th>{t("policy_after")}</th></tr></thead>
            <tbody>
              {changes.map(([k, v]) => <tr><td><KeyName t={t} k={k} /></td><td>{policyValueText(t.lang, valueAt(policy.data.policy, k))}</td><td>{policyValueText(t.lang, v)}</td></tr>)}
            </tbody>
          </table>
        ))}
        <button type="submit" disabled={!preset}>{t("policy_load")}</button>
      </form>
      <h2>{t("policy_versions")}</h2>
      <Loading state={versions}>
        {(d) => !d || d.items.length === 0 ? <Empty /> : (
          <table>
            <thead><tr><th>{t("effective_from")}</th><th>{t("policy_changed_at")}</th><th>{t("policy_changed_by")}</th><th>{t("policy_change")}</th></tr></thead>
            <tbody>
              {d.items.map((v) => (
                <tr>
                  <td>{v.effective_from}</td><td>{chinaTime(v.changed_at).slice(0, 10)}</td>
                  <td translate={false}>{v.changed_by_username ?? (v.changed_by === null ? "—" : t("user_no", { id: v.changed_by }))}</td>
                  <td>{v.change ? leaves(v.change).map(([k, x]) => `${(t.lang === "zh" && policyKeyLabel(k)) || k} = ${policyValueText(t.lang, x)}`).join("；") : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loading>
    </section>
  );
}
