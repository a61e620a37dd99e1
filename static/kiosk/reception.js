/* Reception: COM-DSC-P01 acts 1–8 for the adviser, keyboard first. One search box in three modes: trámites
   (F2: the full account detail, the override with its reason, the ticket), information (F7: requirements and
   the brochure) and locate (F8: where, Seguridad Física, the directions slip). Every attention is recorded,
   then the customer's answer to the P01 question (Alt+S / Alt+N). Today's tickets (F6), live, with their reprints
   and «Anular», are reception_today.js. */
(() => {
  "use strict";
  const { api } = window.Turnero;
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
  const reasonHint = document.querySelector("[data-reason-hint]");

  const visitBox = document.querySelector("[data-visit]");
  const txForm = document.querySelector("[data-tx-form]");
  const printSlip = document.querySelector("[data-print-slip]");
  const attendButton = document.querySelector("[data-attend]");
  const attended = document.querySelector("[data-attended]");
  const visitError = document.querySelector("[data-visit-error]");
  const p01 = document.querySelector("[data-p01]");
  const p01Status = document.querySelector("[data-p01-status]");
  const modeButtons = Array.from(document.querySelectorAll("[data-mode]"));

  let state = {};
  let active = -1;
  let mode = "tx";

  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const visible = () => options.filter((o) => !o.hidden);
  const fill = (root, name, value) => root.querySelectorAll(`[data-field="${name}"]`)
    .forEach((el) => { el.textContent = value == null ? "" : value; });

  /* ---------------------------------------------------------------- search over all transactions */
  function filter() {
    const words = fold(q.value).split(/\s+/).filter(Boolean);
    options.forEach((o) => {
      o.hidden = o.dataset.kind !== mode || !words.every((w) => fold(o.dataset.search).includes(w));
    });
    document.querySelector("[data-empty]").hidden = visible().length > 0;
    highlight(visible().length ? 0 : -1);
  }

  /* F2 / F7 / F8: what the customer came for (act. 1). The search box then lists only that kind. */
  function setMode(next) {
    mode = next;
    modeButtons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.mode === mode)));
    document.querySelector("[data-search-label]").textContent =
      { tx: texts.searchTx, info: texts.searchInfo, locate: texts.searchLocate }[mode];
    q.placeholder = { tx: texts.hintTx, info: texts.hintInfo, locate: texts.hintLocate }[mode] || ""; // what fits this search
    reset();
  }
  modeButtons.forEach((b) => b.addEventListener("click", () => setMode(b.dataset.mode)));

  /* «Ver sus trámites» on a public desk found in «Ubicar»: the trámites whose ticket reaches it, by its queue's name
     (what the trámite search matches, core/org/catalogue.py transaction_search). */
  document.querySelector("[data-show-desk-tx]").addEventListener("click", () => {
    const queueName = state.queueName || "";
    setMode("tx");
    q.value = queueName;
    filter();
  });

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
    highlight(visible().indexOf(option)); // the list marks what was chosen, by click as by keyboard
    document.querySelector("[data-selected-label]").textContent = option.querySelector(".r-tx").textContent;
    document.querySelector("[data-selected-dest]").textContent = option.querySelector(".r-dest").textContent;
    p01.hidden = true;
    pendingDone.textContent = ""; // the last customer's «sin ficha» is not this one's
    if (option.dataset.kind !== "tx") { showRequirements(null); chooseVisit(option); return; }
    state = { tx: option.dataset.tx, needsCheck: option.dataset.check === "1", key: api.newKey() };
    showRequirements(JSON.parse(option.dataset.requirements || "[]"));
    accountBlock.hidden = !state.needsCheck;
    detail.hidden = true;
    override.hidden = true;
    error.textContent = "";
    issueButton.disabled = false;
    (state.needsCheck ? account : issueButton).focus();
    warnIfClosed(state);
  }

  /* A trámite closed for today (quota or closing time, core/tickets/limits.py) is said at once; reception may
     still issue it by writing the reason, as for an account observation (the focus stays where it was). */
  async function warnIfClosed(chosen) {
    let answer;
    try {
      answer = await api.get(texts.txOpenUrl.replace("__TX__", encodeURIComponent(chosen.tx)));
    } catch (_e) {
      return; // issuing checks again
    }
    if (answer.open || state !== chosen) return;
    error.textContent = answer.message;
    override.hidden = false;
  }

  /* At 1366×768 focusing the reason box scrolled the page ~450 px: the trámite and the check's verdict went out of
     sight. Focus without scrolling, then scroll only as far as keeps the trámite's line at the top. */
  function focusInForm(field) {
    field.focus({ preventScroll: true });
    const top = document.querySelector(".r-selected").getBoundingClientRect().top - 8;
    const below = field.getBoundingClientRect().bottom - window.innerHeight + 8;
    const by = Math.min(top, Math.max(below, 0));
    if (by !== 0) window.scrollBy(0, by);
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
      // With the trámite: for a sale's, «no hay cuenta» tells the adviser a new customer's ticket is fine to issue.
      const answer = await api.call("POST", "/api/v1/accounts/check", { account: account.value.trim(), transaction: state.tx || null });
      const r = answer.result;
      state.checked = r;
      detail.hidden = false;
      detail.dataset.status = r.status;
      ["message", "account", "holder_name", "ci", "debt_text", "pay_at", "notes"].forEach((k) => fill(detail, k, r[k]));
      const top10 = detail.querySelector("[data-top10]"); // «Cliente Top 10: caso abierto #N (paso, responsable)»
      top10.textContent = r.top10 ? r.top10.text : "";
      top10.hidden = !r.top10;
      const list = detail.querySelector('[data-field="pending_requirements"]');
      list.replaceChildren(...(r.pending_requirements || []).map((t) => Object.assign(document.createElement("li"), { textContent: t })));
      detail.querySelectorAll("dl > dd").forEach((dd) => { // a fact the account lacks is left out, not shown blank
        dd.hidden = !dd.textContent.trim();
        dd.previousElementSibling.hidden = dd.hidden;
      });
      // Debt, pending requirements or an unknown account: the adviser may still issue, with a reason (act. 7).
      override.hidden = !["debt", "pending_requirements", "not_found"].includes(r.status);
      // ...or tell the customer what to settle first and record that attention, with no ticket (P01 counts it).
      const blocked = ["debt", "pending_requirements"].includes(r.status);
      pendingButton.hidden = !blocked;
      // ...or issue the debt unit's ticket, when the kiosk's debt screen would offer it (static/kiosk/account.js).
      if (debtButton) debtButton.hidden = !(blocked && r.pay_at);
      pendingDone.textContent = "";
      focusInForm(override.hidden ? issueButton : reason);
    } catch (e) {
      error.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
    }
  }
  document.querySelector("button[data-check-account]").addEventListener("click", check);

  /* Act. 7 without a ticket: the customer was told what is pending. An attention, then the P01 question. */
  const pendingButton = document.querySelector("[data-pending]");
  const pendingDone = document.querySelector("[data-pending-done]");
  async function informedWithoutTicket() {
    if (pendingButton.hidden || !state.tx || state.issuing) return;
    state.issuing = true;
    pendingButton.disabled = true;
    try {
      // The account checked: the ticket this customer takes later today follows this attention up (P01 counts once).
      const answer = await api.call("POST", "/recepcion/atenciones",
        { kind: "pending", node: state.tx, print: false, account: account.value.trim() || null });
      state = {};
      forgetCustomer();
      issueButton.disabled = true;
      issued.hidden = true; // the last customer's ticket is not this one's
      error.textContent = ""; // the debt's refusal is answered: the customer was told
      pendingDone.textContent = texts.pendingRecorded;
      askP01(answer.attention);
    } catch (e) {
      error.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
    } finally {
      state.issuing = false;
      pendingButton.disabled = false;
    }
  }
  pendingButton.addEventListener("click", informedWithoutTicket);
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
        // The account only where the trámite asks for it: a number typed for another trámite is not this one's.
        transaction: state.tx, preferential, account: (!accountBlock.hidden && account.value.trim()) || null,
        override_reason: override.hidden ? null : reason.value.trim() || null, idempotency_key: state.key,
        // Told of a debt for this trámite (the debt ticket's «pending» attention, its ticket then refused), the
        // customer is still one in P01 when the adviser issues after all, with the account corrected or a reason.
        ...(state.pending ? { after_attention: state.pending } : {}),
      });
      done(answer);
    } catch (e) {
      error.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
      // Reception may still issue, with a reason: past the account check or past the queue's limits for today.
      // The message is the customer's («La cuenta tiene una deuda…»): say what the adviser can do about it.
      if (e instanceof api.ApiError && e.code && (e.code.startsWith("account_") || e.code === "queue_closed_today")) {
        override.hidden = false;
        reasonHint.textContent = texts.writeReason; // under the verdict, where the adviser looks and types
        reasonHint.hidden = false;
        focusInForm(reason);
      }
      issueButton.disabled = false;
    } finally {
      state.issuing = false;
    }
  }

  function done(answer) {
    showIssued(answer.ticket, answer.job);
    state = {};
    forgetCustomer(); // the next customer's ticket never carries this one's account, priority or reason
    error.textContent = "";
    askP01(answer.attention);
    document.dispatchEvent(new CustomEvent("turnero:issued")); // «Fichas de hoy» (reception_today.js) reads again
  }

  /* A debt: the ticket for the unit that settles or negotiates it, as from the kiosk's debt screen. The customer
     was told of the debt (act. 7: a «pending» attention for the trámite asked for, once), and the ticket follows it
     up (`after_attention`, core/tickets/follow_up.py): one customer in P01. It carries the account that owes, for
     the unit's desk (staff screens only). */
  const debtButton = document.querySelector("[data-debt-ticket]");
  async function debtTicket() {
    if (!debtButton || debtButton.hidden || !state.tx || state.issuing) return;
    state.issuing = true;
    debtButton.disabled = true;
    error.textContent = "";
    const owing = account.value.trim();
    const preferential = document.querySelector('input[name="preferential"]:checked').value || null;
    try {
      if (!state.pending) {
        const told = await api.call("POST", "/recepcion/atenciones",
          { kind: "pending", node: state.tx, print: false, account: owing || null });
        state.pending = told.attention.token;
        state.debtKey = api.newKey();
      }
      done(await api.call("POST", "/recepcion/fichas", { transaction: debtButton.dataset.tx, preferential,
        account: owing || null, after_attention: state.pending, idempotency_key: state.debtKey }));
    } catch (e) {
      error.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
    } finally {
      state.issuing = false;
      debtButton.disabled = false;
    }
  }
  if (debtButton) debtButton.addEventListener("click", debtTicket);

  function showIssued(ticket, job) {
    issued.hidden = false;
    // At 1366×768 the box opens below the form: bring the number into view for the adviser to read out.
    requestAnimationFrame(() => issued.scrollIntoView({ block: "nearest" }));
    fill(issued, "number", ticket.number);
    fill(issued, "transaction_label", ticket.transaction_label);
    fill(issued, "preferential_label", ticket.preferential_label ? `${texts.preferential} ${ticket.preferential_label}` : "");
    issued.querySelector('[data-field="preferential_label"]').hidden = !ticket.preferential_label;
    fill(issued, "destination", ticket.destination);
    fill(issued, "area_name", ticket.area_name);
    fill(issued, "area_directions", ticket.area_directions || "");
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
    api.watchJob(api.printJobUrl(job), (ok) => fill(issued, "print", ok ? texts.printed : texts.printFailed), { job });
  }

  /* What belongs to one customer: their account and its detail, the override's reason, their priority. */
  function forgetCustomer() {
    account.value = "";
    reason.value = "";
    reasonHint.hidden = true;
    pendingButton.hidden = true;
    if (debtButton) debtButton.hidden = true;
    accountBlock.hidden = true;
    detail.hidden = true;
    override.hidden = true;
    document.querySelector('input[name="preferential"][value=""]').checked = true;
  }

  function reset() {
    state = {};
    q.value = "";
    visitBox.hidden = true;
    txForm.hidden = mode !== "tx";
    attended.textContent = "";
    visitError.textContent = "";
    p01.hidden = true;
    filter();
    forgetCustomer();
    error.textContent = "";
    pendingDone.textContent = "";
    issueButton.disabled = true;
    document.querySelector("[data-selected-kind]").textContent =
      { tx: texts.kindTx, info: texts.kindInfo, locate: texts.kindLocate }[mode];
    document.querySelector("[data-selected-label]").textContent =
      { tx: texts.choose, info: texts.chooseInfo, locate: texts.chooseLocate }[mode];
    document.querySelector("[data-selected-dest]").textContent = "";
    showRequirements(null);
    q.focus();
  }

  issueButton.addEventListener("click", issue);

  /* The admin changed the catalogue: a trámite added, moved or taken away. The list is the page's own, read at load:
     the adviser reloads when this customer is done (a reload now would lose what is typed). */
  const stale = document.querySelector("[data-catalogue-stale]");
  document.addEventListener("turnero:catalogue-changed", () => { stale.hidden = false; });
  stale.querySelector("[data-reload]").addEventListener("click", () => window.location.reload());
  document.querySelector("[data-reset]").addEventListener("click", reset);

  /* ---------------------------------------------------------------- information (act. 2), locate (acts 3–4) */
  function chooseVisit(option) {
    const kind = option.dataset.kind;
    state = { visit: kind, node: option.dataset.node };
    visitBox.hidden = false;
    visitBox.querySelector('[data-part="info"]').hidden = kind !== "info";
    visitBox.querySelector('[data-part="locate"]').hidden = kind !== "locate";
    if (kind === "info") {
      const requirements = JSON.parse(option.dataset.requirements || "[]");
      fill(visitBox, "description", option.dataset.description);
      visitBox.querySelector('[data-field="requirements"]').replaceChildren(
        ...requirements.map((t) => Object.assign(document.createElement("li"), { textContent: t })));
      visitBox.querySelector('[data-part="no-requirements"]').hidden = requirements.length > 0;
    } else {
      ["unit", "floor", "location"].forEach((k) => fill(visitBox, k, option.dataset[k]));
      fill(visitBox, "queue-name", option.dataset.queueName);
      // A public desk takes a ticket; a visit goes through Seguridad Física; its own entry says neither.
      visitBox.querySelector('[data-part="ticket-notice"]').hidden = option.dataset.notice !== "ticket";
      visitBox.querySelector('[data-part="visit-notice"]').hidden = option.dataset.notice !== "visit";
      state.queueName = option.dataset.queueName;
    }
    document.querySelector("[data-print-label]").textContent =
      kind === "info" ? texts.printBrochure : texts.printDirections;
    attended.textContent = "";
    visitError.textContent = "";
    attendButton.disabled = false;
    attendButton.focus();
  }

  async function attend() {
    if (!state.visit || state.attending) return;
    state.attending = true;
    attendButton.disabled = true;
    visitError.textContent = "";
    try {
      const answer = await api.call("POST", "/recepcion/atenciones",
        { kind: state.visit, node: state.node, print: printSlip.checked });
      state = {};
      if (answer.job === null || answer.job === undefined) {
        attended.textContent = printSlip.checked ? texts.slipNoPrinter : texts.attendedText;
      } else {
        attended.textContent = texts.slipPrinting;
        api.watchJob(api.printJobUrl(answer.job), (ok) => {
          attended.textContent = ok ? texts.slipPrinted : texts.slipFailed;
        }, { job: answer.job });
      }
      askP01(answer.attention);
    } catch (e) {
      visitError.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
      attendButton.disabled = false;
    } finally {
      state.attending = false;
    }
  }
  attendButton.addEventListener("click", attend);
  document.querySelector("[data-reset-visit]").addEventListener("click", () => reset());

  /* ---------------------------------------------------------------- the P01 question, right after */
  function askP01(attention) {
    // Answered already (from the QR of the «pending» attention this ticket followed up): one customer, one answer.
    if (!attention || attention.answered) return;
    p01.hidden = false;
    p01.dataset.attention = attention.id;
    p01.querySelector("[data-p01-buttons]").hidden = false;
    p01Status.textContent = "";
  }

  async function answerP01(value) {
    if (p01.hidden || !p01.dataset.attention || p01.dataset.sending) return;
    p01.dataset.sending = "1";
    try {
      await api.call("POST", `/recepcion/atenciones/${p01.dataset.attention}/encuesta`, { satisfied: value === "si" });
      p01.querySelector("[data-p01-buttons]").hidden = true;
      p01Status.textContent = texts.p01Thanks;
      delete p01.dataset.attention;
    } catch (e) {
      p01Status.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
    } finally {
      delete p01.dataset.sending;
    }
  }
  p01.addEventListener("click", (event) => {
    const button = event.target.closest("[data-p01-answer]");
    if (button) answerP01(button.dataset.p01Answer);
  });

  /* ---------------------------------------------------------------- shortcuts */
  document.addEventListener("keydown", (event) => {
    if (event.key === "F2") { event.preventDefault(); if (mode !== "tx") setMode("tx"); q.focus(); q.select(); }
    else if (event.key === "F7") { event.preventDefault(); setMode("info"); }
    else if (event.key === "F8") { event.preventDefault(); setMode("locate"); }
    else if (event.altKey && /^[sSnN]$/.test(event.key) && !p01.hidden) {
      event.preventDefault();
      answerP01(event.key.toLowerCase() === "s" ? "si" : "no");
    }
    else if (event.key === "F4" && !accountBlock.hidden) { event.preventDefault(); account.focus(); account.select(); }
    else if (event.key === "F6") { event.preventDefault(); find.focus(); }
    else if (event.key === "Escape") { event.preventDefault(); reset(); }
    else if (event.key === "Enter" && event.ctrlKey) { event.preventDefault(); if (mode === "tx") issue(); else attend(); }
    else if (event.altKey && /^[iI]$/.test(event.key) && !pendingButton.hidden) {
      event.preventDefault();
      informedWithoutTicket();
    }
    else if (event.altKey && /^[pP]$/.test(event.key) && debtButton && !debtButton.hidden) {
      event.preventDefault();
      debtTicket();
    }
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
  // The shortcuts answer from now on (a key pressed before this script ran did nothing): tests wait for it.
  document.querySelector("[data-reception]").dataset.ready = "1";
})();
