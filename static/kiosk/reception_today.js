/* Reception's list of today's tickets (F6 finds one by number or trámite): live, with each ticket's «Reimprimir»
   and, while it waits, «Anular» (a customer who leaves, a ticket issued for the wrong trámite), confirmed in a
   dialog with an optional reason. The page's Socket.IO connection lives here: it also brings every printout's
   state (`print_job`), which reception.js's issue and attention printouts wait for. */
(() => {
  "use strict";
  const { api, time } = window.Turnero;
  const texts = document.querySelector("[data-texts]").dataset;
  const today = document.querySelector("[data-today]");
  const status = document.querySelector("[data-reprint-status]");
  const find = document.getElementById("r-find");
  const cancelDialog = document.getElementById("r-cancel");
  const cancelForm = cancelDialog.querySelector("form");
  const cancelReason = document.getElementById("r-cancel-reason");
  const button = (text, label, data) => {
    const b = Object.assign(document.createElement("button"), { type: "button", textContent: text });
    b.setAttribute("aria-label", label);
    Object.assign(b.dataset, data);
    return b;
  };

  function row(t) {
    const tr = document.createElement("tr");
    tr.dataset.ticket = t.id;
    [t.number, t.transaction_label, t.status_label, time.clock(t.issued_at)].forEach((value) => {
      tr.appendChild(Object.assign(document.createElement("td"), { textContent: value }));
    });
    tr.firstElementChild.className = "code-id";
    const td = Object.assign(document.createElement("td"), { className: "r-row-actions" });
    td.appendChild(button(texts.reprint, `${texts.reprint} ${t.number}`, { reprint: t.id }));
    if (t.cancellable) td.appendChild(button(texts.cancelLabel, `${texts.cancelLabel} ${t.number}`, { cancel: t.id }));
    tr.appendChild(td);
    return tr;
  }

  /* A search that finds nothing says so: an empty table read as «no tickets today». */
  function noMatch(searched) {
    const td = Object.assign(document.createElement("td"), { colSpan: 5, textContent: texts.noMatch.replace("{q}", searched) });
    const tr = document.createElement("tr");
    tr.dataset.noMatch = "";
    tr.appendChild(td);
    return tr;
  }

  async function loadToday() {
    try {
      const searched = find.value.trim();
      const answer = await api.get(`/recepcion/fichas?q=${encodeURIComponent(searched)}`);
      today.replaceChildren(...(answer.tickets.length || !searched ? answer.tickets.map(row) : [noMatch(searched)]));
    } catch (_e) { /* keep the list as it is */ }
  }
  document.addEventListener("turnero:issued", () => reloadSoon(0)); // this adviser's own ticket (reception.js)
  let findTimer = null;
  find.addEventListener("input", () => {
    status.textContent = "";  // the last reprint's or cancel's line named a row the new search may not show
    clearTimeout(findTimer);
    findTimer = setTimeout(loadToday, 200);
  });

  /* Live: the list follows the office (a kiosk's ticket appears, a call or a finish changes its state) without a
     reload, so «¿ya me llamaron?» is answered from the truth. A change waits while the adviser is using the list
     (the pointer moving over it, a click, a key) or its «Anular» dialog is open: a new row must never move a
     button from under a click. A mouse left resting on the list, or a focus left on a button, holds it for
     LIST_PAUSE_MS at most. */
  const LIST_PAUSE_MS = 4000;
  const todayTable = today.closest("table");
  let reloadTimer = null;
  let usedAt = -Infinity;
  ["pointermove", "pointerdown", "keydown", "focusin"].forEach((type) => todayTable.addEventListener(type, () => {
    usedAt = performance.now();
  }));
  function reloadSoon(delay = 300) {  // a burst of changes (an issue, then its printout's call) is one read
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      if (cancelDialog.open) { reloadSoon(LIST_PAUSE_MS); return; }
      const idle = performance.now() - usedAt;
      if (idle < LIST_PAUSE_MS) { reloadSoon(LIST_PAUSE_MS - idle + 50); return; }
      const focused = today.contains(document.activeElement) ? document.activeElement : null;
      const { reprint, cancel } = focused ? focused.dataset : {};
      loadToday().then(() => {  // the same ticket's same button keeps the keyboard's place
        const again = reprint ? today.querySelector(`[data-reprint="${reprint}"]`)
          : cancel && today.querySelector(`[data-cancel="${cancel}"]`);
        if (again) again.focus();
      });
    }, delay);
  }
  window.Turnero.live.connect({ resync: () => reloadSoon(), catchUp: "staff_seq" })
    .onSequenced("ticket_changed", () => reloadSoon())
    .onSequenced("desk_changed", () => {})  // not shown here: heard so the staff sequence stays in step
    .onSequenced("config_changed", () => {})
    // The admin edited the catalogue: reception's trámite list (reception.js) is the page's own, read at load.
    .on("catalogue_changed", () => document.dispatchEvent(new CustomEvent("turnero:catalogue-changed")))
    .on("print_job", api.jobSettled);  // staff hear every job's state: «impresa» at once, the poll as fallback

  async function reprint(id, number) {
    const say = (template) => { status.textContent = template.replace("{n}", number); };
    say(texts.reprinting);
    try {
      const answer = await api.post(`/recepcion/fichas/${id}/reimprimir`);
      api.watchJob(api.printJobUrl(answer.job), (ok) => say(ok ? texts.reprintDone : texts.reprintFailed),
        { job: answer.job });
    } catch (e) {
      status.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
    }
  }

  /* «Anular»: deliberate, in a dialog that names the ticket; the reason (optional) goes to the ticket's history. */
  let cancelling = null;
  function askCancel(id, number) {
    cancelling = { id, number };
    cancelForm.reset();
    document.getElementById("r-cancel-text").textContent = texts.cancelQuestion.replace("{n}", number);
    cancelDialog.showModal();
  }
  cancelForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!cancelling || cancelForm.dataset.sending) return;  // a double click cancels once
    const { id, number } = cancelling;
    cancelForm.dataset.sending = "1";
    try {
      await api.post(`/api/v1/tickets/${id}/cancel`, { reason: cancelReason.value.trim() });
      status.textContent = texts.cancelled.replace("{n}", number);
      cancelDialog.close();
      loadToday();
    } catch (e) {
      status.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
      cancelDialog.close();
    } finally {
      delete cancelForm.dataset.sending;
    }
  });
  cancelDialog.querySelector("[data-close]").addEventListener("click", () => cancelDialog.close());

  today.addEventListener("click", (event) => {
    const target = event.target.closest("[data-reprint], [data-cancel]");
    if (!target) return;
    const number = target.closest("tr").firstElementChild.textContent;
    if (target.dataset.reprint) reprint(target.dataset.reprint, number);
    else askCancel(target.dataset.cancel, number);
  });
})();
