// A background import's page: while the status block carries data-poll, fetch it again every second and take
// its content (rows read so far, then the counts or the row errors). The block itself stays, so screen readers
// keep it as one live region.
"use strict";
(() => {
  const EVERY_MS = 1000;
  const block = document.getElementById("import-status");
  if (!block) return;

  async function refresh() {
    try {
      const holder = document.createElement("div");
      holder.innerHTML = await window.Turnero.api.html(block.dataset.poll);
      const fresh = holder.querySelector("#import-status");
      if (fresh) {
        block.innerHTML = fresh.innerHTML;
        if (!fresh.dataset.poll) delete block.dataset.poll;
      }
    } catch (error) {
      // signed out or the batch is gone: stop asking; the server is busy or restarting: ask on the next tick
      if (error.status >= 400 && error.status < 500) return;
    }
    if (block.dataset.poll) setTimeout(refresh, EVERY_MS);
  }

  if (block.dataset.poll) setTimeout(refresh, EVERY_MS);
})();
