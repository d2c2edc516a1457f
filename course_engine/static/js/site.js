// Small enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the first error summary so screen-reader users hear it at once.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
