/* Live control sheet (Top 10, step 17): join the `top10` room, and re-read the rows whenever a case changes
   or the connection comes back (events are not sequenced: the rows are always re-read whole). */
(function () {
  "use strict";

  var table = document.getElementById("sheet");
  var body = document.getElementById("sheet-rows");
  var live = document.getElementById("sheet-live");
  var url = table.dataset.rowsUrl;
  var pending = null;
  var loading = false;
  var again = false;

  function setLive(text, ok) {
    live.textContent = text;
    live.classList.toggle("off", !ok);
  }

  function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        body.innerHTML = html;
        document.body.dataset.sheetRefreshed = String(Date.now());
      })
      .catch(function () { setLive("No se pudo actualizar: reintentando…", false); })
      .then(function () {
        loading = false;
        if (again) { again = false; refresh(); }
      });
  }

  function soon() {  // several cases change in one commit: one reload
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () { pending = null; refresh(); }, 150);
  }

  var socket = io({ transports: ["websocket"], reconnectionDelayMax: 5000 });
  socket.on("connect", function () {
    socket.emit("join_top10", function (answer) {
      if (answer && answer.ok) {
        setLive("En línea", true);
        document.body.dataset.top10Joined = "1";
        refresh();  // catch up on whatever changed while disconnected
      } else {
        setLive("Sin acceso a la planilla en línea", false);
      }
    });
  });
  socket.on("disconnect", function () {
    document.body.dataset.top10Joined = "";
    setLive("Sin conexión: reconectando…", false);
  });
  socket.on("top10_changed", soon);
  // Days open change at midnight even when nobody acts.
  setInterval(refresh, 10 * 60 * 1000);
}());
