/* The customer kiosk: COM-DSC-P01 activities 1–8 on a touchscreen. Screens are server-rendered sections;
   this script only moves between them, talks to /api/v1 and the kiosk routes, and resets when idle.
   Live (the `kiosk` room): its printer's health, and catalogue edits made in admin; (its device room) its own
   printouts, done or failed. A printer that goes down shows the warning at once (and hides it when it is back);
   an edited catalogue, or a new release of the server (heard on reconnecting after a deploy), reloads the page,
   but only on the welcome screen so no customer loses what they were doing. */
(() => {
  "use strict";
  const { api, live, time } = window.Turnero;
  const { paginate } = window.Turnero.kioskPager;  // long lists in pages that fit the screen (pager.js)
  const idle = window.Turnero.kioskIdle;  // «¿Sigue ahí?», then home (idle.js)
  const main = document.querySelector("main.kiosk");
  const nav = document.querySelector(".k-nav");
  const texts = document.querySelector("[data-texts]").dataset;
  const screensBox = document.querySelector(".k-screens");
  /* After every screen change, taps are ignored this long: the second tap of a double tap lands on whatever
     the new screen put under the finger, and must not choose it. CSS also stops pointer events meanwhile.
     KIOSK_SETTLE_MS (core/config.py). The timer alone ends it: a deadline read again from performance.now()
     could be missed by a hair, as that clock is coarsened (Chromium: 100 µs, with jitter) and a timer may read
     it 0.1 ms short of `now + SETTLE_MS`; the mark then stayed for good, and the screen took no tap. */
  const SETTLE_MS = Number(main.dataset.settleMs);
  let settling = null;  // the timer that ends the current settle
  let reloading = false;  // the new page (a catalogue edit, a deploy) is on its way: reloadIfStale

  const screens = {};
  document.querySelectorAll("[data-screen]").forEach((el) => { screens[el.dataset.screen] = el; });

  let history = ["home"];
  let state = {};
  let pendingRecorded = false; // this customer's «pending» attention was recorded (home() starts the next one)
  let surveyQr = null; // ...and the QR of its P01 question (/i/<token>/qr.svg), shown with the debt or requirements
  let pendingToken = null; // ...and its token: a ticket taken from the debt screen follows it up (one in P01)
  let customer = 0; // home() counts customers: an answer that arrives after it belongs to the last one
  let stopWatch = null;

  const current = () => history[history.length - 1];

  function show(name, { push = true } = {}) {
    if (!screens[name]) return;
    if (push && current() !== name) history.push(name);
    Object.entries(screens).forEach(([key, el]) => { el.hidden = key !== name; });
    const onTicket = name === "ticket";  // its only way out is «Finalizar»
    nav.hidden = name === "home";
    nav.querySelector('[data-nav="back"]').hidden = name === "issuing" || onTicket;
    nav.querySelector('[data-nav="home"]:not([data-nav-done])').hidden = onTicket;
    nav.querySelector("[data-nav-done]").hidden = !onTicket;
    main.dataset.current = name;
    settle();
    reloadIfStale();
    const heading = screens[name].querySelector("h1");
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    screensBox.scrollTop = 0;
    screens[name].querySelectorAll("[data-pager]").forEach((list) => paginate(list, 0));
    idle.arm();
  }

  function settle() {
    clearTimeout(settling);
    main.dataset.settling = "1";
    settling = setTimeout(() => {
      settling = null;
      if (!reloading) delete main.dataset.settling;
    }, SETTLE_MS);
  }

  function back() {
    if (history.length > 1) history.pop();
    show(current(), { push: false });
  }

  /* Home clears everything the customer typed or chose. */
  function home() {
    if (stopWatch) { stopWatch(); stopWatch = null; }
    state = {};
    pendingRecorded = false;
    surveyQr = null;
    pendingToken = null;
    customer += 1;
    showSurveyQr();  // hidden, its image gone: the next customer never answers for this one
    history = ["home"];
    document.querySelectorAll("input").forEach((input) => { if (input.type !== "hidden") input.value = ""; });
    document.querySelectorAll(".k-print-status, .k-error").forEach((el) => { el.textContent = ""; });
    document.querySelectorAll("[data-print]").forEach((button) => { button.disabled = false; });
    filterDirectory("");
    updateAccountButton();
    show("home", { push: false });
  }

  idle.start({ home, where: () => ({ screen: current(), printFailed: Boolean(state.printFailed) }) });

  /* ------------------------------------------------------------------ navigation */
  document.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    if ((settling !== null || reloading) && !target.closest("[data-keypad], [data-keyboard]")) {
      event.preventDefault();  // the tail of a double tap: the customer never saw this button
      return;
    }
    if (target.dataset.page) {
      const list = target.parentElement.previousElementSibling;
      paginate(list, Number(list.dataset.page || 0) + (target.dataset.page === "next" ? 1 : -1));
      settle();
      screens[current()].querySelector("h1").focus({ preventScroll: true });
    } else if (target.hasAttribute("data-stay")) idle.stay();
    else if (target.dataset.go) show(target.dataset.go);
    else if (target.dataset.nav === "back") back();
    else if (target.dataset.nav === "home") home();
    else if (target.dataset.tx) chooseTransaction(target);
    else if (target.dataset.pref) issue(target.dataset.pref);
    else if (target.dataset.print) printSlip(target);
    else if (target.hasAttribute("data-check-account")) checkAccount();
    else if (target.hasAttribute("data-confirm")) show(state.needsCheck ? "account" : "pref");
    else if (target.hasAttribute("data-change")) changeTransaction();
    else if (target.hasAttribute("data-continue")) show("pref");
    else if (target.hasAttribute("data-retype")) { show("account"); }
    else if (target.hasAttribute("data-retry-issue")) issue(state.preferential);
  });

  /* ------------------------------------------------------------------ on-screen keyboards */
  function press(input, key) {
    if (key === "BACKSPACE") input.value = input.value.slice(0, -1);
    else if (key === "CLEAR") input.value = "";
    else if (input.value.length < (input.maxLength > 0 ? input.maxLength : 60)) input.value += key;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.querySelectorAll("[data-keyboard], [data-keypad]").forEach((pad) => {
    const input = document.getElementById(pad.dataset.keyboard || pad.dataset.keypad);
    pad.addEventListener("click", (event) => {
      const key = event.target.closest("[data-key]");
      if (key) press(input, key.dataset.key);
    });
  });

  /* ------------------------------------------------------------------ locate: search as you type */
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const entries = Array.from(document.querySelectorAll("[data-directory] .k-entry"));
  const search = document.getElementById("k-search");
  const count = document.querySelector("[data-results-count]");

  function filterDirectory(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    let shown = 0;
    entries.forEach((entry) => {
      const haystack = fold(`${entry.dataset.search} ${entry.textContent}`);
      const match = words.every((word) => haystack.includes(word));
      entry.hidden = !match;
      if (match) shown += 1;
    });
    document.querySelector("[data-directory-empty]").hidden = shown > 0;
    count.textContent = words.length ? (shown ? `${texts.results} ${shown}` : texts.noResults) : "";
  }
  if (search) {
    search.addEventListener("input", () => {
      filterDirectory(search.value);
      paginate(document.querySelector("[data-directory]"), 0);
    });
  }

  /* ------------------------------------------------------------------ printing slips (brochure, directions) */
  async function printSlip(button) {
    const status = button.parentElement.querySelector(".k-print-status");
    const kind = button.dataset.print;
    button.disabled = true;
    status.textContent = warning.hidden ? texts.printing : texts.printingDown; // agree with the banner above
    try {
      const url = `/kiosk/${kind === "brochure" ? "folleto" : "indicaciones"}/${button.dataset.node}`;
      const answer = await api.call("POST", url);
      if (answer.job === null) { status.textContent = texts.printFailed; button.disabled = false; return; }
      const asker = customer;
      stopWatch = api.watchJob(api.printJobUrl(answer.job), (ok) => {
        // A customer's earlier slip whose watch home() did not stop (it stops the latest): its outcome, up to 40 s
        // later, is not the next customer's to read on that button.
        if (asker !== customer) return;
        status.textContent = ok ? texts.printed : texts.printFailed;
        // Printed: once per customer (home() enables it again). A second tap of a double tap landed after a
        // 3 ms printout and printed, and counted the customer in the P01 indicator, twice.
        button.disabled = ok;
      }, { job: answer.job });
    } catch (_e) {
      status.textContent = texts.printFailed;
      button.disabled = false;
    }
  }

  /* ------------------------------------------------------------------ transaction → account → preference */
  /* The chosen trámite stays named (with «Cambiar») up to the ticket, and its requirements come first:
     «¿Tiene todo?» before anyone queues (activity 2). */
  function chooseTransaction(button) {
    // The debt unit reads which account owes: the number the customer typed goes with their ticket there.
    const debtor = button.hasAttribute("data-debt-ticket") ? state.account : null;
    // `category`: where «Cambiar» goes back to (the debt screen's own trámite button has none: the categories then).
    state = { tx: button.dataset.tx, needsCheck: button.dataset.check === "1", sale: button.dataset.sale === "1",
      key: api.newKey(), category: current().startsWith("cat:") ? current() : null };
    if (debtor) Object.assign(state, { account: debtor, after: pendingToken });
    document.getElementById("k-account").value = "";
    updateAccountButton();
    const requirements = JSON.parse(button.dataset.requirements || "[]");
    document.querySelectorAll('[data-field="chosen"]').forEach((el) => { el.textContent = button.dataset.label; });
    const list = screens.confirm.querySelector('[data-field="requirements"]');
    list.replaceChildren(...requirements.map((item) => Object.assign(document.createElement("li"), { textContent: item })));
    screens.confirm.querySelector('[data-part="no-requirements"]').hidden = requirements.length > 0;
    show("confirm");
    checkOpen(state);
  }

  /* A trámite past its quota or closing time (core/tickets/limits.py) says so at once, with when it opens,
     instead of after the requirements and the account check. Without an answer the flow goes on: issuing
     checks again. The same answer says whether a desk that serves the trámite is open now: if none is, «¿Tiene
     todo?» says so before the customer queues. */
  async function checkOpen(chosen) {
    const notice = screens.confirm.querySelector('[data-part="confirm-notice"]');
    notice.hidden = true;
    let answer;
    try {
      answer = await api.get(main.dataset.txOpenUrl.replace("__TX__", encodeURIComponent(chosen.tx)));
    } catch (_e) {
      return;  // no notice: the ticket screen still says it
    }
    if (state !== chosen) return;
    notice.hidden = answer.desk_open !== false;
    if (!answer.open && current() === "confirm") showClosed(answer.message);
  }

  function showClosed(message) {
    document.querySelector("[data-issuing-title]").textContent = texts.closedToday;
    document.querySelector("[data-issue-error]").textContent = message;
    document.querySelector("[data-retry-issue]").hidden = true;
    show("issuing");
  }

  function changeTransaction() {
    const category = state.category;
    state = {};
    history = ["home", "tramite"];
    show(category && screens[category] ? category : "tramite");
  }

  const accountInput = document.getElementById("k-account");
  const accountButton = document.querySelector("[data-check-account]");
  const dashKey = document.querySelector("[data-dash]");
  const letters = document.querySelector("[data-letters]");
  /* Digits, then optionally one «-» and the CI's complemento (one or two letters or digits, 1234567-1A). The
     server checks the same rule (core/validation.py, customer_id); this only keeps the keypad from typing
     what it would refuse. */
  function updateAccountButton() {
    const [number, ...rest] = accountInput.value.toUpperCase().replace(/[^0-9A-Z-]/g, "").split("-");
    const digits = number.replace(/\D/g, "");
    const complemento = rest.join("").slice(0, 2);
    accountInput.value = rest.length ? `${digits}-${complemento}` : digits;
    dashKey.disabled = rest.length > 0 || digits.length < 4;
    letters.hidden = rest.length === 0 || complemento.length >= 2;
    accountButton.disabled = rest.length ? complemento.length === 0 : digits.length < 3;
  }
  accountInput.addEventListener("input", updateAccountButton);
  accountInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !accountButton.disabled) checkAccount();
  });

  async function checkAccount() {
    const error = document.querySelector("[data-account-error]");
    error.textContent = "";
    accountButton.disabled = true;
    try {
      // The trámite too: for a sale's, «no encontrada» speaks to a new customer as well (core/accounts/smartflex.py).
      const answer = await api.call("POST", "/api/v1/accounts/check", { account: accountInput.value, transaction: state.tx });
      state.account = accountInput.value;
      showResult(answer.result);
    } catch (e) {
      error.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
    } finally {
      updateAccountButton();
    }
  }

  function showResult(result) {
    const box = screens["account-result"];
    const blocked = result.status === "debt" || result.status === "pending_requirements";
    const titles = { ok: texts.resultOk, not_found: texts.resultNotfound, unavailable: texts.resultUnavailable };
    box.querySelector("[data-result-title]").textContent = blocked ? texts.resultBlocked : titles[result.status];
    box.querySelector("[data-result]").dataset.status = result.status;
    box.querySelector('[data-field="message"]').textContent = result.message;
    box.querySelector('[data-part="debt"]').hidden = !result.pay_at;
    box.querySelector('[data-field="pay_at"]').textContent = result.pay_at || "";
    const pending = result.pending_requirements || [];
    box.querySelector('[data-part="pending"]').hidden = pending.length === 0;
    const list = box.querySelector('[data-field="pending_requirements"]');
    list.replaceChildren(...pending.map((item) => Object.assign(document.createElement("li"), { textContent: item })));
    box.querySelector('[data-part="blocked"]').hidden = !blocked;
    box.querySelector("[data-continue]").hidden = blocked;
    // A debt: a ticket for the unit that settles or negotiates it, the same flow as any trámite (none configured:
    // no button, see kiosk.html).
    const debtTicket = box.querySelector("[data-debt-ticket]");
    if (debtTicket) debtTicket.hidden = !(blocked && result.pay_at);
    showSurveyQr(blocked);
    show("account-result");
    if (blocked && !pendingRecorded) { // act. 7: attended, told what is missing (P01 counts them), once a customer
      pendingRecorded = true;
      const asker = customer;
      // The account checked goes with it: the ticket this customer takes later today follows it up (P01 counts once).
      api.call("POST", `/kiosk/pendiente/${encodeURIComponent(state.tx)}`, { account: state.account || null }).then((answer) => {
        if (asker !== customer || !answer.survey_qr) return;  // home() came first: another customer now
        surveyQr = answer.survey_qr;
        pendingToken = answer.attention || null;
        showSurveyQr(current() === "account-result" && !box.querySelector('[data-part="blocked"]').hidden);
      }).catch(() => { /* the count, not the customer: no QR then */ });
    }
  }

  /* The P01 question of the «pending» attention (no slip carries its link): its QR on the debt or requirements
     screen, while that screen says what is missing. */
  function showSurveyQr(visible = false) {
    const block = screens["account-result"].querySelector('[data-part="survey-qr"]');
    const image = block.querySelector("[data-survey-qr]");
    if (visible && surveyQr) {
      if (image.getAttribute("src") !== surveyQr) image.src = surveyQr;
      block.hidden = false;
    } else {
      block.hidden = true;
      if (!surveyQr) image.removeAttribute("src");
    }
  }

  /* ------------------------------------------------------------------ issuing the ticket */
  async function issue(preferential) {
    if (state.issuing || !state.tx) return;  // a second tap while the first is on its way does nothing
    state.issuing = true;
    state.preferential = preferential;
    const error = document.querySelector("[data-issue-error]");
    const retry = document.querySelector("[data-retry-issue]");
    const title = document.querySelector("[data-issuing-title]");
    title.textContent = title.dataset.issuing || (title.dataset.issuing = title.textContent);
    error.textContent = "";
    retry.hidden = true;
    show("issuing");
    try {
      const answer = await api.call("POST", "/api/v1/tickets", {
        transaction: state.tx, preferential: preferential === "none" ? null : preferential,
        account: state.account || null, idempotency_key: state.key, print: true,  // queued by the same request
        ...(state.after ? { after_attention: state.after } : {}),
      });
      showTicket(answer.ticket, answer.print_job);
    } catch (e) {
      if (e instanceof api.ApiError && e.details && e.details.status) {
        history.pop();  // the result replaces the "issuing" step
        showResult(e.details);
      } else if (e instanceof api.ApiError && e.code === "queue_closed_today") {
        showClosed(e.message);  // closed meanwhile: the quota's last ticket went to someone else; no retry
      } else {
        title.textContent = texts.issueFailed;  // never «Emitiendo…» above a failure
        error.textContent = e instanceof api.ApiError ? e.message : texts.networkError;
        // Same idempotency key: a retry can never give a second ticket. A trámite the admin took away meanwhile
        // can only fail again: «Inicio» is the way on.
        retry.hidden = e instanceof api.ApiError && e.code === "unknown_transaction";
      }
    } finally {
      state.issuing = false;
    }
  }

  function fill(root, name, value) {
    root.querySelectorAll(`[data-field="${name}"]`).forEach((el) => { el.textContent = value; });
  }

  function showTicket(ticket, job) {
    const box = screens.ticket;
    state.ticket = ticket;
    state.printFailed = false;
    fill(box, "number", ticket.number);
    fill(box, "transaction_label", ticket.transaction_label);
    fill(box, "destination", ticket.destination);
    fill(box, "area_name", ticket.area_name);
    fill(box, "area_directions", ticket.area_directions || "");
    fill(box, "people_ahead", String(ticket.people_ahead));
    fill(box, "wait_text", ticket.wait_text);  // «en breve», «15 min aprox.», worded by the server
    const notice = box.querySelector('[data-part="wait-notice"]');
    notice.textContent = ticket.wait_notice || "";  // no desk of this trámite is open now
    notice.hidden = !ticket.wait_notice;
    const requirements = ticket.requirements || [];
    box.querySelector('[data-field="ticket_requirements"]').replaceChildren(
      ...requirements.map((item) => Object.assign(document.createElement("li"), { textContent: item })));
    box.querySelector('[data-part="ticket-requirements"]').hidden = requirements.length === 0;
    fill(box, "arrival", `${time.clock(ticket.issued_at)} · ${time.date(ticket.issued_at)}`);
    const pref = box.querySelector('[data-field="preferential_label"]');
    pref.textContent = ticket.preferential_label || "";
    pref.hidden = !ticket.preferential_label;
    const unverified = box.querySelector('[data-part="unverified"]');
    unverified.hidden = ticket.verification !== "unverified";
    unverified.dataset.text = unverified.dataset.text || unverified.textContent;
    // A sale's customer may be new: the desk registers them, not only «revisarán su cuenta».
    unverified.textContent = state.sale ? texts.unverifiedSale : unverified.dataset.text;
    box.querySelector("[data-qr]").src = `/t/${ticket.status_url.split("/t/").pop()}/qr.svg`;
    box.querySelector(".k-qr").hidden = false;
    box.querySelector('[data-part="qr-on-paper"]').hidden = true;
    history = ["home", "ticket"];
    show("ticket", { push: false });
    printTicket(ticket, job);
  }

  /* The ticket screen's fullest case (a long trámite name, the requirements, a failed printout, no open desk)
     can be taller than the screen above the Finalizar bar: its text then shrinks in steps until it fits, never
     below 80 %. A customer never has to find out that the ticket scrolls. */
  function fitTicket() {
    const box = screens.ticket;
    box.style.removeProperty("font-size");
    for (let scale = 95; scale >= 80 && screensBox.scrollHeight > screensBox.clientHeight + 1; scale -= 5) {
      box.style.fontSize = `${scale}%`;
    }
  }

  /* `job`: the printout the issue queued with the ticket (null: no printer, or it could not be queued). */
  function printTicket(ticket, job) {
    const status = document.querySelector("[data-ticket-print]");
    status.dataset.state = "printing";
    // A printer known down (the warning above): «se está imprimiendo» under «no está disponible» says two things.
    status.textContent = warning.hidden ? texts.printingTicket : texts.printingTicketDown;
    fitTicket();
    const failed = () => {
      state.printFailed = true;
      status.dataset.state = "failed";
      status.textContent = texts.printFailedTicket;
      fitTicket();  // the failure's line is the tallest
      idle.arm();  // the number stays on screen longer
    };
    if (job === null || job === undefined) { failed(); return; }
    stopWatch = api.watchJob(api.printJobUrl(job), (ok) => {
      if (state.ticket !== ticket) return;
      if (!ok) { failed(); return; }
      status.dataset.state = "done";
      status.textContent = texts.printedTicket;
      // The customer holds the QR on paper now. On screen it stayed up to 45 s for whoever came next, whose
      // phone could then follow, or anul, this customer's ticket.
      screens.ticket.querySelector(".k-qr").hidden = true;
      screens.ticket.querySelector('[data-part="qr-on-paper"]').hidden = false;
      fitTicket();
    }, { job });
  }

  /* ------------------------------------------------------------------ live: printer health, catalogue edits, releases */
  const warning = document.querySelector("[data-printer-warning]");
  const deviceId = Number(main.dataset.deviceId || 0);
  let pageStale = false;

  /* Until the new page is there, this one takes no tap: a customer's «Realizar un trámite» opened it here, and the
     new page then put them back on the welcome screen. */
  function reloadIfStale() {
    if (!pageStale || current() !== "home") return;
    reloading = true;
    main.dataset.settling = "1";
    window.location.reload();
  }

  async function checkPrinter() { // on every (re)connect: a change made while away was never heard
    try {
      const answer = await api.get(main.dataset.printerUrl);
      warning.hidden = Boolean(answer.ok);
    } catch (_e) { /* offline again: the next connect asks again */ }
  }

  function stale() { // a catalogue edit or a deploy: reload, but never in the middle of a customer's trámite
    pageStale = true;
    reloadIfStale();
  }

  live.connect({ resync: checkPrinter, onRelease: stale })
    .on("printer_health", (health) => {
      if (!deviceId || !(health.devices || []).includes(deviceId)) return;
      warning.hidden = Boolean(health.ok);
    })
    .on("print_job", api.jobSettled)  // this kiosk's printout, done or failed: «Ficha impresa» without waiting
    .on("catalogue_changed", stale);

  home();
})();
