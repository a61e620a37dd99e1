/* What the kiosk hears live. The `kiosk` room: its printer's health, and catalogue edits made in admin; its
   device room: its own printouts, done or failed. A printer that goes down shows the warning at once (and hides it
   when it is back); an edited catalogue, or a new release of the server (heard on reconnecting after a deploy),
   reloads the page, but only on the welcome screen so no customer loses what they were doing. */
(() => {
  "use strict";
  const { api, live } = window.Turnero;
  const kiosk = window.Turnero.kioskScreens;
  const warning = document.querySelector("[data-printer-warning]");
  const deviceId = Number(kiosk.main.dataset.deviceId || 0);
  let pageStale = false;

  function reloadIfStale() {
    if (!pageStale || kiosk.current() !== "home") return;
    kiosk.freeze();
    window.location.reload();
  }
  kiosk.afterShow(reloadIfStale);

  async function checkPrinter() { // on every (re)connect: a change made while away was never heard
    try {
      const answer = await api.get(kiosk.main.dataset.printerUrl);
      warning.hidden = Boolean(answer.ok);
    } catch (_e) { /* offline again: the next connect asks again */ }
  }

  function stale() { // a catalogue edit or a deploy: reload, but never in the middle of a customer's trámite
    pageStale = true;
    reloadIfStale();
  }

  /* kiosk.js connects once every kiosk script is wired, just before its first home(): nothing is heard earlier. */
  function connect() {
    live.connect({ resync: checkPrinter, onRelease: stale })
      .on("printer_health", (health) => {
        if (!deviceId || !(health.devices || []).includes(deviceId)) return;
        warning.hidden = Boolean(health.ok);
      })
      .on("print_job", api.jobSettled)  // this kiosk's printout, done or failed: «Ficha impresa» without waiting
      .on("catalogue_changed", stale);
  }

  // The warning above says the printer is down: a printout's «se está imprimiendo» then says so too.
  window.Turnero.kioskLive = { connect, printerDown: () => !warning.hidden };
})();
