// The model editor's factor picker: results while typing, from /api/v1/factors/search.
// Without JavaScript the Search button posts the form and the server lists the same hits.
// Once the YAML view is changed, the form view's fields are disabled (the server saves the
// YAML as typed and ignores the form then; disabling says so before the user types there).
(function () {
  "use strict";
  var content = document.getElementById("content");
  var formView = document.getElementById("form-view");
  if (!content || !formView) { return; }
  content.addEventListener("input", function () {
    formView.classList.add("stale");
    formView.querySelectorAll("input, select").forEach(function (field) {
      field.disabled = true;
    });
  }, { once: true });
})();

(function () {
  "use strict";
  var form = document.getElementById("model-editor");
  var q = document.getElementById("q");
  var hits = document.getElementById("picker-hits");
  if (!form || !q || !hits) { return; }
  var geography = document.getElementById("geography");
  var year = document.getElementById("year");
  var zh = document.documentElement.lang.indexOf("zh") === 0;
  var words = zh ? { use: "使用", source: "来源", licence: "许可" }
                 : { use: "Use", source: "Source", licence: "Licence" };
  var timer = null;
  var asked = 0;

  function hitItem(f) {
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "submit"; button.name = "action"; button.value = "factor:" + f.reference;
    button.className = "small pick"; button.textContent = words.use;
    var code = document.createElement("code");
    code.textContent = f.reference;
    li.appendChild(button); li.appendChild(document.createTextNode(" "));
    li.appendChild(code);
    li.appendChild(document.createTextNode(" " + (zh ? f.name.zh : f.name.en) + " · " +
      f.geography + " " + f.year + " · " + f.unit));
    li.appendChild(document.createElement("br"));
    var src = document.createElement("span");
    src.className = "muted";
    src.textContent = words.source + ": " + (f.source || f.set) +
      (f.licence ? " · " + words.licence + ": " + f.licence : "");
    li.appendChild(src);
    return li;
  }

  function search() {
    var params = new URLSearchParams({ q: q.value, geography: geography.value });
    if (/^\d{4}$/.test(year.value)) { params.set("year", year.value); }
    var mine = ++asked;
    fetch("/api/v1/factors/search?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body || mine !== asked) { return; }
        hits.replaceChildren.apply(hits, body.factors.map(hitItem));
      })
      .catch(function () { /* the Search button still works */ });
  }

  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(search, 300);
  }
  q.addEventListener("input", later);
  geography.addEventListener("input", later);
  year.addEventListener("input", later);
  q.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); search(); }
  });
})();
