/* The kiosk's ticket (COM-DSC-P01 activity 8): issuing it once however often it is tapped, what the issue may
   answer instead (a debt found meanwhile, a trámite closed for today, a failure with «Intentar de nuevo»), an
   answer lost on its way back (resent with the same key, kept for «Inicio» and the next attempt), the
   ticket screen fitted to the screen, and its printout. */
(() => {
  "use strict";
  const { api, time } = window.Turnero;
  const kiosk = window.Turnero.kioskScreens;
  const { screens, screensBox } = kiosk;
  const idle = window.Turnero.kioskIdle;
  const account = window.Turnero.kioskAccount;
  const printer = window.Turnero.kioskLive;
  const texts = document.querySelector("[data-texts]").dataset;

  /* A trámite closed for today (its quota or closing time, core/tickets/limits.py): says when it opens, no retry. */
  function showClosed(message) {
    document.querySelector("[data-issuing-title]").textContent = texts.closedToday;
    document.querySelector("[data-issue-error]").textContent = message;
    document.querySelector("[data-retry-issue]").hidden = true;
    kiosk.show("issuing");
  }

  /* A trámite the admin took away after this page was drawn (the debt screen's, a category's), found out as soon
     as it is chosen: no ticket, no retry; «Inicio», and the page reloads without it (live_updates.js). */
  function showGone() {
    document.querySelector("[data-issuing-title]").textContent = texts.issueFailed;
    document.querySelector("[data-issue-error]").textContent = texts.transactionGone;
    document.querySelector("[data-retry-issue]").hidden = true;
    kiosk.show("issuing");
  }

  /* An issue whose answer never came (no connection, a timeout, a proxy's 502/504) may have issued the ticket, and
     queued its printout. The customer is told only after a few resends with the same key (the same ticket, never a
     second); and the request is kept (`unconfirmed`) until an answer comes: «Inicio» first resends it and shows the
     ticket it issued, and the next attempt at the same trámite and account, for a while, uses its key. Restarting
     after «No pudimos emitir su ficha» gave a second ticket while the first was printing. */
  const RESEND_AFTER_MS = [1000, 3000];  // then «No pudimos emitir su ficha» and «Intentar de nuevo»
  const KEPT_MS = 2 * 60 * 1000;  // how long the next attempt at the same trámite takes over its key
  let unconfirmed = null;  // {body, at}: the latest issue request whose answer the kiosk has not read
  const unanswered = (e) => !(e instanceof api.ApiError) || e.status === 502 || e.status === 504;
  const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

  async function post(body) {
    unconfirmed = { body, at: Date.now() };
    for (let resend = 0; ; resend += 1) {
      try {
        const answer = await api.call("POST", "/api/v1/tickets", body);
        if (unconfirmed && unconfirmed.body === body) unconfirmed = null;
        return answer;
      } catch (e) {
        if (!unanswered(e)) {
          if (unconfirmed && unconfirmed.body === body) unconfirmed = null;  // the server said no: nothing issued
          throw e;
        }
        if (resend >= RESEND_AFTER_MS.length) throw e;
        await pause(RESEND_AFTER_MS[resend]);
      }
    }
  }

  /* The key of this customer's request: a request for the same trámite and account whose answer was lost lends its
     own, so the ticket it may have issued is the one this customer gets. */
  function keyFor(state) {
    const lost = unconfirmed && Date.now() - unconfirmed.at < KEPT_MS ? unconfirmed.body : null;
    const preferential = state.preferential === "none" ? null : state.preferential;
    // The same request in every part (trámite, account, preference): anyone else's choice is a ticket of its own.
    if (lost && lost.transaction === state.tx && lost.account === (state.account || null) &&
        lost.preferential === preferential) {
      state.key = lost.idempotency_key;
    }
    return state.key;
  }

  async function issue(preferential) {
    const { state } = kiosk;
    if (state.issuing || !state.tx) return;  // a second tap while the first is on its way does nothing
    state.issuing = true;
    state.preferential = preferential;
    const asker = kiosk.customer;
    showIssuing();
    // Told at this kiosk what to settle first (a «pending» attention), this customer is one in P01 whatever ticket
    // they then take: the debt unit's, or their trámite's after correcting a mistyped account (100300 owes, 100200
    // was theirs), which the account alone would not link (core/tickets/follow_up.py).
    const after = account.pendingAttention();
    try {
      const answer = await post({
        transaction: state.tx, preferential: preferential === "none" ? null : preferential,
        account: state.account || null, idempotency_key: keyFor(state), print: true,  // queued by the same request
        ...(after ? { after_attention: after } : {}),
      });
      if (asker === kiosk.customer) showTicket(answer.ticket, answer.print_job);
    } catch (e) {
      if (asker === kiosk.customer) showFailure(e);  // «Inicio» came first: its own resend says what happened
    } finally {
      state.issuing = false;
    }
  }

  /* «Inicio» while a ticket's answer is lost: the request once more, and its ticket shown if it was issued. True
     when the kiosk shows it; false (home then) when the server said no (nothing was issued) or there is still no
     answer (the request is kept for the next attempt). A second «Inicio» meanwhile waits for the same answer. */
  let resolving = null;
  function resolveUnconfirmed() {
    if (!resolving) resolving = resendLost().finally(() => { resolving = null; });
    return resolving;
  }

  async function resendLost() {
    if (!unconfirmed || Date.now() - unconfirmed.at >= KEPT_MS) return false;
    const { body } = unconfirmed;
    const asker = kiosk.customer;
    showIssuing();
    try {
      const answer = await post(body);
      if (asker === kiosk.customer) showTicket(answer.ticket, answer.print_job);
      return true;
    } catch (_e) {
      return false;
    }
  }

  function showIssuing() {
    const title = document.querySelector("[data-issuing-title]");
    title.textContent = title.dataset.issuing || (title.dataset.issuing = title.textContent);
    document.querySelector("[data-issue-error]").textContent = "";
    document.querySelector("[data-retry-issue]").hidden = true;
    kiosk.show("issuing");
  }

  function showFailure(e) {
    if (e instanceof api.ApiError && e.details && e.details.status) {
      kiosk.dropStep();  // the result replaces the "issuing" step
      account.showResult(e.details);
    } else if (e instanceof api.ApiError && e.code === "queue_closed_today") {
      showClosed(e.message);  // closed meanwhile: the quota's last ticket went to someone else; no retry
    } else {
      document.querySelector("[data-issuing-title]").textContent = texts.issueFailed;  // never «Emitiendo…» above it
      // A trámite the admin took away meanwhile can only fail again: «Inicio» is the way on. Said without the
      // code a deleted one's answer names («No existe el trámite «PV_…»»).
      const gone = e instanceof api.ApiError && e.code === "unknown_transaction";
      document.querySelector("[data-issue-error]").textContent =
        gone ? texts.transactionGone : (e instanceof api.ApiError ? e.message : texts.networkError);
      document.querySelector("[data-retry-issue]").hidden = gone;  // the same key: never a second ticket
    }
  }

  function fill(root, name, value) {
    root.querySelectorAll(`[data-field="${name}"]`).forEach((el) => { el.textContent = value; });
  }

  function showTicket(ticket, job) {
    const box = screens.ticket;
    const { state } = kiosk;
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
    kiosk.goneThrough(["home", "ticket"]);
    kiosk.show("ticket", { push: false });
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
    status.textContent = printer.printerDown() ? texts.printingTicketDown : texts.printingTicket;
    fitTicket();
    const failed = () => {
      kiosk.state.printFailed = true;
      status.dataset.state = "failed";
      status.textContent = texts.printFailedTicket;
      fitTicket();  // the failure's line is the tallest
      idle.arm();  // the number stays on screen longer
    };
    if (job === null || job === undefined) { failed(); return; }
    kiosk.watchJob(job, (ok) => {
      if (kiosk.state.ticket !== ticket) return;
      if (!ok) { failed(); return; }
      status.dataset.state = "done";
      status.textContent = texts.printedTicket;
      // The customer holds the QR on paper now. On screen it stayed up to 45 s for whoever came next, whose
      // phone could then follow, or anul, this customer's ticket.
      screens.ticket.querySelector(".k-qr").hidden = true;
      screens.ticket.querySelector('[data-part="qr-on-paper"]').hidden = false;
      fitTicket();
    });
  }

  /* The kiosk went home by itself (nobody touched it): whoever comes next is another customer, who must never be
     handed the ticket of a request the one before left unanswered. */
  function forgetUnconfirmed() {
    unconfirmed = null;
  }

  window.Turnero.kioskTicket = { issue, resolveUnconfirmed, forgetUnconfirmed, showClosed, showGone };
})();
