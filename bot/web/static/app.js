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
// Drag an item onto another item of the same part to put it there (the 上移/下移 buttons do the
// same one step at a time, and work without a mouse). The move is an ordinary form post.
var dragged = null;
document.addEventListener("dragstart", function (event) {
  var item = event.target.closest && event.target.closest("li.item[draggable]");
  if (!item) return;
  dragged = item;
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", item.dataset.item);
});
document.addEventListener("dragover", function (event) {
  var target = event.target.closest && event.target.closest("li.item[draggable]");
  if (dragged && target && target !== dragged && target.dataset.section === dragged.dataset.section) {
    event.preventDefault();
  }
});
document.addEventListener("drop", function (event) {
  var target = event.target.closest && event.target.closest("li.item[draggable]");
  if (!dragged || !target || target === dragged || target.dataset.section !== dragged.dataset.section) return;
  event.preventDefault();
  var items = Array.prototype.slice.call(target.parentNode.querySelectorAll("li.item[draggable]"));
  var token = document.querySelector("input[name=csrf]");
  var form = document.createElement("form");
  form.method = "post";
  form.action = "/material/item";
  var fields = {csrf: token ? token.value : "", section: dragged.dataset.section, item: dragged.dataset.item,
                op: "move", position: String(items.indexOf(target) + 1)};
  Object.keys(fields).forEach(function (name) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = fields[name];
    form.appendChild(input);
  });
  document.body.appendChild(form);
  dragged = null;
  form.submit();
});
