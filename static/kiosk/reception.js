/* Reception: the kiosk flow for the adviser, keyboard first. One search box over every transaction, the
   full account detail, the override with its reason, and reprints of today's tickets. */
(() => {
  "use strict";
  const { api, time } = window.Turnero;
  const texts = document.querySelector("[data-texts]").dataset;
  const q = document.getElementById("r-q");
  const options = Array.from(document.querySelectorAll("#r-results [role=option]"));
  const account = document.getElementById("r-account");
  const reason = document.getElementById("r-reason");
  const accountBlock = document.querySelector("[data-account-block]");
  const detail = document.querySelector("[data-account-detail]");
  const override = document.querySelector("[data-override]");
  const issueButton = document.querySelector("[data-issue]");
  const error = document.querySelector("[data-error]");
  const issued = document.querySelector("[data-issued]");
  const find = document.getElementById("r-find");
  const today = document.querySelector("[data-today]");
  const reprintStatus = document.querySelector("[data-reprint-status]");

  let state = {};
  let active = -1;

  const printJobUrl = (job) => `/kiosk/impresiones/${job}`;
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const visible = () => options.filter((o) => !o.hidden);
  const fill = (root, name, value) => root.querySelectorAll(`[data-field="${name}"]`)
    .forEach((el) => { el.textContent = value == null ? "" : value; });

  /* ---------------------------------------------------------------- search over all transactions */
  function filter() {
    const words = fold(q.value).split(/\s+/).filter(Boolean);
    options.forEach((o) => { o.hidden = !words.every((w) => fold(o.dataset.search).includes(w)); });
    highlight(visible().length ? 0 : -1);
  }

  function highlight(index) {
    const shown = visible();
    options.forEach((o) => o.setAttribute("aria-selected", "false"));
    active = Math.max(-1, Math.min(index, shown.length - 1));
    if (active >= 0) {
      shown[active].setAttribute("aria-selected", "true");
      shown[active].scrollIntoView({ block: "nearest" });
      q.setAttribute("aria-activedescendant", shown[active].id);
    } else {
      q.removeAttribute("aria-activedescendant");
    }
  }

  function choose(option) {
    state = { tx: option.dataset.tx, needsCheck: option.dataset.check === "1", key: api.newKey() };
    document.querySelector("[data-selected-label]").textContent = option.querySelector(".r-tx").textContent;
    document.querySelector("[data-selected-dest]").textContent = option.querySelector(".r-dest").textContent;
    showRequirements(JSON.parse(option.dataset.requirements || "[]"));
    accountBlock.hidden = !state.needsCheck;
    detail.hidden = true;
    override.hidden = true;
    error.textContent = "";
    issueButton.disabled = false;
    (state.needsCheck ? account : issueButton).focus();
  }

  const listItems = (items) => items.map((t) => Object.assign(document.createElement("li"), { textContent: t }));

  /* The trámite's requirements as soon as it is chosen (act 2); `null` hides them (nothing chosen). */
  function showRequirements(items) {
    const block = document.querySelector("[data-requirements-block]");
    block.hidden = items === null;
    block.querySelector('[data-field="requirements"]').replaceChildren(...listItems(items || []));
    block.querySelector("[data-no-requirements]").hidden = !items || items.length > 0;
  }

  q.addEventListener("input", filter);
  q.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Enter" && !event.ctrlKey && active >= 0) { event.preventDefault(); choose(visible()[active]); }
  });
  options.forEach((o) => o.addEventListener("click", () => choose(o)));

  /* ---------------------------------------------------------------- account check, full detail */
  async function check() {
    if (!account.value.trim()) return;
    error.textContent = "";
    try {
      const answer = await api.call("POST", "/api/v1/accounts/check", { account: account.value.trim() });
      const r = answer.result;
      state.checked = r;
      detail.hidden = false;
      detail.dataset.status = r.status;
      ["message", "account", "holder_name", "ci", "debt_amount", "pay_at", "notes"].forEach((k) => fill(detail, k, r[k]));
      const top10 = detail.querySelector("[data-top10]"); // «Cliente Top 10: caso abierto #N (paso, responsable)»
      top10.textContent = r.top10 ? r.top10.text : "";
      top10.hidden = !r.top10;
      const list = detail.querySelector('[data-field="pending_requirements"]');
      list.replaceChildren(...(r.pending_requirements || []).map((t) => Object.assign(document.createElement("li"), { textContent: t })));
      // Debt, pending requirements or an unknown account: the adviser may still issue, with a reason (act. 7).
      override.hidden = !["debt", "pending_requirements", "not_found"].includes(r.status);
      (override.hidden ? issueButton : reason).focus();
    } catch (e) {
      error.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
    }
  }
  document.querySelector("[data-check]").addEventListener("click", check);
  account.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey) { event.preventDefault(); check(); }
  });

  /* ---------------------------------------------------------------- issue and print */
  async function issue() {
    if (!state.tx || state.issuing) return;
    state.issuing = true;
    issueButton.disabled = true;
    error.textContent = "";
    const preferential = document.querySelector('input[name="preferential"]:checked').value || null;
    try {
      const answer = await api.call("POST", "/recepcion/fichas", {
        transaction: state.tx, preferential, account: account.value.trim() || null,
        override_reason: override.hidden ? null : reason.value.trim() || null, idempotency_key: state.key,
      });
      showIssued(answer.ticket, answer.job);
      state = {};
      loadToday();
    } catch (e) {
      error.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
      if (e instanceof api.ApiError && e.code && e.code.startsWith("account_")) { override.hidden = false; reason.focus(); }
      issueButton.disabled = false;
    } finally {
      state.issuing = false;
    }
  }

  function showIssued(ticket, job) {
    issued.hidden = false;
    fill(issued, "number", ticket.number);
    fill(issued, "transaction_label", ticket.transaction_label);
    fill(issued, "destination", ticket.destination);
    fill(issued, "area_name", ticket.area_name);
    fill(issued, "people_ahead", String(ticket.people_ahead));
    fill(issued, "wait_text", ticket.wait_text);
    fill(issued, "wait_notice", ticket.wait_notice || "");
    issued.querySelector('[data-field="wait_notice"]').hidden = !ticket.wait_notice;
    const requirements = ticket.requirements || [];
    issued.querySelector('[data-field="issued_requirements"]').replaceChildren(...listItems(requirements));
    issued.querySelector("[data-issued-requirements]").hidden = requirements.length === 0;
    const verification = { ok: texts.verified, unverified: texts.unverified, override: texts.override };
    fill(issued, "verification_text", verification[ticket.verification] || "");
    if (job === null) { fill(issued, "print", texts.noPrinter); return; }
    fill(issued, "print", texts.printing);
    api.watchJob(printJobUrl(job), (ok) => fill(issued, "print", ok ? texts.printed : texts.printFailed));
  }

  function reset() {
    state = {};
    q.value = "";
    account.value = "";
    reason.value = "";
    filter();
    accountBlock.hidden = true;
    detail.hidden = true;
    override.hidden = true;
    error.textContent = "";
    issueButton.disabled = true;
    document.querySelector('input[name="preferential"][value=""]').checked = true;
    document.querySelector("[data-selected-label]").textContent = texts.choose;
    document.querySelector("[data-selected-dest]").textContent = "";
    showRequirements(null);
    q.focus();
  }

  issueButton.addEventListener("click", issue);
  document.querySelector("[data-reset]").addEventListener("click", reset);

  /* ---------------------------------------------------------------- today's tickets and reprints */
  function row(t) {
    const tr = document.createElement("tr");
    tr.dataset.ticket = t.id;
    [t.number, t.transaction_label, t.status_label, time.clock(t.issued_at)].forEach((value) => {
      tr.appendChild(Object.assign(document.createElement("td"), { textContent: value }));
    });
    const td = document.createElement("td");
    const button = Object.assign(document.createElement("button"), { type: "button", textContent: texts.reprint });
    button.dataset.reprint = t.id;
    button.setAttribute("aria-label", `${texts.reprint} ${t.number}`);
    td.appendChild(button);
    tr.appendChild(td);
    return tr;
  }

  async function loadToday() {
    try {
      const answer = await api.get(`/recepcion/fichas?q=${encodeURIComponent(find.value.trim())}`);
      today.replaceChildren(...answer.tickets.map(row));
    } catch (_e) { /* keep the list as it is */ }
  }
  let findTimer = null;
  find.addEventListener("input", () => { clearTimeout(findTimer); findTimer = setTimeout(loadToday, 200); });

  today.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-reprint]");
    if (!button) return;
    const number = button.closest("tr").firstElementChild.textContent;
    const say = (template) => { reprintStatus.textContent = template.replace("{n}", number); };
    say(texts.reprinting);
    try {
      const answer = await api.post(`/recepcion/fichas/${button.dataset.reprint}/reimprimir`);
      api.watchJob(printJobUrl(answer.job), (ok) => say(ok ? texts.reprintDone : texts.reprintFailed));
    } catch (e) {
      reprintStatus.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
    }
  });

  /* ---------------------------------------------------------------- shortcuts */
  document.addEventListener("keydown", (event) => {
    if (event.key === "F2") { event.preventDefault(); q.focus(); q.select(); }
    else if (event.key === "F4" && !accountBlock.hidden) { event.preventDefault(); account.focus(); account.select(); }
    else if (event.key === "F6") { event.preventDefault(); find.focus(); }
    else if (event.key === "Escape") { event.preventDefault(); reset(); }
    else if (event.key === "Enter" && event.ctrlKey) { event.preventDefault(); issue(); }
    else if (event.altKey && /^[0-3]$/.test(event.key)) {
      event.preventDefault();
      const radios = document.querySelectorAll('input[name="preferential"]');
      radios[Number(event.key)].checked = true;
    }
  });

  // Start clean, but keep what the adviser typed in the search box before this script had loaded.
  const typedEarly = q.value;
  reset();
  if (typedEarly) { q.value = typedEarly; filter(); }
})();
