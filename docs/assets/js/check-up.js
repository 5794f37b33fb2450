/* The check-up (docs/check-up.md): the answers, their address, the result, a session on what to
   work on, and the comparison with an earlier check-up. The statements and their areas are read
   from the page's form; what the result needs (each statement's why, chapter and activity) is a
   script the build writes (hooks/content/check_up.py, assets/check-up/data.js), and the result, the
   sessions and the comparison are drawn by check-up-result.js: both are loaded once there is an
   answer, so that the page's first load stays small. The answers live in the address, after
   the "#" ("m1=y&p3=n"; "then=m1n.p3p" for an earlier check-up): no cookie, no storage,
   nothing sent. Without this script the page is a form to print. */
(() => {
  const root = document.querySelector(".check-up"), dataEl = document.getElementById("check-up-data");
  if (!root || !dataEl) return;
  const boot = JSON.parse(dataEl.textContent), $ = s => root.querySelector(s);
  let data = null, R = null, loading = 0, failed = false;
  const ANS = { y: "Yes", p: "Partly", n: "Not yet", d: "Don’t know" }, DATE = /^\d{4}-\d\d-\d\d$/;
  const LENGTHS = [60, 90, 120, 150, 180], BREAK = 15;
  const all = [], byId = {}, areas = [], num = el => el.textContent.replace(/^\s*\d+\.\s*/, "").trim();
  root.querySelectorAll(".check-up-area").forEach(sec => {
    const head = sec.querySelector("h3"), a = { id: head.id.slice(5), title: num(head), statements: [] };
    sec.querySelectorAll(".check-up-q").forEach(f => {
      const s = { id: f.id.slice(2), says: num(f.querySelector("legend")), area: a };
      a.statements.push(s); all.push(s); byId[s.id] = s;
    });
    areas.push(a);
  });
  const form = $(".check-up-form"), says = $(".check-up-says"), planEl = $(".check-up-plan"), thenNow = $(".check-up-then-now");
  const notice = $(".check-up-notice"), status = $(".check-up-status"), dateEl = $("#check-up-date"), thenEl = $("#check-up-then");
  let state = { answers: {}, on: "", len: 120, then: null }, written = "", thenSaid = "";

  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const k in attrs || {}) el.setAttribute(k, attrs[k]);
    el.append(...kids.filter(k => k !== null && k !== ""));
    return el;
  };
  const list = w => (w.length < 2 ? w.join("") : w.slice(0, -1).join(", ") + " and " + w[w.length - 1]);
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
  const length = m => [m >= 60 ? plural(Math.floor(m / 60), "hour", "hours") : "",
    m % 60 || m < 60 ? plural(m % 60, "minute", "minutes") : ""].filter(Boolean).join(" ");
  const MONTHS = "January February March April May June July August September October November December".split(" ");
  const longDate = d => `${+d.slice(8)} ${MONTHS[+d.slice(5, 7) - 1]} ${d.slice(0, 4)}`;
  const say = text => { status.textContent = status.textContent === text ? text + "\u00a0" : text; };

  /* --- The address ------------------------------------------------------------------------ */
  const compact = answers => all.filter(s => answers[s.id]).map(s => s.id + answers[s.id]).join(".");
  function toHash() {
    const p = new URLSearchParams();
    if (state.on) p.set("on", state.on);
    all.forEach(s => state.answers[s.id] && p.set(s.id, state.answers[s.id]));
    if (state.len !== 120) p.set("length", state.len);
    if (state.then) {
      p.set("then", compact(state.then.answers));
      if (state.then.on) p.set("thenon", state.then.on);
    }
    return p.toString();
  }
  /* One answer into "where", or what could not be read ("shown" as the address has it) into
     "left", or into "gone" for a statement this check-up no longer asks. */
  function answer(id, v, shown, where, left, gone) {
    if (!byId[id]) { (ANS[v] && /^[a-z][a-z0-9]{0,7}$/.test(id) ? gone : left).push(`“${shown}”`); return; }
    if (!ANS[v] || where[id]) { left.push(`“${shown}”`); return; }
    where[id] = v;
  }
  /* The answers in an address (the part after "#"), and what it could not read. */
  function fromHash(hash) {
    const s = { answers: {}, on: "", len: 120, then: null }, left = [], gone = [];
    let thenOn = "";
    new URLSearchParams(hash).forEach((v, k) => {
      if (k === "on" || k === "thenon") {
        if (DATE.test(v) && !isNaN(Date.parse(v))) { if (k === "on") s.on = v; else thenOn = v; } else left.push(`“${k}=${v}”`);
      } else if (k === "length") {
        if (LENGTHS.includes(+v)) s.len = +v; else left.push(`“${k}=${v}”`);
      } else if (k === "then") {
        const t = {};
        v.split(".").filter(Boolean).forEach(x => answer(x.slice(0, -1), x.slice(-1), `then: ${x}`, t, left, gone));
        if (Object.keys(t).length) s.then = { answers: t, on: "" };
      } else answer(k, v, `${k}=${v}`, s.answers, left, gone);
    });
    if (s.then) s.then.on = thenOn;
    const out = [];
    if (left.length) out.push(`Part of this page’s address could not be read, so the check-up leaves out ${list(left)}.`);
    if (gone.length) out.push(`The address has ${plural(gone.length, "answer", "answers")} to statements this check-up no longer asks (${list(gone)}), so ${gone.length === 1 ? "it is" : "they are"} left out.`);
    return [s, out];
  }
  function write() {
    written = toHash();
    const url = location.href.split("#")[0] + (written ? "#" + written : "");
    try { history.replaceState(history.state, "", url); } catch (e) { location.replace(url); }
  }
  function readAddress() {
    const hash = location.hash.slice(1);
    if (!hash.includes("=")) return false;  /* only an anchor on the page */
    const [s, said] = fromHash(hash);
    state = s;
    written = hash;
    notice.hidden = !said.length;
    notice.textContent = said.join(" ");
    return true;
  }

  /* --- Compare with last time ------------------------------------------------------------------ */
  function readEarlier() {
    const text = thenEl.value.trim(), hash = text.includes("#") ? text.slice(text.lastIndexOf("#") + 1) : text;
    const [s, said] = fromHash(hash.replace(/^\?/, ""));
    if (!Object.keys(s.answers).length) {
      thenNow.replaceChildren(h("p", { class: "check-up-problem" }, "That address has no check-up answers in it. Copy the whole address of the earlier check-up, with the part after “#”, and paste it here."));
      thenEl.focus();
      return;
    }
    state.then = { answers: s.answers, on: s.on };
    thenSaid = said.join(" ").replace("this page’s address", "the earlier address").replace("The address", "The earlier address");
    changed();
    say(`Comparing with the check-up${s.on ? ` of ${longDate(s.on)}` : ""}.${thenSaid ? " " + thenSaid : ""}`);
  }

  /* --- The result's data, loaded once there is an answer ------------------------------------------ */
  function load() {
    if (loading) return;
    failed = false;
    [boot.data, boot.more].forEach(src => {
      const s = document.createElement("script");
      loading++;
      s.src = src;
      s.onload = () => {
        if (--loading || failed) return;
        data = window.toolkitCheckUp;
        R = window.toolkitCheckUpResult;
        all.forEach(x => { const d = data.statements[x.id] || {}; Object.assign(x, d, { ch: data.chapters[d.ch] }); });
        results();
      };
      s.onerror = () => { s.remove(); loading = 0; failed = true; results(); };
      document.head.append(s);
    });
  }
  /* What check-up-result.js draws with: the answers as they are now. */
  const drawn = () => R({ h, list, plural, length, longDate, ANS, LENGTHS, BREAK, all, byId, areas, data, state, thenSaid });
  const retry = () => h("p", null, "Part of the check-up could not be loaded, so the result cannot show yet. Check the connection and try again. ",
    h("button", { type: "button", class: "md-button", "data-action": "retry" }, "Try again"));

  /* --- On screen and changes --------------------------------------------------------------------- */
  function results() {
    if ((all.some(s => state.answers[s.id]) || state.then) && !data) {
      if (!failed) load();
      says.replaceChildren(failed ? retry() : h("p", null, "Getting your result…"));
      planEl.replaceChildren();
      thenNow.replaceChildren();
      return;
    }
    const d = data ? drawn() : null;
    says.replaceChildren(...(d ? d.result() : [h("p", null, "Answer some of the statements above, and your result shows here.")]));
    planEl.replaceChildren(...(d ? d.plan() : [h("p", null, "Answer the statements, and the activities that help with what you answer “Not yet” or “Partly” show here.")]));
    thenNow.replaceChildren(...(d ? d.compare() : []));
  }
  function render() {
    form.querySelectorAll("input[type=radio]").forEach(r => { r.checked = state.answers[r.name] === r.value; });
    if (dateEl !== document.activeElement) dateEl.value = state.on;
    results();
  }
  function changed() { write(); render(); }
  form.addEventListener("submit", e => e.preventDefault());
  root.addEventListener("change", e => {
    const el = e.target;
    if (el.type === "radio" && byId[el.name]) { state.answers[el.name] = el.value; write(); results(); }
    else if (el === dateEl) { state.on = DATE.test(el.value) ? el.value : ""; changed(); }
    else if (el.id === "check-up-length") {
      state.len = +el.value;
      changed();
      $("#check-up-length").focus();
      const k = data ? drawn().sessions().length : 0;
      say(`Sessions of ${length(state.len)}: ${plural(k, "session", "sessions")}.`);
    }
  });
  root.addEventListener("click", e => {
    const b = e.target.closest("button");
    if (!b) return;
    const act = b.dataset.action;
    if (act === "result") { const r = $("#our-result"); r.scrollIntoView(); r.focus({ preventScroll: true }); }
    else if (act === "print") window.print();
    else if (act === "clear") { state.answers = {}; state.on = ""; changed(); say("All answers cleared."); }
    else if (act === "compare") readEarlier();
    else if (act === "retry") { load(); results(); say("Trying again to load the result."); }
    else if (act === "uncompare") { state.then = null; thenSaid = ""; changed(); thenEl.focus(); say("Stopped comparing."); }
  });
  thenEl.addEventListener("keydown", e => { if (e.key === "Enter") { e.preventDefault(); readEarlier(); } });
  window.addEventListener("hashchange", () => {
    if (location.hash.slice(1) === written) return;
    if (readAddress()) { render(); say("Opened the check-up in the address."); }
    else setTimeout(write);  /* an anchor was followed: keep the answers in the address */
  });
  readAddress();
  render();
})();
