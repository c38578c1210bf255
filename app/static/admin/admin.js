// Small progressive enhancements; every page works without them (forms post as usual).
document.addEventListener("DOMContentLoaded", function () {
  // Ask before destructive or audited actions.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      // A button may carry its own question (e.g. batch reject beside batch approve).
      var own = event.submitter && event.submitter.getAttribute("data-confirm");
      if (!window.confirm(own || form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  // "Select all" checkboxes for batch actions.
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[name='" + box.getAttribute("data-select-all") + "']")
        .forEach(function (row) { row.checked = box.checked; });
    });
  });
  // Buttons that reveal a hidden form (e.g. the reject reason, the ID-number reveal reason).
  document.querySelectorAll("[data-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-toggle"));
      if (target) { target.classList.toggle("hidden"); var f = target.querySelector("textarea,input:not([type=hidden])"); if (f) f.focus(); }
    });
  });
});
