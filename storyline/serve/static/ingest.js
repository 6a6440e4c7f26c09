// Add articles: submit files or URLs to the API, then poll the job until it ends.
// Server strings are inserted with textContent only.
"use strict";

(function () {
  const job = document.getElementById("job");
  if (!job) return;

  function authHeaders() {
    const token = document.getElementById("token");
    return token && token.value ? { Authorization: "Bearer " + token.value } : {};
  }

  function item(text) {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }

  function show(data) {
    job.hidden = false;
    document.getElementById("job-id").textContent = data.id || "";
    const status = document.getElementById("job-status");
    status.textContent = data.status + (data.failure ? ": " + data.failure : "");
    status.className = "status-" + data.status;
    const progress = document.getElementById("job-progress");
    progress.replaceChildren();
    Object.entries(data.progress || {}).forEach(function ([stage, p]) {
      progress.append(item(stage + ": " + p.done + (p.total ? " of " + p.total : "")));
    });
    if (data.report) {
      progress.append(item(data.report.added + " new article(s), " + data.report.already_stored +
        " already stored; " + data.report.events + " event(s), " + data.report.stories + " story(ies) in the store"));
    }
    const errors = document.getElementById("job-errors");
    errors.replaceChildren(...(data.errors || []).map(function (e) { return item(e.source + ": " + e.reason); }));
    document.getElementById("job-errors-title").hidden = !(data.errors || []).length;
    document.getElementById("job-done").hidden = data.status !== "done";
  }

  async function poll(id) {
    for (;;) {
      const r = await fetch("/api/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } });
      const data = await r.json();
      show(data);
      if (data.status === "done" || data.status === "failed") return;
      await new Promise(function (resolve) { setTimeout(resolve, 700); });
    }
  }

  async function submit(form) {
    let body;
    const headers = Object.assign({ Accept: "application/json" }, authHeaders());
    if (form.id === "ingest-files") {
      body = new FormData(form);
    } else {
      const urls = form.elements.urls.value.split(/\s+/).filter(Boolean);
      body = JSON.stringify({ urls: urls });
      headers["Content-Type"] = "application/json";
    }
    show({ id: "", status: "sending" });
    const r = await fetch(form.dataset.endpoint, { method: "POST", body: body, headers: headers });
    const data = await r.json().catch(function () { return {}; });
    if (r.status !== 202) {
      const detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail || r.statusText);
      show({ id: "", status: "refused", failure: "HTTP " + r.status + " " + detail });
      return;
    }
    await poll(data.job_id);
  }

  document.querySelectorAll("form.ingest").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit(form).catch(function (err) { show({ id: "", status: "failed", failure: err.message }); });
    });
  });
})();
