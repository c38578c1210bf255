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
  // Typed coordinates outside the configured city box: ask before saving anyway (without the
  // confirmation the server refuses them). A station edited without moving it is not asked again.
  document.querySelectorAll("form[data-city-bounds]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var box = form.getAttribute("data-city-bounds").split(",").map(Number);
      var lat = form.elements.latitude.value.trim(), lng = form.elements.longitude.value.trim();
      var confirmBox = form.elements.confirm_outside_city;
      if (confirmBox.checked || form.getAttribute("data-original") === lat + "," + lng) return;
      var y = parseFloat(lat), x = parseFloat(lng);
      if (isNaN(x) || isNaN(y) || (x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3])) return;
      if (window.confirm(form.getAttribute("data-city-warning"))) confirmBox.checked = true;
      else event.preventDefault();
    });
  });
  // A page size chosen is applied at once (the 确定 button stays for pages without this script).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
  // Enter in a field that belongs to one button of a form with several (the batch-reject reason) presses
  // that button, not the form's first one (批量通过).
  document.querySelectorAll("input[data-enter-clicks]").forEach(function (input) {
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      document.querySelector(input.getAttribute("data-enter-clicks")).click();
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
