// The web interface: sign in, then each role's screens (a worker's phone-first pages, an
// agency's staff and payroll, a bureau's oversight). Routing is by the URL's hash.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, session, setLanguage } from "./api.js";
import { Home } from "./home.jsx";
import { LangContext, useT } from "./i18n.js";
import { ErrorNote, Field, useAction, useAsync } from "./ui.jsx";
import { workerScreens } from "./worker/screens.jsx";
import { Hire, Import, Staff } from "./agency/staff.jsx";
import { Assessments, Filings, Increments, Payroll, Sanctions } from "./agency/pay.jsx";
import { AgencySanctions, Cases, Compliance, FilingQueue, Funding, Turnover } from "./bureau/screens.jsx";
import { Contracts } from "./bureau/contracts.jsx";
import { Setup } from "./admin/setup.jsx";
import { Accounts } from "./admin/accounts.jsx";
import { Organisations } from "./admin/organisations.jsx";
import { Policy } from "./admin/policy.jsx";
import { Scales } from "./admin/scales.jsx";
import { Audit } from "./admin/audit.jsx";

// Each role lands on its home screen: the figures and what needs doing (issue #16).
const bureauScreens = [
  { path: "home", label: "nav_home", view: Home },
  { path: "queue", label: "nav_queue", view: FilingQueue },
  { path: "compliance", label: "nav_compliance", view: Compliance },
  { path: "cases", label: "nav_cases", view: Cases },
  { path: "sanctions", label: "nav_agency_sanctions", view: AgencySanctions },
  { path: "turnover", label: "nav_turnover", view: Turnover },
  { path: "funding", label: "nav_funding", view: Funding },
  { path: "contracts", label: "nav_contracts", view: Contracts },
  { path: "organisations", label: "nav_organisations", view: Organisations },
  { path: "policy", label: "nav_policy", view: Policy },
  { path: "scales", label: "nav_scales", view: Scales },
  { path: "accounts", label: "nav_accounts", view: Accounts },
  { path: "audit", label: "nav_audit", view: Audit },
];

const agencyAdminScreens = [
  { path: "home", label: "nav_home", view: Home },
  { path: "staff", label: "nav_staff", view: Staff },
  { path: "hire", label: "nav_hire", view: Hire },
  { path: "import", label: "nav_import", view: Import },
  { path: "assessments", label: "nav_assessments", view: Assessments },
  { path: "increments", label: "nav_increments", view: Increments },
  { path: "payroll", label: "nav_payroll", view: Payroll },
  { path: "filings", label: "nav_filings", view: Filings },
  { path: "sanctions", label: "nav_sanctions", view: Sanctions },
  { path: "contracts", label: "nav_contracts", view: Contracts },
  { path: "accounts", label: "nav_accounts", view: Accounts },
];
// The payroll officer pays people; hiring, rating and raising them is the administrator's.
const payrollOfficerScreens = agencyAdminScreens.filter((s) => ["home", "staff", "payroll", "filings", "sanctions"].includes(s.path));

const LANG_KEY = "socialroll.lang";

function useHash() {
  const [hash, setHash] = useState(location.hash.slice(1) || "");
  useEffect(() => {
    const on = () => setHash(location.hash.slice(1));
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return hash;
}

// An account made by someone else sets its own password before anything else (issue #13): the
// server answers nothing but this until then. Changing it ends every session, so sign in again.
function OwnPassword({ onDone }) {
  const t = useT();
  const [form, setForm] = useState({ current_password: "", new_password: "" });
  const [busy, setBusy] = useState(false);
  const [error, run] = useAction(onDone);
  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    await run(() => api.put("/me/password", form));
    setBusy(false);
  }
  return (
    <main class="narrow">
      <h1>{t("own_password_title")}</h1>
      <p>{t("own_password_why")}</p>
      <form onSubmit={submit} class="card">
        <Field label={t("current_password_given")} error={error?.fields?.current_password}>
          <input name="current_password" type="password" autocomplete="current-password" required
                 value={form.current_password}
                 onInput={(e) => setForm({ ...form, current_password: e.currentTarget.value })} />
        </Field>
        <Field label={t("new_password")} error={error?.fields?.new_password}>
          <input name="new_password" type="password" autocomplete="new-password" required minLength={12}
                 value={form.new_password}
                 onInput={(e) => setForm({ ...form, new_password: e.currentTarget.value })} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>{t("set_password")}</button>
      </form>
    </main>
  );
}

function Login({ onSignedIn, notice }) {
  const t = useT();
  const [form, setForm] = useState({ username: "", password: "" });
  const [busy, setBusy] = useState(false);
  const [error, run] = useAction(onSignedIn);
  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    await run(async () => session.set((await api.post("/auth/login", form)).token));
    setBusy(false);
  }
  return (
    <main class="narrow">
      <h1>{t("sign_in")}</h1>
      {notice && <p class="notice" role="status">{t(notice)}</p>}
      <form onSubmit={submit} class="card">
        <Field label={t("username")} error={error?.fields?.username}>
          <input name="username" autocomplete="username" required value={form.username}
                 onInput={(e) => setForm({ ...form, username: e.currentTarget.value })} />
        </Field>
        <Field label={t("password")} error={error?.fields?.password}>
          <input name="password" type="password" autocomplete="current-password" required value={form.password}
                 onInput={(e) => setForm({ ...form, password: e.currentTarget.value })} />
        </Field>
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>{t("sign_in")}</button>
      </form>
    </main>
  );
}

// Each role's screens: [{path, label, view}], the first is the landing page.
function screensFor(me) {
  if (me.role === "worker") return workerScreens;
  if (me.role === "agency_admin") return agencyAdminScreens;
  if (me.role === "payroll_officer") return payrollOfficerScreens;
  if (me.role === "bureau" || me.role === "admin") return bureauScreens;
  return [];
}

function Shell({ me, onSignOut, lang, setLang }) {
  const t = useT();
  const hash = useHash();
  const screens = screensFor(me);
  const [path, ...rest] = hash.split("/");
  const current = screens.find((s) => s.path === path) || screens[0];
  // An empty database: the administrator sets up the first county before anything else.
  const setup = useAsync(() => (me.role === "admin" ? api.get("/setup") : Promise.resolve({ needed: false })), [me.id]);
  if (setup.loading && !setup.data) return null;
  const settingUp = setup.data?.needed;
  return (
    <div class={`shell role-${me.role}`}>
      <header class="top">
        <span class="brand">{t("app_name")}</span>
        <span class="who"><span translate={false}>{me.username}</span>{t("signed_in_role", { role: t(`role_${me.role}`) })}</span>
        <LanguageSwitch lang={lang} setLang={setLang} />
        <button class="link" onClick={onSignOut}>{t("sign_out")}</button>
      </header>
      {!settingUp && (
        <nav class="tabs" aria-label={t("nav_main")}>
          {screens.map((s) => (
            <a href={`#${s.path}`} aria-current={s === current ? "page" : undefined}>{t(s.label)}</a>
          ))}
        </nav>
      )}
      <main>{settingUp ? <Setup onDone={() => setup.reload()} /> : current ? <current.view me={me} args={rest} /> : null}</main>
    </div>
  );
}

function LanguageSwitch({ lang, setLang }) {
  const t = useT();
  return (
    <button class="link" lang={lang === "zh" ? "en" : "zh-CN"} aria-label={`${t("language_switch")} ${t("language_switch_label")}`}
            onClick={() => setLang(lang === "zh" ? "en" : "zh")}>
      {t("language_switch")}
    </button>
  );
}

function MustSetPassword({ lang, setLang, onSignOut, onDone }) {
  const t = useT();
  return (
    <>
      <header class="top">
        <span class="brand">{t("app_name")}</span>
        <LanguageSwitch lang={lang} setLang={setLang} />
        <button class="link" onClick={onSignOut}>{t("sign_out")}</button>
      </header>
      <OwnPassword onDone={onDone} />
    </>
  );
}

function SignedOut({ lang, setLang, onSignedIn, notice }) {
  const t = useT();
  return (
    <>
      <header class="top">
        <span class="brand">{t("app_name")}</span>
        <LanguageSwitch lang={lang} setLang={setLang} />
      </header>
      <Login onSignedIn={onSignedIn} notice={notice} />
    </>
  );
}

function App() {
  const [lang, setLangState] = useState(localStorage.getItem(LANG_KEY) || "zh");
  setLanguage(lang);
  const [me, setMe] = useState(null);
  const [checked, setChecked] = useState(false);
  const [notice, setNotice] = useState(null);
  const setLang = (l) => {
    localStorage.setItem(LANG_KEY, l);
    setLangState(l);
  };
  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }, [lang]);
  async function loadMe() {
    if (!session.token) {
      setMe(null);
      setChecked(true);
      return;
    }
    try {
      setMe(await api.get("/me"));
    } catch {
      setMe(null);
    }
    setChecked(true);
  }
  useEffect(() => {
    loadMe();
    // The server ended the session (expired, revoked): say so on the sign-in page.
    const out = () => (setMe(null), setNotice("session_expired"));
    addEventListener("socialroll:signed-out", out);
    return () => removeEventListener("socialroll:signed-out", out);
  }, []);
  function passwordSet() {
    session.set(null);
    setMe(null);
    setNotice("password_set_sign_in");
  }
  async function signOut() {
    try {
      await api.post("/auth/logout");
    } catch {
      /* already gone */
    }
    session.set(null);
    setMe(null);
    setNotice(null);
    location.hash = "";
  }
  return (
    <LangContext.Provider value={lang}>
      {!checked ? null : me?.must_change_password ? (
        <MustSetPassword lang={lang} setLang={setLang} onSignOut={signOut} onDone={passwordSet} />
      ) : me ? (
        <Shell me={me} onSignOut={signOut} lang={lang} setLang={setLang} />
      ) : (
        <SignedOut lang={lang} setLang={setLang} onSignedIn={loadMe} notice={notice} />
      )}
    </LangContext.Provider>
  );
}

// index.html paints a header and a loading line before this script arrives; the app replaces them.
const root = document.getElementById("app");
root.textContent = "";
render(<App />, root);
