// The warning before a coordinator's idle sign-out (WCAG 2.2.1 Timing Adjustable).
// The page knows how long its session has left (the server counts it); a little before the end it
// asks the server again (another tab may have been in use), and if the end is still near it opens
// a modal dialog, focused on "Stay signed in". That button restarts the server's idle clock with a
// small POST (CSRF token in a header), without leaving the page, then closes the dialog and puts
// focus back where it was: nothing typed is lost. If the time runs out, the dialog says so.
(function () {
  "use strict";
  var dialog, stay, close, title, text, status;
  var warnSeconds = 120;
  var deadline = 0; // Date.now() value when the session ends
  var timer = null;
  var returnTo = null;
  var ended = false;
  var busy = false; // a "Stay signed in" on its way (the button is not disabled: it keeps focus)

  function secondsLeft() {
    return Math.max(0, Math.round((deadline - Date.now()) / 1000));
  }

  function inWords(seconds) {
    if (seconds >= 90) {
      var minutes = Math.round(seconds / 60);
      return minutes + " minutes";
    }
    if (seconds >= 60) {
      return "1 minute";
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function clockTime(when) {
    var d = new Date(when);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function schedule(ms, fn) {
    window.clearTimeout(timer);
    timer = window.setTimeout(fn, Math.max(0, ms));
  }

  // The server's count: {seconds_left}. A network failure keeps the page's own count.
  function ask(url, options) {
    return window.fetch(url, options).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, status: response.status, left: Number(body.seconds_left) || 0 };
      });
    });
  }

  function setDeadline(left) {
    deadline = Date.now() + left * 1000;
  }

  function waitForWarning() {
    schedule(deadline - warnSeconds * 1000 - Date.now(), check);
  }

  function check() {
    ask(dialog.getAttribute("data-status-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) { setDeadline(answer.left); }, function () { /* keep our count */ })
      .then(decide);
  }

  function decide() {
    var left = secondsLeft();
    if (left <= 0) {
      signedOut();
    } else if (left > warnSeconds + 5) {
      if (dialog.open && !ended) {
        closeDialog(); // extended in another tab
      }
      waitForWarning();
    } else {
      warn(left);
      schedule(left * 1000 + 500, check);
    }
  }

  function warn(left) {
    if (!dialog.open) { // the text is set once: it says when, so it need not count down
      title.textContent = "You will be signed out soon";
      text.textContent = "You have not used the desk for a while. For your security, you will be " +
        "signed out in " + inWords(left) + ", at " + clockTime(deadline) + ". Choose “Stay signed in” " +
        "to carry on: what you have typed on this page stays as it is.";
      returnTo = document.activeElement;
      stay.hidden = false;
      close.hidden = true;
      dialog.showModal();
      stay.focus();
    }
  }

  function signedOut() {
    window.clearTimeout(timer);
    ended = true;
    if (!dialog.open) {
      returnTo = document.activeElement;
      dialog.showModal();
    }
    title.textContent = "You have been signed out";
    text.textContent = "For your security, the desk signed you out after a time without activity. " +
      "What you typed is still on this page: if you send one of its forms, the desk keeps what you " +
      "typed while you sign in again.";
    close.hidden = false;
    close.focus();
    stay.hidden = true;
    document.getElementById("session-sign-out").hidden = true;
  }

  function closeDialog() {
    dialog.close();
    var target = returnTo && document.contains(returnTo) && returnTo !== document.body ? returnTo
      : document.getElementById("main");
    if (target) {
      target.focus({ preventScroll: true });
    }
    returnTo = null;
  }

  function stayHere() {
    if (busy) {
      return;
    }
    busy = true;
    ask(dialog.getAttribute("data-extend-url"), {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "X-CSRFToken": dialog.getAttribute("data-csrf-token"), "Accept": "application/json" }
    }).then(function (answer) {
      busy = false;
      if (answer.ok && answer.left > 0) {
        setDeadline(answer.left);
        closeDialog();
        status.textContent = "You are still signed in.";
        waitForWarning();
      } else if (answer.status === 400 && answer.left > warnSeconds) {
        // Signed in again in another tab: that session is fresh. This page's forms are stale.
        setDeadline(answer.left);
        closeDialog();
        waitForWarning();
      } else {
        setDeadline(0);
        signedOut();
      }
    }, function () {
      busy = false;
      text.textContent = "The desk could not be reached, so your session was not extended: you " +
        "will be signed out at " + clockTime(deadline) + ". Check your connection and choose " +
        "“Stay signed in” again.";
    });
  }

  function start() {
    dialog = document.getElementById("session-timeout");
    if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
      return;
    }
    stay = document.getElementById("session-stay");
    close = document.getElementById("session-close");
    title = document.getElementById("session-timeout-title");
    text = document.getElementById("session-timeout-text");
    status = document.getElementById("session-status");
    warnSeconds = Number(dialog.getAttribute("data-warn-seconds")) || warnSeconds;
    setDeadline(Number(dialog.getAttribute("data-seconds-left")) || 0);
    stay.addEventListener("click", stayHere);
    close.addEventListener("click", closeDialog);
    // Escape: in the warning it means carry on (the dialog must not vanish with the time still
    // running); once signed out it closes the message.
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault();
      if (ended) {
        closeDialog();
      } else {
        stayHere();
      }
    });
    if (dialog.open) {
      // A saved copy of a page with the warning showing (a scan of it): the markup says only
      // "open", so show it as it was, modal, and count nothing.
      dialog.close();
      dialog.showModal();
      return;
    }
    waitForWarning();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
