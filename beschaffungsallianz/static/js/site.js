/*
 * Progressive enhancement only: every page works without this file.
 * - <select data-autosubmit> submits its form on change (the form keeps its
 *   own submit button for people without JS).
 * - <button type="button" data-copy-target="ID" hidden> is shown, and copies the
 *   text (or the value) of the element with that id; the outcome is announced.
 *   Optional: data-copy-done="Kopiert", data-copy-failed="…" (German defaults).
 * Load with <script src="…/site.js" defer></script>; no inline code (CSP).
 */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-autosubmit") && select.form) {
      if (typeof select.form.requestSubmit === "function") {
        select.form.requestSubmit();
      } else {
        select.form.submit();
      }
    }
  });

  function setupCopyButton(button) {
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    button.insertAdjacentElement("afterend", status);
    var label = button.querySelector(".kern-label") || button;
    var original = label.textContent;

    function report(text) {
      status.textContent = text;
      label.textContent = text;
      window.setTimeout(function () { label.textContent = original; status.textContent = ""; }, 3000);
    }

    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) return;
      var text = typeof target.value === "string" ? target.value : target.textContent.trim();
      navigator.clipboard.writeText(text).then(
        function () { report(button.getAttribute("data-copy-done") || "Kopiert"); },
        function () { report(button.getAttribute("data-copy-failed") || "Kopieren nicht möglich"); }
      );
    });
    button.hidden = false;
  }

  function init() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    document.querySelectorAll("button[data-copy-target]").forEach(setupCopyButton);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
