/* Live control sheet (Top 10, step 17): join the `top10` room, and re-read the rows whenever a case changes
   or the connection comes back (events are not sequenced: the rows are always re-read whole). */
(() => {
  "use strict";
  const { api, live } = window.Turnero;

  const table = document.getElementById("sheet");
  const body = document.getElementById("sheet-rows");
  const status = document.getElementById("sheet-live");
  const url = table.dataset.rowsUrl;
  let pending = null;
  let loading = false;
  let again = false;

  function setLive(text, ok) {
    status.textContent = text;
    status.classList.toggle("off", !ok);
  }

  async function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    try {
      body.innerHTML = await api.html(url);
      document.body.dataset.sheetRefreshed = String(Date.now());
    } catch (_e) {
      setLive("No se pudo actualizar: reintentando…", false);
    }
    loading = false;
    if (again) { again = false; refresh(); }
  }

  function soon() { // several cases change in one commit: one reload
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => { pending = null; refresh(); }, 150);
  }

  const channel = live.connect({
    onStatus: (online) => {
      if (online) return; // «En línea» once the room is joined
      document.body.dataset.top10Joined = "";
      setLive("Sin conexión: reconectando…", false);
    },
    // The room is joined on request, on every connection; then catch up on whatever changed meanwhile.
    resync: () => {
      channel.emit("join_top10", (answer) => {
        if (answer && answer.ok) {
          setLive("En línea", true);
          document.body.dataset.top10Joined = "1";
          refresh();
        } else {
          setLive("Sin acceso a la planilla en línea", false);
        }
      });
    },
  });
  channel.on("top10_changed", soon);
  // Days open change at midnight even when nobody acts, and a change made by a process this page is not connected
  // to (`flask import-damage-reports` or the folder's timer on a host without Redis) sends it nothing: re-read as
  // often as the other live screens check for what they missed.
  setInterval(refresh, live.catchUpEveryMs() || 60 * 1000);
})();
