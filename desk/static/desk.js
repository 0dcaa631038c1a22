// Move focus to the error summary (or the "send again" notice, or the message saying what was
// just done) when a page comes back after a form,
// so screen reader users hear what went wrong first. The markup also carries
// autofocus and tabindex="-1", so this is a fallback for browsers that ignore autofocus.
(function () {
  "use strict";
  function focusFirst() {
    var target = document.getElementById("error-summary") || document.getElementById("notice") ||
      document.getElementById("scan-message") || document.getElementById("notification");
    if (target && document.activeElement !== target) {
      target.focus();
    }
  }
  // Error summary links: move focus to the field, keeping its label in view.
  function linkToField(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link || !link.closest(".error-summary")) {
      return;
    }
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) {
      return;
    }
    event.preventDefault();
    var group = input.closest(".form-group");
    (group || input).scrollIntoView();
    input.focus({ preventScroll: true });
  }
  // "Copy the address" buttons: shown only where the browser can copy; the result is announced.
  function copied(button, ok) {
    var result = document.getElementById("copy-result");
    if (result) {
      result.textContent = ok ? "Address copied." : "Could not copy: select the address and copy it.";
    }
  }
  function copy(event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(
        function () { copied(button, true); },
        function () { copied(button, legacyCopy(field)); });
    } else {
      copied(button, legacyCopy(field));
    }
  }
  function legacyCopy(field) {
    field.select();
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }
  function showCopyButtons() {
    var canCopy = (navigator.clipboard && window.isSecureContext) ||
      (document.queryCommandSupported && document.queryCommandSupported("copy"));
    if (canCopy) {
      document.querySelectorAll("button[data-copy]").forEach(function (b) { b.hidden = false; });
    }
  }
  function ready() {
    focusFirst();
    showCopyButtons();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  document.addEventListener("click", linkToField);
  document.addEventListener("click", copy);
})();
