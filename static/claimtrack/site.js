// Small screens: the timeline's filters start folded unless some are in use. Without
// JavaScript they simply stay open.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("details.filter-box");
  if (box && !box.hasAttribute("data-filtered") && window.matchMedia("(max-width: 960px)").matches) {
    box.open = false;
  }
});

// A fragment that fails to load (the claim was deleted, the server erred, the network
// dropped) says so, instead of "Loading…" for ever. The ingest queue is left alone: it
// polls again by itself.
(function () {
  function failed(event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id === "ingest-queue") {
      return;
    }
    var status = event.detail.xhr && event.detail.xhr.status;
    var message = document.createElement("p");
    message.className = "load-error";
    message.setAttribute("role", "alert");
    message.textContent = "This could not be loaded" + (status ? " (error " + status + ")" : "") +
      ". Reload the page to try again.";
    if (target.classList.contains("load-more")) {
      var old = target.querySelector(".load-error");
      if (old) {
        old.remove();
      }
      target.appendChild(message);
      return;
    }
    target.classList.remove("is-loading");
    target.replaceChildren(message);
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  // A refusal the server wrote for the reader (a "Load more" link whose page position is
  // none) is shown as it came, not as "could not be loaded".
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status === 400 && xhr.getResponseHeader("X-Claimtrack-Swap-Error")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

// A form sent back with a mistake: the field to fix (or the form's error box) takes the
// focus and comes into view. The claim page's editor panels sit below the mentions (on a
// phone below all of them), so a refused summary or status came back showing the top of
// the page and no sign of the refusal. The timeline's filters (a GET form) say their
// problem at the top already and are left alone.
// The field itself when one is marked (its error is read out with it, aria-describedby),
// else the error box of a refusal that is about no single field.
document.addEventListener("DOMContentLoaded", function () {
  var selectors = ['main form[method="post"] [aria-invalid="true"]', 'main .form-errors[role="alert"]'];
  for (var s = 0; s < selectors.length; s++) {
    var candidates = document.querySelectorAll(selectors[s]);
    for (var i = 0; i < candidates.length; i++) {
      var target = candidates[i];
      if (target.closest('form[method="get"]')) {
        continue;
      }
      if (!target.matches("input, select, textarea")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "center" });
      return;
    }
  }
});

// "Load more claims" is replaced by the rows it loaded: the focus, on the link that is
// gone, went back to the top of the page (the next Tab started over at the masthead). It
// goes to the first claim loaded instead.
(function () {
  var rowsBefore = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    var loadingMore = target && target.classList && target.classList.contains("load-more");
    rowsBefore = loadingMore && event.detail.shouldSwap
      ? document.querySelectorAll(".claim-row").length
      : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (rowsBefore === null) {
      return;
    }
    var row = document.querySelectorAll(".claim-row")[rowsBefore];
    rowsBefore = null;
    // No row came: the server's message took the link's place (a page position that is
    // none); its own link is where the reader goes on from.
    var slot = document.querySelector(".load-more");
    var link = row ? row.querySelector(".claim-summary") : slot && slot.querySelector("a");
    if (link) {
      link.focus({ preventScroll: true });
    }
  });
})();

// A timeline row: its button shows or hides the claim's story (htmx loads it on the first
// click), and a click anywhere else on the row's head does too, except on its link. The
// link and the button are siblings, not a link inside a <summary>: a screen reader read
// that as one button named by the whole row.
document.addEventListener("click", function (event) {
  var target = event.target;
  if (!(target instanceof Element)) {
    return;
  }
  var toggle = target.closest(".row-toggle");
  if (toggle) {
    var story = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (story) {
      story.hidden = !open;
    }
    return;
  }
  var head = target.closest(".row-head");
  if (head && !target.closest("a, button") && !String(window.getSelection() || "")) {
    var button = head.querySelector(".row-toggle");
    if (button) {
      button.click();
    }
  }
});
