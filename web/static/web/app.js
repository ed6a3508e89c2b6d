/* Taskforce pages: a little help on slow connections, nothing the pages need to work.
   A form sent once is not sent again by a second tap while the first is on its way. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    form.setAttribute("aria-busy", "true");
    if (event.submitter) {
      event.submitter.classList.add("busy");
    }
  });
  /* Back to a page kept in the browser's memory: its forms can be sent again. */
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
      form.removeAttribute("aria-busy");
    });
    document.querySelectorAll("button.busy").forEach(function (button) {
      button.classList.remove("busy");
    });
  });
})();
