// Keyboard first: Ctrl+Enter (or Cmd+Enter) saves the answer being typed. No inline script
// anywhere (the Content-Security-Policy forbids it), so this file is the page's only own code.
"use strict";
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  var field = event.target;
  if (!field || !field.form || field.form.id !== "answer-form") return;
  event.preventDefault();
  field.form.requestSubmit();
});
// After htmx swaps in a new page, put the cursor where the official types next.
document.addEventListener("htmx:afterSettle", function () {
  var answer = document.getElementById("answer");
  if (answer) answer.focus();
});
