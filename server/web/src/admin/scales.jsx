// The four-post eleven-grade salary scale as versioned data (issue #15): the table in force for a
// place (its own version, or the nearest place above it that has one, as the server finds it) and
// the versions there; a new version pasted from a spreadsheet and checked cell by cell before it is sent; the
// illustrative preset, labelled as example data.
import { useState } from "preact/hooks";
import { api } from "../api.js";
import { yuan } from "../format.js";
import { useT } from "../i18n.js";
import { DateInput, Empty, ErrorNote, Field, Loading, useAction, useAsync, usePlace } from "../ui.jsx";
import { parseScaleTsv } from "./scaleDoc.js";

function ScaleTable({ scale, problems = [] }) {
  const t = useT();
  const bad = new Map(problems.map((p) => [`${p.row}:${p.col}`, p.problem]));
  const grades = Array.from({ length: scale.grades }, (_, g) => g + 1);
  return (
    <div class="table-wrap" tabIndex={0}>
      <table class="scale">
        <thead><tr><th>{t("post")}</th>{grades.map((g) => <th>{t("grade_n", { n: g })}</th>)}</tr></thead>
        <tbody>
          {scale.posts.map((p, row) => (
            <tr>
              <th class={bad.has(`${row}:0`) ? "bad" : ""}>{p.code} {p.name}</th>
              {grades.map((g) => {
                const problem = bad.get(`${row}:${g + 1}`);
                const fen = scale.amounts_fen[row]?.[g - 1];
                return (
                  <td class={`money${problem ? " bad" : ""}`} title={problem ? t(`scale_${problem}`) : undefined}>
                    {fen === null || fen === undefined ? "?" : yuan(fen)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Scales({ me }) {
  const t = useT();
  const [places, area, placeSelect] = usePlace(me);
  const versions = useAsync(() => api.get("/salary-scales?limit=500"));
  const [form, setForm] = useState({ name: "", effective_from: "", text: "" });
  const [presetFrom, setPresetFrom] = useState("");
  const [error, run] = useAction(() => versions.reload());
  const nodes = places.data?.items ?? [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inForce = useAsync(() => (area ? api.get(`/jurisdictions/${area}/salary-scale`).catch((x) => {
    if (x.code === "not_found") return null;
    throw x;
  }) : Promise.resolve(null)), [area, versions.data]);
  // The versions on this place and on the place the scale in force comes from.
  const mine = (versions.data?.items ?? []).filter((v) => v.jurisdiction_id === area || v.jurisdiction_id === inForce.data?.jurisdiction_id);
  const placeOf = (id) => byId.get(id)?.name ?? (id === inForce.data?.jurisdiction_id ? inForce.data.jurisdiction_name : `#${id}`);
  const pasted = form.text.trim() ? parseScaleTsv(form.text) : null;
  async function save(e) {
    e.preventDefault();
    const body = { jurisdiction_id: area, name: form.name, effective_from: form.effective_from, posts: pasted.posts,
                   grades: pasted.grades, amounts_fen: pasted.amounts_fen };
    if (await run(() => api.post("/salary-scales", body))) setForm({ name: "", effective_from: "", text: "" });
  }
  async function loadPreset(e) {
    e.preventDefault();
    await run(() => api.post("/salary-scales/presets/illustrative-4x11", { jurisdiction_id: area, effective_from: presetFrom }));
  }
  return (
    <section>
      <h1>{t("scales_title")}</h1>
      {placeSelect}
      <Loading state={inForce}>
        {(scale) => !scale ? <p class="muted">{t("scale_none_in_force")}</p> : (
          <>
            <h2>{t("scale_in_force", { name: scale.name, from: scale.effective_from, place: scale.jurisdiction_name })}</h2>
            {scale.illustrative && <p class="warn" role="note">{t("scale_example_notice")}</p>}
            <ScaleTable scale={scale} />
          </>
        )}
      </Loading>
      <h2>{t("scale_versions")}</h2>
      {mine.length === 0 ? <Empty /> : (
        <table>
          <thead><tr><th>{t("scale_name")}</th><th>{t("jurisdiction")}</th><th>{t("effective_from")}</th></tr></thead>
          <tbody>
            {mine.map((v) => (
              <tr><td>{v.name}{v.illustrative && <> · <strong>{t("scale_illustrative_short")}</strong></>}</td>
                <td>{placeOf(v.jurisdiction_id)}</td><td>{v.effective_from}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote error={error} />
      <form class="card" onSubmit={save} aria-label={t("scale_new")}>
        <h2>{t("scale_new")}</h2>
        <div class="actions">
          <Field label={t("scale_name")} error={error?.fields?.name}>
            <input name="scale_name" required value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          </Field>
          <Field label={t("effective_from")} error={error?.fields?.effective_from}>
            <DateInput name="scale_from" required value={form.effective_from} onInput={(e) => setForm({ ...form, effective_from: e.currentTarget.value })} />
          </Field>
        </div>
        <Field label={t("scale_paste")} hint={t("scale_paste_hint")} error={error?.fields?.amounts_fen ?? error?.fields?.posts}>
          <textarea name="scale_paste" rows="6" value={form.text} onInput={(e) => setForm({ ...form, text: e.currentTarget.value })} />
        </Field>
        {pasted && (
          <>
            {pasted.problems.length > 0 && (
              <ul class="error" role="alert">
                {pasted.problems.map((p) => <li>{t("scale_problem_at", { row: p.row + 1, col: p.col + 1, problem: t(`scale_${p.problem}`) })}</li>)}
              </ul>
            )}
            {pasted.posts.length > 0 && <ScaleTable scale={pasted} problems={pasted.problems} />}
          </>
        )}
        <button type="submit" disabled={!pasted || pasted.problems.length > 0}>{t("scale_save")}</button>
      </form>
      <form class="card" onSubmit={loadPreset} aria-label={t("scale_load_illustrative")}>
        <h2>{t("scale_load_illustrative")}</h2>
        <p class="warn">{t("scale_example_notice")}</p>
        <div class="actions">
          <Field label={t("effective_from")} error={error?.fields?.effective_from}>
            <DateInput name="preset_from" required value={presetFrom} onInput={(e) => setPresetFrom(e.currentTarget.value)} />
          </Field>
          <button type="submit" class="secondary">{t("scale_load")}</button>
        </div>
      </form>
    </section>
  );
}
