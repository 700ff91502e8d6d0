/*
 * Progressive enhancement only: every page works without this file.
 * - <select data-autosubmit> submits its form on change (the form keeps its
 *   own submit button for people without JS).
 * - <button type="button" data-copy-target="ID" hidden> is shown, and copies the
 *   text (or the value) of the element with that id; the outcome is announced.
 *   Optional: data-copy-done="Kopiert", data-copy-failed="…" (German defaults).
 * - <input name="csrfmiddlewaretoken" value="" data-csrf-token-url="URL"> (a form on a page
 *   from the page cache) gets its token from URL (JSON {"token": …}); without it the
 *   server returns the form with the entries and a token (core.views.csrf_failure).
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

  function fetchToken(input) {
    fetch(input.getAttribute("data-csrf-token-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.token) input.value = data.token; })
      .catch(function () { /* the server re-displays the form instead */ });
  }

  function init() {
    document.querySelectorAll("input[data-csrf-token-url]").forEach(fetchToken);
    if (!navigator.clipboard || !window.isSecureContext) return;
    document.querySelectorAll("button[data-copy-target]").forEach(setupCopyButton);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
