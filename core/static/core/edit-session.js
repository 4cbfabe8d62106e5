// Tells the server this change form is still open (every 15 s; core.admin.SESSION_WINDOW) and
// when it is left, so the others see "Open by …"; refreshes that notice. The stale-save check
// works without it.
(function () {
  "use strict";
  var notice = document.getElementById("editing-notice");
  if (!notice || !window.fetch) { return; }
  var form = notice.closest("form");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function report() {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    fetch(notice.dataset.url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        notice.querySelector("li").textContent = data.notice;
        notice.hidden = !data.notice;
      })
      .catch(function () {});
  }

  window.setInterval(report, 15000);
  // Browsers slow the timers of hidden tabs: a tab coming back says so at once.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { report(); }
  });
  window.addEventListener("pagehide", function () {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("closed", "1");
    navigator.sendBeacon(notice.dataset.url, body);
  });
})();
