// Keeps an execution page live while it runs: Server-Sent Events from the URL in this
// script's data-events attribute add history rows, recolour the states and update the
// steps table; when the execution ends the page reloads to show its outputs.
(() => {
  const url = document.currentScript && document.currentScript.dataset.events;
  if (!url || !window.EventSource) return;
  const source = new EventSource(url);
  const history = document.getElementById("history");
  const cell = (text) => {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  };
  source.addEventListener("history", (message) => {
    const event = JSON.parse(message.data);
    if (history.querySelector(`tr[data-id="${event.id}"]`)) return;
    const row = document.createElement("tr");
    row.dataset.id = event.id;
    for (const text of [event.id, event.type, event.stateName || "", event.at, event.error || ""]) {
      row.append(cell(String(text)));
    }
    history.append(row);
  });
  source.addEventListener("states", (message) => {
    const runs = JSON.parse(message.data);
    for (const [name, run] of Object.entries(runs)) {
      for (const node of document.querySelectorAll(".graph .state")) {
        if (node.dataset.state !== name) continue;
        node.classList.remove("not-started", "running", "succeeded", "failed");
        node.classList.add(run.status);
        node.dataset.status = run.status;
      }
      for (const row of document.querySelectorAll("#steps tr[data-step]")) {
        if (row.dataset.step !== name) continue;
        const badge = row.querySelector(".badge");
        badge.className = `badge ${run.status}`;
        badge.dataset.status = run.status;
        badge.textContent = run.status;
        row.querySelector(".duration").textContent = run.durationMs == null ? "" : `${run.durationMs} ms`;
        row.querySelector(".retries").textContent = String(run.retries);
        row.querySelector(".error").textContent = run.error || "";
      }
    }
  });
  source.addEventListener("end", (message) => {
    source.close();
    const status = JSON.parse(message.data).status;
    const badge = document.getElementById("status");
    badge.className = `badge ${status}`;
    badge.dataset.status = status;
    badge.textContent = status;
    window.location.reload();
  });
})();
