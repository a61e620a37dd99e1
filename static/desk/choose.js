/* The desk picker: each PC remembers the desk chosen on it (localStorage), and preselects it. */
(function () {
  "use strict";
  var KEY = "turnero.desk";
  var form = document.getElementById("desk-choice");
  var select = form.querySelector("select[name=desk]");
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  if (saved && select.querySelector("option[value='" + saved.replace(/'/g, "") + "']")) select.value = saved;
  form.addEventListener("submit", function () {
    try { window.localStorage.setItem(KEY, select.value); } catch (e) { /* private mode: nothing to remember */ }
  });
})();
