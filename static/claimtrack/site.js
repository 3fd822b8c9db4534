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
})();
