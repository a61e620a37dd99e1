/* Catalogue editor: show only the fieldsets that apply to the chosen kind (all stay in the form). */
(() => {
  "use strict";
  const kind = document.getElementById("f-kind");
  if (!kind) return;
  const update = () => {
    document.querySelectorAll("fieldset[data-kinds]").forEach((fieldset) => {
      fieldset.hidden = !fieldset.dataset.kinds.split(" ").includes(kind.value);
    });
  };
  kind.addEventListener("change", update);
  update();
})();
