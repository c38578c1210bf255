// Org pickers at city scale: type part of a name or a 组织代码, pick from what the server finds
// inside your own subtree. Without JavaScript the text box still accepts a 组织代码 (see org_picker).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-org-picker]").forEach(function (box) {
    if (box.dataset.pickerReady) return;  // the script tag comes with every picker: wire each box once
    box.dataset.pickerReady = "1";
    var hidden = document.getElementById(box.getAttribute("data-org-picker"));
    var list = document.getElementById(box.getAttribute("list"));
    var url = box.getAttribute("data-source");
    var found = {};
    var timer = null;
    function search() {
      var query = box.value.trim();
      var params = new URLSearchParams({q: query});
      if (box.getAttribute("data-kind")) params.set("kind", box.getAttribute("data-kind"));
      fetch(url + "?" + params.toString(), {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (orgs) {
          found = {};
          list.innerHTML = "";
          orgs.forEach(function (org) {
            found[org.label] = org.id;
            var option = document.createElement("option");
            option.value = org.label;
            list.appendChild(option);
          });
          choose();
        });
    }
    function choose() {
      if (Object.prototype.hasOwnProperty.call(found, box.value)) hidden.value = found[box.value];
    }
    box.addEventListener("input", function () {
      hidden.value = "";
      choose();
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    box.addEventListener("change", choose);
  });
});
