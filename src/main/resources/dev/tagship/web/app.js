// The dashboard page: a few views over tagship's JSON API, rendered with DOM calls (never
// innerHTML with data), so nothing a pipeline logs or a user names can become markup.
"use strict";

const state = { csrf: null, who: null, timer: null };

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// replaceChildren with the lists el() takes: nested arrays flattened, null and undefined left out.
function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined));
}

async function api(path, options = {}) {
  const headers = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.method && options.method !== "GET") headers["X-CSRF-Token"] = state.csrf;
  const response = await fetch(path, {
    method: options.method || "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: "same-origin",
  });
  if (response.status === 401) {
    window.location.assign("/login");
    throw new Error("signed out");
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    error.status = response.status;
    error.details = body;
    throw error;
  }
  return body;
}

function duration(millis) {
  if (millis === null || millis === undefined) return "";
  if (millis < 1000) return millis + " ms";
  const seconds = Math.round(millis / 1000);
  if (seconds < 60) return seconds + " s";
  return Math.floor(seconds / 60) + " min " + (seconds % 60) + " s";
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

function status(text, label) {
  const value = text || "RUNNING";
  return el("span", { className: "status " + value }, label || value);
}

function announce(text) {
  document.getElementById("announcer").textContent = text;
}

function show(title, ...content) {
  clearInterval(state.timer);
  state.timer = null;
  const main = document.getElementById("main");
  fill(main, el("h1", {}, title), content);
  document.title = title + " · tagship";
  main.focus();
  const section = location.hash.split("/")[1] || "runs";
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function problem(error) {
  return el("p", { className: "problem", role: "alert" }, error.message);
}

// --- runs -------------------------------------------------------------------------------------

async function runsView() {
  const runs = await api("/api/runs?limit=100");
  if (runs.length === 0) {
    show("Runs", el("p", {}, "No runs yet. Start one from ", el("a", { href: "#/pipelines" }, "Build with Parameters"), " or with tagship run."));
    return;
  }
  show(
    "Runs",
    el("table", {},
      el("caption", { className: "visually-hidden" }, "Recorded runs, newest first"),
      el("thead", {}, el("tr", {}, ["Run", "Pipeline", "Result", "Started", "Duration"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, runs.map((run) =>
        el("tr", {},
          el("td", {}, el("a", { href: "#/runs/" + run.id }, run.pipeline + " #" + run.number)),
          el("td", {}, run.pipeline),
          el("td", {}, status(run.result)),
          el("td", {}, when(run.startedAt)),
          el("td", {}, duration(run.duration)))))));
}

function stageChildren(stages) {
  const children = new Map();
  for (const stage of stages) {
    const key = stage.parentId || "";
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(stage);
  }
  return children;
}

// A stage and every stage inside it: its log is theirs too, as in Jenkins' stage view.
function stageAndInner(stages, id) {
  const children = stageChildren(stages);
  const ids = new Set();
  const add = (stageId) => {
    ids.add(stageId);
    (children.get(stageId) || []).forEach((child) => add(child.id));
  };
  add(id);
  return ids;
}

// Each stage is a button that shows its own log below (pressed again, the whole log).
function stageTree(stages, selected, onSelect) {
  const children = stageChildren(stages);
  const box = (stage) => {
    const shown = stage.status || "RUNNING";
    const nested = children.get(stage.id) || [];
    return el("li", {},
      el("button", { type: "button", className: "stage " + shown, "data-stage": stage.name,
        "aria-pressed": String(stage.id === selected), title: "Show the log of " + stage.name,
        onclick: () => onSelect(stage.id === selected ? null : stage.id) },
        el("span", { className: "name" }, stage.name),
        el("span", { className: "meta" }, shown.toLowerCase(), stage.duration !== null ? " · " + duration(stage.duration) : "")),
      nested.length ? el("ul", { className: "parallel", "aria-label": "Inside " + stage.name }, nested.map(box)) : null);
  };
  return el("ol", { className: "stages", "aria-label": "Stages (each shows its log)" }, (children.get("") || []).map(box));
}

function inputForm(run, input) {
  const fields = input.parameters.map((parameter) => parameterField(parameter, "input-" + input.id));
  const message = el("p", { className: "problem", role: "alert" });
  const answer = async (proceed) => {
    const values = {};
    for (const parameter of input.parameters) values[parameter.name] = fieldValue(parameter, "input-" + input.id);
    try {
      await api("/api/runs/" + run.id + "/input/" + encodeURIComponent(input.id), { method: "POST", body: { proceed, values } });
      announce(proceed ? "Answered: " + input.ok : "Aborted");
    } catch (error) {
      message.textContent = error.message;
    }
  };
  return el("section", { className: "card input-card", "aria-labelledby": "input-" + input.id + "-title" },
    el("h3", { id: "input-" + input.id + "-title" }, "Waiting for input", input.stage ? " in " + input.stage : ""),
    el("p", {}, input.message),
    fields, message,
    el("p", {},
      el("button", { type: "button", onclick: () => answer(true) }, input.ok || "Proceed"), " ",
      el("button", { type: "button", className: "secondary", onclick: () => answer(false) }, "Abort")));
}

async function runView(id) {
  let run = await api("/api/runs/" + id + "?from=0");
  const facts = el("dl", { className: "facts" });
  const graph = el("div");
  const inputs = el("div");
  const log = el("pre", { className: "log", id: "log", tabindex: "0", "aria-label": "Console log" });
  const logTitle = el("div", { className: "log-title" });
  const lines = [];
  let next = 0;
  let shownInputs = "";
  let selected = null;
  let latest = run;
  const showTitle = () => {
    const name = selected && (latest.stages.find((stage) => stage.id === selected) || {}).name;
    fill(logTitle, el("h2", { id: "log-title" }, selected ? "Log of stage " + name : "Log"),
      selected ? el("button", { type: "button", onclick: () => select(null) }, "Show the whole log") : null);
  };
  const showLog = () => {
    showTitle();
    const wanted = selected ? stageAndInner(latest.stages, selected) : null;
    log.textContent = lines.filter((line) => !wanted || wanted.has(line.stageId)).map((line) => line.text + "\n").join("");
  };
  const select = (stageId) => {
    selected = stageId;
    fill(graph, stageTree(latest.stages, selected, select));
    showLog();
    log.scrollTop = 0;
  };
  const render = (current) => {
    latest = current;
    fill(facts,
      el("dt", {}, "Result"), el("dd", { id: "result" }, status(current.result)),
      el("dt", {}, "Started"), el("dd", {}, when(current.startedAt)),
      el("dt", {}, "Duration"), el("dd", {}, current.running ? "running" : duration(current.duration)),
      current.commit ? [el("dt", {}, "Commit"), el("dd", {}, el("code", {}, current.commit.slice(0, 12)))] : [],
      current.error ? [el("dt", {}, "Error"), el("dd", {}, current.error)] : [],
      Object.keys(current.parameters).length ? [el("dt", {}, "Parameters"), el("dd", {}, el("ul", {}, Object.entries(current.parameters).map(([k, v]) => el("li", {}, el("code", {}, k), " = ", v))))] : []);
    fill(graph, current.stages.length ? stageTree(current.stages, selected, select) : el("p", {}, "No stages yet."));
    const inputKey = current.inputs.map((i) => i.id).join(",");
    if (inputKey !== shownInputs) {
      shownInputs = inputKey;
      fill(inputs, ...current.inputs.map((input) => inputForm(current, input)));
      if (current.inputs.length) announce("The run is waiting for input");
    }
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    const stageIds = current.log.stageIds || [];
    current.log.lines.forEach((text, i) => lines.push({ text, stageId: stageIds[i] || null }));
    next = current.log.next;
    if (selected) {
      showLog();
    } else {
      log.append(current.log.lines.map((line) => line + "\n").join(""));
    }
    if (atBottom) log.scrollTop = log.scrollHeight;
  };
  show(run.pipeline + " #" + run.number,
    facts,
    el("h2", {}, "Stages"), graph,
    inputs,
    logTitle, log);
  render(run);
  showTitle();
  if (run.running) {
    state.timer = setInterval(async () => {
      try {
        run = await api("/api/runs/" + id + "?from=" + next);
        render(run);
        if (!run.running) {
          clearInterval(state.timer);
          announce("The run finished: " + run.result);
        }
      } catch (error) {
        clearInterval(state.timer);
      }
    }, 1000);
  }
}

// --- pipelines --------------------------------------------------------------------------------

async function pipelinesView() {
  const pipelines = await api("/api/pipelines");
  if (pipelines.length === 0) {
    show("Build with Parameters", el("p", {}, "No pipelines: start tagship serve with --pipelines DIR, where each DIR/<name>/Jenkinsfile is a pipeline."));
    return;
  }
  show("Build with Parameters",
    el("ul", {}, pipelines.map((p) => el("li", {},
      el("a", { href: "#/pipelines/" + encodeURIComponent(p.name) }, p.name),
      p.lastRun ? [" — last run ", el("a", { href: "#/runs/" + p.lastRun.id }, "#" + p.lastRun.number), " ", status(p.lastRun.result)] : " — never run"))));
}

function fieldId(prefix, parameter) {
  return prefix + "-" + parameter.name.replace(/[^A-Za-z0-9_-]/g, "_");
}

function parameterField(parameter, prefix) {
  const id = fieldId(prefix, parameter);
  const describedBy = parameter.description ? id + "-help" : null;
  const help = parameter.description ? el("span", { className: "hint", id: id + "-help" }, parameter.description) : null;
  let control;
  if (parameter.defaultExpression) {
    // A default the Jenkinsfile computes: left empty, the run works it out when it starts.
    const placeholder = "(default: " + parameter.defaultExpression + ", worked out when the run starts)";
    control = parameter.type === "booleanParam"
      ? el("select", { id, name: parameter.name, "aria-describedby": describedBy },
          [el("option", { value: "" }, placeholder), el("option", { value: "true" }, "true"), el("option", { value: "false" }, "false")])
      : el("input", { type: parameter.type === "password" ? "password" : "text", id, name: parameter.name,
          autocomplete: "off", placeholder, "aria-describedby": describedBy });
    return el("p", {}, el("label", { for: id }, parameter.name), control, help ? el("br") : null, help);
  }
  switch (parameter.type) {
    case "booleanParam":
      return el("p", {},
        el("input", { type: "checkbox", id, name: parameter.name, checked: parameter.default === true, "aria-describedby": describedBy }), " ",
        el("label", { for: id, className: "inline" }, parameter.name), " ", help);
    case "choice":
      control = el("select", { id, name: parameter.name, "aria-describedby": describedBy },
        parameter.choices.map((choice) => el("option", { value: choice }, choice)));
      break;
    case "text":
      control = el("textarea", { id, name: parameter.name, rows: "4", "aria-describedby": describedBy });
      control.value = parameter.default || "";
      break;
    case "password":
      control = el("input", { type: "password", id, name: parameter.name, autocomplete: "off",
        placeholder: parameter.hasDefault ? "(leave empty for the default)" : "", "aria-describedby": describedBy });
      break;
    default:
      control = el("input", { type: "text", id, name: parameter.name, "aria-describedby": describedBy });
      control.value = parameter.default === null || parameter.default === undefined ? "" : parameter.default;
  }
  return el("p", {}, el("label", { for: id }, parameter.name), control, help ? el("br") : null, help);
}

function fieldValue(parameter, prefix) {
  const field = document.getElementById(fieldId(prefix, parameter));
  if (parameter.defaultExpression) return field.value === "" ? undefined : field.value;
  if (parameter.type === "booleanParam") return field.checked;
  if (parameter.type === "password" && field.value === "" && parameter.hasDefault) return undefined;
  return field.value;
}

async function pipelineView(name) {
  const pipeline = await api("/api/pipelines/" + encodeURIComponent(name));
  const message = el("div", { "aria-live": "assertive" });
  const fields = pipeline.parameters.map((parameter) => parameterField(parameter, "param"));
  const button = el("button", { type: "submit" }, pipeline.parameters.length ? "Build" : "Build now");
  const form = el("form", { className: "card", novalidate: true }, fields, message, el("p", {}, button));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    fill(message);
    for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
    const values = {};
    for (const parameter of pipeline.parameters) {
      const value = fieldValue(parameter, "param");
      if (value !== undefined) values[parameter.name] = value;
    }
    try {
      const started = await api("/api/pipelines/" + encodeURIComponent(name) + "/runs", { method: "POST", body: values });
      location.hash = "#/runs/" + started.id;
    } catch (error) {
      fill(message, problem(error));
      const bad = error.details && error.details.parameter;
      const field = bad && document.getElementById(fieldId("param", { name: bad }));
      if (field) {
        field.setAttribute("aria-invalid", "true");
        field.focus();
      }
      button.disabled = false;
    }
  });
  show("Build " + name,
    el("p", {}, "Stages: ", pipeline.stages.join(" → ") || "(none)"),
    pipeline.parameters.length ? null : el("p", {}, "This pipeline has no parameters."),
    form);
}

// --- releases ---------------------------------------------------------------------------------
// Grouped by cluster, then namespace. With one cluster, labels leave the cluster out; with
// several, every button says which cluster it rolls back on.

function place(release, several) {
  return " in " + release.namespace + (several ? " on " + release.cluster : "");
}

function revisionRow(release, revision, several, onRollback) {
  const current = revision.revision === release.current;
  return el("tr", { className: current ? "current" : null, "data-revision": revision.revision },
    el("th", { scope: "row" }, String(revision.revision), current ? " (current)" : ""),
    el("td", {}, revision.version || ""),
    el("td", {}, el("code", {}, revision.image || "")),
    el("td", {}, status(revision.status, revision.status)),
    el("td", {}, revision.good === true ? status("good", "good") : revision.good === false ? status("bad", "failed") : status("unknown", "not checked")),
    el("td", {}, when(revision.deployedAt)),
    el("td", {}, revision.build ? (/^https?:\/\//.test(revision.build) ? el("a", { href: revision.build }, "build") : revision.build) : ""),
    el("td", {}, current ? "" : el("button", { type: "button", className: "danger",
      "aria-label": "Roll back " + release.release + place(release, several) + " to revision " + revision.revision,
      onclick: (event) => onRollback(revision.revision, event.target) }, "Roll back to this revision")));
}

function releaseSection(release, several, refresh) {
  const progress = el("div", { "aria-live": "polite", className: "rollback-progress" });
  const rollback = async (revision, button) => {
    const buttons = section.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    const events = el("ol", { className: "events", "aria-label": "Rollout" });
    fill(progress, el("p", { className: "notice" }, "Rolling " + release.release + place(release, several) + " back to revision " + revision + "…"), events);
    const poll = setInterval(async () => {
      const recent = await api("/api/rollbacks").catch(() => []);
      const mine = recent.find((r) => r.cluster === release.cluster && r.namespace === release.namespace && r.release === release.release && r.running);
      if (mine) fill(events, ...mine.events.map((e) => el("li", {}, e)));
    }, 500);
    try {
      const result = await api("/api/releases/" + encodeURIComponent(release.namespace) + "/" + encodeURIComponent(release.release) + "/rollback",
        { method: "POST", body: { cluster: release.cluster, revision } });
      clearInterval(poll);
      fill(events, ...result.events.map((e) => el("li", {}, e)));
      const ok = result.verification && result.verification.succeeded;
      const summary = "Rolled back " + release.release + place(release, several) + " from revision " + result.fromRevision + " to " + result.restoredRevision +
        ": now revision " + result.newRevision + ". " + (result.verification ? result.verification.summary : "");
      await refresh(release);
      const after = document.getElementById(sectionId(release) + "-progress");
      fill(after, el("p", { className: ok ? "notice" : "problem", role: "status", id: "rollback-result" }, summary), events);
      announce(summary);
    } catch (error) {
      clearInterval(poll);
      fill(progress, problem(error));
      buttons.forEach((b) => (b.disabled = false));
    }
  };
  progress.id = sectionId(release) + "-progress";
  const section = el("section", { id: sectionId(release), "aria-labelledby": sectionId(release) + "-title" },
    el("h4", { id: sectionId(release) + "-title" }, release.release, el("span", { className: "hint" }, place(release, several) + " · revision " + release.current)),
    el("table", {},
      el("caption", { className: "visually-hidden" }, "History of " + release.release + place(release, several) + ", newest first"),
      el("thead", {}, el("tr", {}, ["Revision", "Version", "Image", "Status", "Verified", "When", "Build", ""].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, release.revisions.map((revision) => revisionRow(release, revision, several, rollback)))),
    progress);
  return section;
}

function sectionId(release) {
  return "release-" + release.cluster + "-" + release.namespace + "-" + release.release;
}

function clusterSection(cluster, several, refresh) {
  const id = "cluster-" + cluster.name;
  return el("section", { id, className: "cluster", "aria-labelledby": id + "-title" },
    el("h2", { id: id + "-title" }, "Cluster " + cluster.name, cluster.reachable ? null : [" ", status("bad", "unreachable")]),
    cluster.reachable
      ? cluster.namespaces.map((namespace) => el("section", { "aria-label": "Namespace " + namespace.namespace + " of " + cluster.name },
          el("h3", {}, "Namespace " + namespace.namespace),
          namespace.releases.length
            ? namespace.releases.map((release) => releaseSection(release, several, refresh))
            : el("p", {}, "No Helm releases in " + namespace.namespace + ".")))
      : el("p", { className: "problem", role: "alert" },
          "Cluster " + cluster.name + " is unreachable, so its releases are not shown: " + cluster.problem));
}

async function releasesView() {
  let clusters;
  try {
    clusters = await api("/api/clusters");
  } catch (error) {
    show("Releases", problem(error));
    return;
  }
  const several = clusters.length > 1;
  const refresh = async (shown) => {
    const release = await api("/api/releases/" + encodeURIComponent(shown.namespace) + "/" + encodeURIComponent(shown.release) +
      "?cluster=" + encodeURIComponent(shown.cluster));
    document.getElementById(sectionId(release)).replaceWith(releaseSection(release, several, refresh));
  };
  show("Releases", clusters.map((cluster) => clusterSection(cluster, several, refresh)));
}

// --- routing ----------------------------------------------------------------------------------

async function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  try {
    if (parts[0] === "runs" && parts[1]) await runView(parts[1]);
    else if (parts[0] === "pipelines" && parts[1]) await pipelineView(parts[1]);
    else if (parts[0] === "pipelines") await pipelinesView();
    else if (parts[0] === "releases") await releasesView();
    else await runsView();
  } catch (error) {
    show("Something went wrong", problem(error));
  }
}

async function start() {
  const session = await api("/api/session");
  state.csrf = session.csrfToken;
  state.who = session.who;
  document.getElementById("who").textContent = session.who;
  document.getElementById("signout-csrf").value = session.csrfToken || "";
  window.addEventListener("hashchange", route);
  await route();
}

start();
