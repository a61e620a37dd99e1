/* The desk picker: each PC remembers the desk chosen on it (localStorage), and preselects it, unless the agent
   still has a customer at a desk (`data-held`, preselected by the server): that is the one they may open. */
(() => {
  "use strict";
  const KEY = "turnero.desk";
  const form = document.getElementById("desk-choice");
  const select = form.querySelector("select[name=desk]");
  let saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (_e) { saved = null; }
  const known = saved && select.querySelector(`option[value='${saved.replace(/'/g, "")}']`);
  if (!form.dataset.held && known && !known.disabled) select.value = saved;  // not a desk someone else took
  form.addEventListener("submit", () => {
    try { window.localStorage.setItem(KEY, select.value); } catch (_e) { /* private mode: nothing to remember */ }
  });
})();
