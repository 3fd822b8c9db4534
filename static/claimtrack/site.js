// Small screens: the timeline's filters start folded unless some are in use. Without
// JavaScript they simply stay open.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("details.filter-box");
  if (box && !box.hasAttribute("data-filtered") && window.matchMedia("(max-width: 960px)").matches) {
    box.open = false;
  }
});
