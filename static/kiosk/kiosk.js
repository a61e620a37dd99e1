/* The customer kiosk: COM-DSC-P01 activities 1–8 on a touchscreen. This script is where a tap goes: home (the
   next customer), the on-screen keyboards, the directory search, the slips (brochure, directions) and the choice
   of a trámite. The rest in their own scripts, loaded before this one (kiosk.html): screens.js (moving between
   the screens, the customer's choices), account.js (the account check, debt and pending requirements), ticket.js
   (issuing and printing the ticket), live_updates.js (printer health, reload after a catalogue edit or a deploy),
   idle.js («¿Sigue ahí?») and pager.js (long lists in pages). */
(() => {
  "use strict";
  const { api } = window.Turnero;
  const kiosk = window.Turnero.kioskScreens;
  const { main, screens } = kiosk;
  const { paginate } = window.Turnero.kioskPager;
  const idle = window.Turnero.kioskIdle;
  const account = window.Turnero.kioskAccount;
  const ticket = window.Turnero.kioskTicket;
  const live = window.Turnero.kioskLive;
  const texts = document.querySelector("[data-texts]").dataset;

  /* Home clears everything the customer typed or chose. */
  function home() {
    kiosk.nextCustomer();
    account.reset();
    document.querySelectorAll("input").forEach((input) => { if (input.type !== "hidden") input.value = ""; });
    document.querySelectorAll(".k-print-status, .k-error").forEach((el) => { el.textContent = ""; });
    document.querySelectorAll("[data-print]").forEach((button) => { button.disabled = false; });
    filterDirectory("");
    account.updateAccountButton();
    kiosk.show("home", { push: false });
  }

  /* «Inicio» where an issue's answer was lost: the ticket it may have issued first (ticket.js); home otherwise. */
  async function leave() {
    if (kiosk.current() === "issuing" && await ticket.resolveUnconfirmed()) return;
    home();
  }

  // Home by the idle timeout: the customer left, so a lost answer is not lent to the next one (ticket.js).
  const idleHome = () => { ticket.forgetUnconfirmed(); home(); };
  idle.start({ home: idleHome, where: () => ({ screen: kiosk.current(), printFailed: Boolean(kiosk.state.printFailed) }) });

  /* ------------------------------------------------------------------ what a tap does */
  /* First of all (capture), for every button, the keyboards' keys included: the tail of a double tap, or a finger
     still on the glass from the screen before, does nothing (screens.js, takesTap). */
  document.addEventListener("click", (event) => {
    if (kiosk.takesTap(event)) return;
    event.preventDefault();  // the customer never saw this button
    event.stopPropagation();
  }, true);

  document.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    const { state } = kiosk;
    if (target.dataset.page) {
      const list = target.parentElement.previousElementSibling;
      paginate(list, Number(list.dataset.page || 0) + (target.dataset.page === "next" ? 1 : -1));
      kiosk.settle({ turnedPage: true });
      screens[kiosk.current()].querySelector("h1").focus({ preventScroll: true });
    } else if (target.hasAttribute("data-stay")) {
      idle.stay();
      kiosk.settle();  // the box goes like a screen: what was under it must not take the double tap's tail
    } else if (target.dataset.go) kiosk.show(target.dataset.go);
    else if (target.dataset.nav === "back") kiosk.back();
    else if (target.dataset.nav === "home") leave();
    else if (target.dataset.tx || target.dataset.deskTx) chooseTransaction(target);
    else if (target.dataset.pref) ticket.issue(target.dataset.pref);
    else if (target.dataset.print) printSlip(target);
    else if (target.hasAttribute("data-check-account")) account.checkAccount();
    else if (target.hasAttribute("data-confirm")) kiosk.show(state.needsCheck ? "account" : "pref");
    else if (target.hasAttribute("data-change")) changeTransaction();
    else if (target.hasAttribute("data-continue")) kiosk.show("pref");
    else if (target.hasAttribute("data-retype")) { kiosk.show("account"); }
    else if (target.hasAttribute("data-retry-issue")) ticket.issue(state.preferential);
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
    status.textContent = live.printerDown() ? texts.printingDown : texts.printing; // agree with the banner above
    try {
      const url = `/kiosk/${kind === "brochure" ? "folleto" : "indicaciones"}/${button.dataset.node}`;
      const answer = await api.call("POST", url);
      if (answer.job === null) { status.textContent = texts.printFailed; button.disabled = false; return; }
      const asker = kiosk.customer;
      kiosk.watchJob(answer.job, (ok) => {
        // A customer's earlier slip whose watch home() did not stop (it stops the latest): its outcome, up to 40 s
        // later, is not the next customer's to read on that button.
        if (asker !== kiosk.customer) return;
        status.textContent = ok ? texts.printed : texts.printFailed;
        // Printed: once per customer (home() enables it again). A second tap of a double tap landed after a
        // 3 ms printout and printed, and counted the customer in the P01 indicator, twice.
        button.disabled = ok;
      });
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
    const debtor = button.hasAttribute("data-debt-ticket") ? kiosk.state.account : null;
    // `category`: where «Cambiar» goes back to (a category, or a public desk's trámites from «Ubicar»; the debt
    // screen's own trámite button has none: the categories then).
    // A public desk's trámite from «Ubicar» (data-desk-tx) is its category's own one (data-tx), listed again.
    const state = { tx: button.dataset.tx || button.dataset.deskTx, needsCheck: button.dataset.check === "1", sale: button.dataset.sale === "1",
      key: api.newKey(), category: /^(cat|dirtx):/.test(kiosk.current()) ? kiosk.current() : null };
    if (debtor) state.account = debtor;
    kiosk.state = state;
    account.clearAccount();
    const requirements = JSON.parse(button.dataset.requirements || "[]");
    document.querySelectorAll('[data-field="chosen"]').forEach((el) => { el.textContent = button.dataset.label; });
    const list = screens.confirm.querySelector('[data-field="requirements"]');
    list.replaceChildren(...requirements.map((item) => Object.assign(document.createElement("li"), { textContent: item })));
    screens.confirm.querySelector('[data-part="no-requirements"]').hidden = requirements.length > 0;
    kiosk.show("confirm");
    checkOpen(state);
  }

  /* A trámite past its quota or closing time (core/tickets/limits.py) says so at once, with when it opens,
     instead of after the requirements and the account check; so does one the admin took away since this page was
     drawn (the page reloads only back at the start). Without an answer the flow goes on: issuing checks again.
     The same answer says whether a desk that serves the trámite is open now: if none is, «¿Tiene todo?» says so
     before the customer queues. */
  async function checkOpen(chosen) {
    const notice = screens.confirm.querySelector('[data-part="confirm-notice"]');
    notice.hidden = true;
    let answer;
    try {
      answer = await api.get(main.dataset.txOpenUrl.replace("__TX__", encodeURIComponent(chosen.tx)));
    } catch (e) {
      const gone = e instanceof api.ApiError && e.code === "unknown_transaction";
      if (gone && kiosk.state === chosen && kiosk.current() === "confirm") ticket.showGone();
      return;  // otherwise no notice: the ticket screen still says it
    }
    if (kiosk.state !== chosen) return;
    notice.hidden = answer.desk_open !== false;
    if (!answer.open && kiosk.current() === "confirm") ticket.showClosed(answer.message);
  }

  function changeTransaction() {
    const category = kiosk.state.category;
    kiosk.state = {};
    kiosk.goneThrough(["home", "tramite"]);
    kiosk.show(category && screens[category] ? category : "tramite");
  }

  live.connect();
  home();
})();
