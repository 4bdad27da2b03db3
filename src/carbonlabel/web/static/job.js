/* Job progress: follow /api/v1/jobs/{id} (the session cookie signs the request in) and open
   the footprint report when the job has succeeded. Words come translated from the page. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var zh = (box.dataset.lang || "zh").indexOf("zh") === 0;
  var $ = function (id) { return document.getElementById(id); };
  var delay = 400;
  var CJK = /[\u3400-\u9fff]/;

  function bilingual(text) {
    if (!text) { return ""; }
    var parts = text.split(" / ");
    if (parts.length === 2) {
      var zhPart = CJK.test(parts[0]) ? parts[0] : parts[1];
      var enPart = CJK.test(parts[0]) ? parts[1] : parts[0];
      return zh ? zhPart : enPart;
    }
    var m = /^(\S*[\u3400-\u9fff]\S*(?:\s+\S*[\u3400-\u9fff]\S*)*)\s+([ -~]+)$/.exec(text);
    return m ? (zh ? m[1] : m[2]) : text;
  }

  function pick(message) {
    if (!message) { return ""; }
    return (zh ? message.zh : message.en) || message.zh || "";
  }

  function stateName(state) {
    return box.dataset["state" + state.charAt(0).toUpperCase() + state.slice(1)] || state;
  }

  function showErrors(error) {
    var list = $("job-error-list");
    var items = (error && error.errors && error.errors.length) ? error.errors : (error ? [error] : []);
    list.textContent = "";
    items.forEach(function (e) {
      var li = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = e.field || box.dataset.wholeFile;
      li.appendChild(code);
      var rest = "";
      if (e.line) { rest += " · " + box.dataset.lineLabel.replace("#", e.line); }
      li.appendChild(document.createTextNode(rest + ": " + pick(e.message)));
      list.appendChild(li);
    });
    $("job-errors").hidden = false;
  }

  function openResult(href) {
    $("job-result").href = href;
    $("job-done").hidden = false;
    window.setTimeout(function () { window.location.assign(href); }, 700);
  }

  function show(job) {
    var percent = (job.progress * 100).toFixed(1);
    $("job-progress").value = Math.round(job.progress * 100);
    $("job-percent").textContent = percent + "%";
    $("job-state").textContent = stateName(job.state);
    $("job-state").className = "state state-" + job.state;
    var said = bilingual(job.message);
    $("job-message").textContent = said === stateName(job.state) ? "" : said;
    box.dataset.state = job.state;
    if (job.state === "succeeded" && job.result_id) {
      openResult("/footprints/" + job.result_id);
      return true;
    }
    if (job.state === "failed") {
      showErrors(job.error);
      return true;
    }
    return false;
  }

  function poll() {
    fetch(box.dataset.api, { credentials: "same-origin", cache: "no-store",
                             headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401) { window.location.reload(); throw new Error("signed out"); }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (job) {
        if (!show(job)) {
          delay = Math.min(delay * 1.3, 3000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 5000);
        window.setTimeout(poll, delay);
      });
  }

  if (box.dataset.state === "succeeded") {
    openResult($("job-result").getAttribute("href"));
  } else if (box.dataset.state !== "failed") {
    poll();
  }
}());
