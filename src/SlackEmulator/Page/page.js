// The sandbox page: everything it shows comes from /sandbox/state, already rendered by the server; everything a
// person does goes back as a request the emulator turns into a Slack-signed call to the bot.
"use strict";

const view = {
  as: localStorage.getItem("sandbox.as") || "",
  channel: localStorage.getItem("sandbox.channel") || "",
  known: null,
  fresh: new Set(),
  loading: null,
  again: false,
  openModal: null,
};

const $ = (id) => document.getElementById(id);

// Names and times are text; only a message's body arrives as HTML, rendered and encoded by the server.
const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) throw new Error(json.error || `${response.status} ${response.statusText}`);
  return json;
}

// Loads are coalesced: a change that arrives during a load causes exactly one more load after it.
function refresh() {
  if (view.loading) {
    view.again = true;
    return view.loading;
  }
  view.loading = (async () => {
    try {
      do {
        view.again = false;
        const asked = { as: view.as, channel: view.channel };
        const response = await fetch(`/sandbox/state?${new URLSearchParams(asked)}`);
        if (!response.ok) continue;
        const state = await response.json();

        // A channel or person chosen while this load was on its way wins over what the load answers for the old one:
        // rendering it would put the old channel back under the reader's click.
        if (asked.as === view.as && asked.channel === view.channel) render(state);
        else view.again = true;
      } while (view.again);
    } finally {
      view.loading = null;
    }
  })();
  return view.loading;
}

function render(state) {
  view.as = state.as;
  view.channel = state.channel ? state.channel.id : "";
  localStorage.setItem("sandbox.as", view.as);
  localStorage.setItem("sandbox.channel", view.channel);
  $("now").textContent = state.nowText;
  $("composer-text").placeholder = state.ready
    ? "Type /crisis help, or /crisis open Checkout freezes at 300 stores sev1 customer: Acme Retail"
    : "The bot is starting…";
  // The bot's readiness is not a change in the workspace, so nothing else would tell the page.
  if (!state.ready) setTimeout(refresh, 500);
  renderPeople(state);
  renderChannels(state);
  renderMessages(state);
  renderModal(state);
}

function renderPeople(state) {
  const select = $("person");
  const options = state.people.map((p) => `${p.id}|${p.name} (${p.role})`).join("\n");
  if (select.dataset.options !== options) {
    select.replaceChildren(...state.people.map((p) => new Option(`${p.name}, ${p.role}`, p.id)));
    select.dataset.options = options;
  }
  select.value = state.as;
}

function renderChannels(state) {
  const ids = new Set(state.channels.map((c) => c.id));
  if (view.known) {
    for (const id of ids) if (!view.known.has(id)) view.fresh.add(id);
  }
  view.known = ids;
  view.fresh.delete(view.channel);

  const item = (c) => {
    const li = document.createElement("li");
    li.dataset.channel = c.id;
    li.dataset.name = c.name;
    li.title = c.private ? `${c.name} (private)` : c.name;
    const sigil = document.createElement("span");
    sigil.className = "sigil";
    sigil.textContent = c.dm ? "●" : c.private ? "🔒" : "#";
    li.append(sigil, c.dm ? c.name : ` ${c.name}`);
    if (c.id === view.channel) li.classList.add("selected");
    if (view.fresh.has(c.id)) li.classList.add("new");
    return li;
  };
  $("channels").replaceChildren(...state.channels.filter((c) => !c.dm).map(item));
  const dms = state.channels.filter((c) => c.dm);
  $("dms").replaceChildren(...dms.map(item));
  $("dms-title").hidden = dms.length === 0;
}

function renderMessages(state) {
  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  $("channel-name").textContent = state.channel ? `${state.channel.private ? "🔒 " : "# "}${state.channel.name}` : "";
  $("channel-topic").textContent = state.channel ? state.channel.topic : "";
  if (state.messages.length === 0) {
    box.innerHTML = '<div class="empty">No messages yet. Type <code>/crisis help</code> below to start.</div>';
    return;
  }
  box.innerHTML = state.messages.map((m) => `
    <div class="message${m.pinned ? " pinned" : ""}${m.ephemeral ? " ephemeral" : ""}" data-ts="${esc(m.ts)}">
      <div class="avatar${m.bot ? " bot" : ""}">${esc(m.initials)}</div>
      <div class="content">
        <div class="meta">
          <span class="author">${esc(m.author)}</span>${m.bot ? '<span class="app-badge">APP</span>' : ""}
          <span class="time">${esc(m.time)}</span>
          ${m.pinned ? '<span class="flag pin">📌 Pinned</span>' : ""}
          ${m.ephemeral ? '<span class="flag">Only visible to you</span>' : ""}
        </div>
        <div class="body">${m.html}</div>
        ${m.edited ? '<span class="edited">(edited)</span>' : ""}
      </div>
    </div>`).join("");
  if (atBottom || view.scrollNext) box.scrollTop = box.scrollHeight;
  view.scrollNext = false;
}

function renderModal(state) {
  const modal = state.modal;
  const backdrop = $("modal");
  if (!modal) {
    backdrop.hidden = true;
    view.openModal = null;
    return;
  }
  backdrop.hidden = false;
  // Redrawing an open modal would throw away what the person typed; only a new or updated view is drawn.
  const key = `${modal.id}|${modal.hash}`;
  if (view.openModal === key) return;
  view.openModal = key;
  $("modal-title").textContent = modal.title;
  $("modal-submit").textContent = modal.submit || "Submit";
  $("modal-submit").hidden = !modal.submit;
  $("modal-close").textContent = modal.close || "Cancel";
  $("modal-body").innerHTML = modal.html;
  $("modal-form").dataset.view = modal.id;
  for (const select of $("modal-body").querySelectorAll("select[data-users]")) {
    for (const p of state.people) select.add(new Option(p.name, p.id));
    if (select.dataset.initialUser) select.value = select.dataset.initialUser;
  }
  const first = $("modal-body").querySelector("input, textarea, select");
  if (first) first.focus();
}

async function act(button, work) {
  button.disabled = true;
  try {
    await work();
  } catch (e) {
    $("clock-note").textContent = e.message;
  } finally {
    button.disabled = false;
  }
}

$("channels").addEventListener("click", selectChannel);
$("dms").addEventListener("click", selectChannel);
function selectChannel(e) {
  const li = e.target.closest("li[data-channel]");
  if (!li) return;
  view.channel = li.dataset.channel;
  view.scrollNext = true;
  refresh();
}

$("person").addEventListener("change", (e) => {
  view.as = e.target.value;
  view.openModal = null;
  refresh();
});

$("composer").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = $("composer-text");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  view.scrollNext = true;
  try {
    await post("/sandbox/send", { as: view.as, channel: view.channel, text });
  } catch (err) {
    input.value = text;
    $("clock-note").textContent = err.message;
  }
  refresh();
});

$("messages").addEventListener("click", (e) => {
  const button = e.target.closest("button.bk-button[data-action-id]");
  if (!button) return;
  const message = button.closest(".message");
  act(button, () => post("/sandbox/click", {
    as: view.as,
    channel: view.channel,
    ts: message.dataset.ts,
    actionId: button.dataset.actionId,
  })).then(refresh);
});

for (const button of document.querySelectorAll(".clock-buttons button")) {
  button.addEventListener("click", () => {
    const buttons = document.querySelectorAll(".clock-buttons button");
    buttons.forEach((b) => { b.disabled = true; });
    $("clock-note").textContent = "Moving the clock…";
    post("/sandbox/clock", { minutes: Number(button.dataset.minutes) })
      .then((r) => { $("clock-note").textContent = r.note; })
      .catch((err) => { $("clock-note").textContent = err.message; })
      .finally(() => {
        buttons.forEach((b) => { b.disabled = false; });
        refresh();
      });
  });
}

$("modal-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = $("modal-form");
  const values = {};
  for (const block of form.querySelectorAll(".bk-input[data-block-id]")) {
    const control = block.querySelector("[name]");
    if (control) values[block.dataset.blockId] = control.value;
    const error = block.querySelector(".bk-error");
    error.hidden = true;
    error.textContent = "";
    block.classList.remove("has-error");
  }
  const submit = $("modal-submit");
  submit.disabled = true;
  try {
    const reply = await post("/sandbox/submit", { as: view.as, view: form.dataset.view, values });
    for (const [blockId, message] of Object.entries(reply.errors || {})) {
      const block = form.querySelector(`.bk-input[data-block-id="${CSS.escape(blockId)}"]`);
      if (!block) continue;
      const error = block.querySelector(".bk-error");
      error.textContent = message;
      error.hidden = false;
      block.classList.add("has-error");
    }
  } catch (err) {
    $("clock-note").textContent = err.message;
  } finally {
    submit.disabled = false;
  }
  refresh();
});

for (const id of ["modal-close", "modal-x"]) {
  $(id).addEventListener("click", async () => {
    try {
      await post("/sandbox/close", { as: view.as, view: $("modal-form").dataset.view });
    } catch (err) {
      $("clock-note").textContent = err.message;
    }
    refresh();
  });
}

// Live: the server says when anything changed; the page reloads what it shows. A dropped stream reconnects by itself.
new EventSource("/sandbox/events").onmessage = () => refresh();
refresh();

// The sandbox time moves with real time too; the clock shown follows it each minute.
setInterval(refresh, 60_000);
