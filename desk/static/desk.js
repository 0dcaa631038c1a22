// Move focus to the error summary (or the "send again" notice) when a form comes back,
// so screen reader users hear what went wrong first. The markup also carries
// autofocus and tabindex="-1", so this is a fallback for browsers that ignore autofocus.
(function () {
  "use strict";
  function focusFirst() {
    var target = document.getElementById("error-summary") || document.getElementById("notice");
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirst);
  } else {
    focusFirst();
  }
  document.addEventListener("click", linkToField);
})();
