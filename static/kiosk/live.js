/* The kiosk's live channel: its printer's health, and catalogue edits made in admin.
   A printer that goes down shows the warning at once (and hides it when it is back); an edited catalogue
   reloads the page, but only on the welcome screen so no customer loses what they were doing. */
(function () {
  "use strict";
  if (!window.io) return;
  const main = document.querySelector("main.kiosk");
  const warning = document.querySelector("[data-printer-warning]");
  const deviceId = Number(main.dataset.deviceId || 0);
  let reloadWhenIdle = false;

  const socket = window.io({ transports: ["websocket"] });
  socket.on("printer_health", (health) => {
    if (!deviceId || !(health.devices || []).includes(deviceId)) return;
    warning.hidden = Boolean(health.ok);
  });
  socket.on("catalogue_changed", () => {
    reloadWhenIdle = true;
    reloadIfHome();
  });

  function reloadIfHome() {
    if (reloadWhenIdle && main.dataset.current !== undefined && main.dataset.current !== "home") return;
    if (reloadWhenIdle) window.location.reload();
  }
  // kiosk.js marks the screen in data-current; watch it to reload once the customer is done.
  new MutationObserver(reloadIfHome).observe(main, { attributes: true, attributeFilter: ["data-current"] });
})();
