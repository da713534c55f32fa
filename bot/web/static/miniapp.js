// Telegram opens the Mini App with its signed initData in the address's fragment (#tgWebAppData=…);
// send it to the server, which checks the bot's signature before it starts a session.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("miniapp-form");
  if (!form || document.getElementById("error")) return;
  var data = new URLSearchParams(window.location.hash.slice(1)).get("tgWebAppData");
  if (!data) return;
  document.getElementById("init-data").value = data;
  form.submit();
});
