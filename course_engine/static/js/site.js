// Small enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the first error summary so screen-reader users hear it at once.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});

// Quiz pages: "Answered 3 of 5 questions" as the learner goes (the review page says it too).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-quiz-progress]");
  if (!form) { return; }
  var line = form.querySelector(".quiz-progress");
  var questions = form.querySelectorAll("fieldset.question");
  function done(question) {
    var fields = question.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) { return true; }
      } else if (field.value.trim() !== "") {
        return true;
      }
    }
    return false;
  }
  function update() {
    var count = 0;
    for (var i = 0; i < questions.length; i++) { if (done(questions[i])) { count++; } }
    line.textContent = "Answered " + count + " of " + questions.length + " questions.";
  }
  line.hidden = false;
  update();
  form.addEventListener("change", update);
});

// Module pages: the course outline is open in the HTML; on a phone fold it under its summary
// ("Course outline") so the lesson comes first; open it again on a wide screen.
document.addEventListener("DOMContentLoaded", function () {
  var outline = document.querySelector("details[data-outline]");
  if (!outline || !window.matchMedia) { return; }
  var wide = window.matchMedia("(min-width: 64em)");
  function fit() { outline.open = wide.matches; }
  fit();
  if (wide.addEventListener) { wide.addEventListener("change", fit); }
});
