/* Top 10 notices (issue 12): a new damage report joined a case, a case reopened, a followed customer visited the
   office. Each notice names the case's owner (role, or the person assigned); it is shown to that owner, and on
   the page of that case. */
document.addEventListener("DOMContentLoaded", () => {
  "use strict";
  const box = document.getElementById("top10-notices");
  const live = window.Turnero && window.Turnero.live;
  if (!box || !live) return;
  const roles = (box.dataset.roles || "").split(" ").filter(Boolean);
  const user = box.dataset.user;
  const caseId = box.dataset.case;

  function mine(notice) {
    return roles.includes("admin") || roles.includes(notice.role) || (notice.user && String(notice.user) === user)
      || (caseId && String(notice.case) === caseId);
  }

  const channel = live.connect({
    onStatus: () => {},
    resync: () => channel.emit("join_top10", (answer) => {
      box.dataset.joined = answer && answer.ok ? "1" : "";
    }),
  });
  channel.on("top10_notice", (notice) => {
    if (!notice || !mine(notice)) return;
    const item = document.createElement("p");
    item.className = "notice";
    item.dataset.case = String(notice.case);
    item.textContent = notice.message;
    box.prepend(item);
  });
});
