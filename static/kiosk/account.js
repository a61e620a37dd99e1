/* The kiosk's account check (COM-DSC-P01 activities 6–7): the account or CI typed on the keypad, its check, and
   the result screen. A debt or pending requirements block the ticket: the screen says what to settle first, offers
   the debt unit's ticket (the setting `debt_transaction`), counts the customer as attended («pending», once) and
   shows the QR of that attention's P01 question. */
(() => {
  "use strict";
  const { api } = window.Turnero;
  const kiosk = window.Turnero.kioskScreens;
  const { screens } = kiosk;
  const texts = document.querySelector("[data-texts]").dataset;

  let pendingRecorded = false; // this customer's «pending» attention was recorded (reset() starts the next one)
  let surveyQr = null; // ...and the QR of its P01 question (/i/<token>/qr.svg), shown with the debt or requirements
  let pendingToken = null; // ...and its token: any ticket this customer then takes follows it up (one in P01)

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

  /* A new trámite: the number is typed again for it. */
  function clearAccount() {
    accountInput.value = "";
    updateAccountButton();
  }

  async function checkAccount() {
    const { state } = kiosk;
    const error = document.querySelector("[data-account-error]");
    error.textContent = "";
    accountButton.disabled = true;
    try {
      // The trámite too: for a sale's, «no encontrada» speaks to a new customer as well (core/accounts/smartflex.py).
      const answer = await api.call("POST", "/api/v1/accounts/check", { account: accountInput.value, transaction: state.tx });
      kiosk.state.account = accountInput.value;
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
    kiosk.show("account-result");
    if (blocked && !pendingRecorded) { // act. 7: attended, told what is missing (P01 counts them), once a customer
      pendingRecorded = true;
      const asker = kiosk.customer;
      // The account checked goes with it: the ticket this customer takes later today follows it up (P01 counts once).
      api.call("POST", `/kiosk/pendiente/${encodeURIComponent(kiosk.state.tx)}`,
        { account: kiosk.state.account || null }).then((answer) => {
        if (asker !== kiosk.customer || !answer.survey_qr) return;  // home() came first: another customer now
        surveyQr = answer.survey_qr;
        pendingToken = answer.attention || null;
        showSurveyQr(kiosk.current() === "account-result" && !box.querySelector('[data-part="blocked"]').hidden);
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

  /* The next customer: hidden, its image gone; the next customer never answers for this one. */
  function reset() {
    pendingRecorded = false;
    surveyQr = null;
    pendingToken = null;
    showSurveyQr();
  }

  window.Turnero.kioskAccount = {
    checkAccount, showResult, clearAccount, updateAccountButton, reset,
    pendingAttention: () => pendingToken,  // this customer's ticket follows this attention up
  };
})();
