// The sqlite-rest console: reads through the API itself (GET / for the tables, GET /{table} for
// rows) with the token the user gives, and polls /_console/status for replication health.
"use strict";

const API = location.origin;
const STATUS_EVERY_MS = 2000;
const SPARK_SAMPLES = 150; // five minutes at one sample every two seconds
const $ = (id) => document.getElementById(id);

const state = {
  token: sessionStorage.getItem("sqliterest.token"),
  needsToken: false,
  doc: null,
  table: null,
  offset: 0,
  total: null,
  lags: [],
  polling: false,
};

function headers(extra) {
  const h = Object.assign({}, extra);
  if (state.token) h.Authorization = "Bearer " + state.token;
  return h;
}

async function api(path, extra) {
  const response = await fetch(API + path, { headers: headers(extra) });
  if (response.status === 401) {
    showLogin(state.token ? "The server refused this token: " + (await errorText(response)) : "");
    throw new Error("unauthorized");
  }
  return response;
}

async function errorText(response) {
  try {
    const e = await response.json();
    return [e.message, e.details, e.hint].filter(Boolean).join(" — ");
  } catch (_) {
    return response.status + " " + response.statusText;
  }
}

function showLogin(message) {
  state.needsToken = true;
  $("app").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message;
  $("token").focus();
}

async function start() {
  let response;
  try {
    response = await api("/", { Accept: "application/openapi+json" });
  } catch (_) {
    return;
  }
  if (!response.ok) {
    showLogin(await errorText(response));
    return;
  }
  state.doc = await response.json();
  $("login").hidden = true;
  $("app").hidden = false;
  $("signout").hidden = !state.token;
  $("who").textContent = state.token ? "with your token" : "authentication is off";
  listTables();
  if (!state.polling) pollStatus();
}

// ---- tables -------------------------------------------------------------------------------

function tables() {
  return Object.keys(state.doc.paths)
    .filter((p) => p !== "/")
    .map((p) => ({ path: p, name: state.doc.paths[p].summary }));
}

function schemaOf(name) {
  const ref = state.doc.paths[pathOf(name)].get.responses["200"].$ref.split("/").pop();
  return state.doc.components.schemas[ref];
}

function pathOf(name) {
  return "/" + encodeURIComponent(name);
}

function listTables() {
  const list = $("tables");
  list.replaceChildren();
  for (const t of tables()) {
    const a = document.createElement("a");
    a.href = "#" + encodeURIComponent(t.name);
    a.textContent = t.name;
    a.dataset.table = t.name;
    a.addEventListener("click", (e) => {
      e.preventDefault();
      openTable(t.name);
    });
    const li = document.createElement("li");
    li.append(a);
    list.append(li);
  }
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted && tables().some((t) => t.name === wanted)) openTable(wanted);
}

function columns() {
  return Object.keys(schemaOf(state.table).properties);
}

function operators() {
  return state.doc.components.schemas["sqliterest.FilterOperator"].enum;
}

function options(select, values, selected) {
  select.replaceChildren(...values.map((v) => new Option(v, v, false, v === selected)));
}

function openTable(name) {
  state.table = name;
  state.offset = 0;
  history.replaceState(null, "", "#" + encodeURIComponent(name));
  for (const a of document.querySelectorAll("#tables a")) {
    a.classList.toggle("current", a.dataset.table === name);
  }
  $("table-name").textContent = name;
  $("query").hidden = false;
  $("filters").replaceChildren();
  const pk = schemaOf(name)["x-primary-key"] || [];
  options($("order-column"), ["(none)", ...columns()], pk[0] || "(none)");
  $("row-view").hidden = true;
  loadRows();
}

function addFilter() {
  const div = document.createElement("div");
  div.className = "filter";
  const column = document.createElement("select");
  column.className = "filter-column";
  options(column, columns().filter((c) => !RESERVED.has(c)));
  const op = document.createElement("select");
  op.className = "filter-op";
  options(op, operators(), "eq");
  const value = document.createElement("input");
  value.className = "filter-value";
  value.placeholder = "value, e.g. 5 or *word* or (1,2) or null";
  const remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = "×";
  remove.title = "Remove this filter";
  remove.addEventListener("click", () => div.remove());
  div.append(column, op, value, remove);
  $("filters").append(div);
  value.focus();
}

const RESERVED = new Set(["select", "order", "limit", "offset", "columns", "on_conflict", "and", "or"]);

// ---- rows ---------------------------------------------------------------------------------

// Encodes a query value but keeps PostgREST's punctuation readable in the curl line.
function enc(text) {
  return encodeURIComponent(text).replace(/%2C/g, ",").replace(/%28/g, "(").replace(/%29/g, ")")
    .replace(/%2A/g, "*").replace(/%3A/g, ":");
}

function query() {
  const parts = [];
  for (const f of document.querySelectorAll("#filters .filter")) {
    const column = f.querySelector(".filter-column").value;
    const op = f.querySelector(".filter-op").value;
    parts.push(enc(column) + "=" + enc(op + "." + f.querySelector(".filter-value").value));
  }
  const order = $("order-column").value;
  if (order !== "(none)") parts.push("order=" + enc(order + "." + $("order-direction").value));
  parts.push("limit=" + $("page-size").value, "offset=" + state.offset);
  return parts.join("&");
}

function curl(pathAndQuery, prefer) {
  let line = "curl '" + API + pathAndQuery.replace(/'/g, "'\\''") + "'";
  if (state.token) line += " \\\n  -H \"Authorization: Bearer $TOKEN\"";
  if (prefer) line += " \\\n  -H 'Prefer: " + prefer + "'";
  return line;
}

async function loadRows() {
  const pathAndQuery = pathOf(state.table) + "?" + query();
  $("curl").textContent = curl(pathAndQuery, "count=exact");
  $("browse-error").textContent = "";
  let response;
  try {
    response = await api(pathAndQuery, { Prefer: "count=exact", Accept: "application/json" });
  } catch (_) {
    return;
  }
  if (!response.ok) {
    $("browse-error").textContent = await errorText(response);
    $("rows").replaceChildren();
    $("paging").hidden = true;
    return;
  }
  const rows = await response.json();
  const range = response.headers.get("Content-Range") || "";
  state.total = Number(range.split("/")[1]);
  showRows(rows);
  const size = Number($("page-size").value);
  $("paging").hidden = false;
  $("range").textContent = rows.length
    ? "rows " + (state.offset + 1) + "–" + (state.offset + rows.length) + " of " + state.total
    : "no rows (" + state.total + " in all)";
  $("prev").disabled = state.offset === 0;
  $("next").disabled = state.offset + size >= state.total;
}

function cell(value) {
  const td = document.createElement("td");
  if (value === null) {
    td.className = "null";
    td.textContent = "null";
  } else {
    td.textContent = typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return td;
}

function showRows(rows) {
  const names = rows.length ? Object.keys(rows[0]) : columns();
  const head = document.createElement("thead");
  const tr = document.createElement("tr");
  for (const n of names) {
    const th = document.createElement("th");
    th.textContent = n;
    tr.append(th);
  }
  head.append(tr);
  const body = document.createElement("tbody");
  for (const row of rows) {
    const r = document.createElement("tr");
    for (const n of names) r.append(cell(row[n]));
    r.addEventListener("click", () => showRow(row));
    body.append(r);
  }
  $("rows").replaceChildren(head, body);
}

function showRow(row) {
  $("row-view").hidden = false;
  $("row-json").textContent = JSON.stringify(row, null, 2);
  const pk = schemaOf(state.table)["x-primary-key"] || [];
  $("row-curl").textContent = pk.length && pk.every((k) => k in row)
    ? curl(pathOf(state.table) + "?" + pk.map((k) => enc(k) + "=eq." + enc(String(row[k]))).join("&"),
        null) + " \\\n  -H 'Accept: application/vnd.pgrst.object+json'"
    : "(no primary key: a row is addressed by filters on its columns)";
}

// ---- replication --------------------------------------------------------------------------

async function pollStatus() {
  state.polling = true;
  try {
    const response = await api("/_console/status");
    if (response.ok) showStatus(await response.json());
  } catch (_) {
    state.polling = false;
    return; // asked for a token
  }
  setTimeout(pollStatus, STATUS_EVERY_MS);
}

function showStatus(status) {
  const r = status.replication;
  $("replication-off").hidden = r !== null;
  $("replication-status").hidden = r === null;
  $("sparkline").hidden = r === null;
  if (r === null) return;
  const follower = r.role === "follower";
  $("role").textContent = follower ? "follower (reads only, applies the replica)" : "primary";
  $("replica-url").textContent = r.replicas.join(", ");
  $("local-txid").textContent = r.localTxid;
  $("replica-txid").textContent = r.replicaTxid;
  // a primary is ahead of its replica, a follower behind it
  const behind = Math.max(0, follower ? r.replicaTxid - r.localTxid : r.localTxid - r.replicaTxid);
  $("lag").textContent = r.lagSeconds.toFixed(1) + " s (" + behind + " transactions)";
  $("last-snapshot").textContent = follower ? "written by the primary"
    : r.lastSnapshot ? new Date(r.lastSnapshot).toLocaleString() : "none yet";
  $("health").textContent = !r.running ? "stopped" : r.healthy ? "healthy" : "failing, retrying";
  $("health").className = r.running && r.healthy ? "ok" : "bad";
  const errors = r.recentErrors.map((e) => {
    const li = document.createElement("li");
    li.textContent = new Date(e.time).toLocaleTimeString() + " " + e.operation + ": " + e.message;
    return li;
  });
  if (!errors.length) errors.push(Object.assign(document.createElement("li"), { textContent: "none" }));
  $("errors").replaceChildren(...errors);
  state.lags.push(r.lagSeconds);
  if (state.lags.length > SPARK_SAMPLES) state.lags.shift();
  drawSparkline();
}

function drawSparkline() {
  const max = Math.max(1, ...state.lags);
  const step = 200 / (SPARK_SAMPLES - 1);
  const start = SPARK_SAMPLES - state.lags.length;
  $("spark-line").setAttribute("points", state.lags
    .map((lag, i) => ((start + i) * step).toFixed(1) + "," + (38 - (lag / max) * 36).toFixed(1))
    .join(" "));
  $("spark-note").textContent = "lag over the last " + Math.ceil(state.lags.length * STATUS_EVERY_MS / 60000)
    + " min (since this page opened); top = " + max.toFixed(1) + " s";
}

// ---- wiring -------------------------------------------------------------------------------

$("login").addEventListener("submit", (e) => {
  e.preventDefault();
  state.token = $("token").value.trim();
  sessionStorage.setItem("sqliterest.token", state.token);
  start();
});
$("signout").addEventListener("click", () => {
  sessionStorage.removeItem("sqliterest.token");
  state.token = null;
  location.reload();
});
$("add-filter").addEventListener("click", addFilter);
$("query").addEventListener("submit", (e) => {
  e.preventDefault();
  state.offset = 0;
  loadRows();
});
$("prev").addEventListener("click", () => {
  state.offset = Math.max(0, state.offset - Number($("page-size").value));
  loadRows();
});
$("next").addEventListener("click", () => {
  state.offset += Number($("page-size").value);
  loadRows();
});
start();
