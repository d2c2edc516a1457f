// Export progress: poll the job's JSON and move the bar; reload once the job has finished.
// Without this script the page still works: its "Refresh the progress" link reloads it.
(function () {
  "use strict";
  var box = document.getElementById("export-progress");
  if (!box || box.dataset.finished === "yes" || !window.fetch) { return; }
  var bar = document.getElementById("export-bar");
  var text = document.getElementById("export-text");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.status === "done" || job.status === "failed") { window.location.reload(); return; }
        bar.max = job.total || 1;
        bar.value = job.done;
        bar.textContent = job.done + " of " + job.total;
        text.textContent = job.status === "queued" ? "Waiting for a worker."
          : job.done + " of " + job.total + " " + (box.dataset.unit || "items") + " done.";
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
