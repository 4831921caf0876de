// The phone page: join with the PIN, place and take back dots, send ideas. No names, no
// tracking: the device token of this session is kept in the page's storage only.
"use strict";

const storageKey = "zk-geraet:" + location.pathname;
let device = null;
try { device = localStorage.getItem(storageKey); } catch (e) { device = null; }
let busy = false;

const $ = (id) => document.getElementById(id);

function show(section) {
  for (const id of ["beitreten", "runde", "ende"]) $(id).hidden = id !== section;
}

function say(text) {
  $("meldung").textContent = text || "";
}

function remember(token) {
  device = token;
  try {
    if (token) localStorage.setItem(storageKey, token);
    else localStorage.removeItem(storageKey);
  } catch (e) { /* private mode: the token lives as long as the page */ }
}

async function call(path, body) {
  const headers = { "content-type": "application/json" };
  if (device) headers["x-geraet"] = device;
  let response;
  try {
    response = await fetch(path, { method: body ? "POST" : "GET", headers, body: body ? JSON.stringify(body) : undefined, cache: "no-store" });
  } catch (e) {
    return { status: 0, data: { message: "Keine Verbindung zum Laptop. Ist das Handy im richtigen WLAN?" } };
  }
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  return { status: response.status, data };
}

function handle(result) {
  const { status, data } = result;
  if (status === 410) { show("ende"); say(""); return; }
  if (status === 403 && !(data && data.heading)) {
    remember(null);
    show("beitreten");
    say(data && data.message);
    return;
  }
  if (data && data.heading) render(data);
  say(status === 200 ? "" : data && data.message);
}

function stateWord(state) {
  return { waiting: "wartet auf die Moderation", accepted: "angenommen", discarded: "nicht übernommen" }[state] || "";
}

let builtFor = "";

// One entry of the list: its text, „−“, its count, „+“ (values are set by `fill`).
function entry(item, index) {
  const li = document.createElement("li");
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = item.label;
  const total = document.createElement("span");
  total.className = "gesamt";
  text.append(total);
  const minus = document.createElement("button");
  minus.type = "button";
  minus.textContent = "−";
  minus.setAttribute("aria-label", "Punkt zurücknehmen: " + item.label);
  minus.addEventListener("click", () => place(index, false));
  const count = document.createElement("span");
  count.className = "zahl";
  const plus = document.createElement("button");
  plus.type = "button";
  plus.textContent = "+";
  plus.setAttribute("aria-label", "Punkt setzen: " + item.label);
  plus.addEventListener("click", () => place(index, true));
  li.append(text, minus, count, plus);
  return li;
}

function fill(li, item, s) {
  const [text, minus, count, plus] = li.children;
  li.className = item.gone ? "weg" : "";
  const total = text.querySelector(".gesamt");
  const shown = item.total !== null && item.total !== undefined;
  total.hidden = !shown;
  total.textContent = shown ? "Im Raum: " + item.total : "";
  minus.disabled = item.mine === 0 || item.gone;
  count.textContent = String(item.mine);
  count.setAttribute("aria-label", item.mine + " eigene Punkte");
  plus.disabled = s.left === 0 || item.mine >= s.per_item || item.gone;
}

function render(s) {
  show("runde");
  $("titel").textContent = s.heading;
  $("einleitung").textContent = s.intro;
  $("einleitung").hidden = !s.intro;
  const voting = s.mode === "vote";
  $("punkte").hidden = !voting;
  $("idee-form").hidden = voting;
  $("punkte").textContent = s.left === 1 ? "Noch 1 Punkt von " + s.dots : "Noch " + s.left + " von " + s.dots + " Punkten";
  const list = $("eintraege");
  if (!voting) {
    list.replaceChildren();
    builtFor = "";
  } else {
    // The list is built once per set of entries and then updated in place: rebuilt on every
    // refresh (each 3 s), a tap landing during the rebuild was lost and a screen reader's
    // focus jumped back to the page's start.
    const shape = JSON.stringify(s.items.map((item) => item.label));
    if (shape !== builtFor) {
      list.replaceChildren(...s.items.map((item, index) => entry(item, index)));
      builtFor = shape;
    }
    s.items.forEach((item, index) => fill(list.children[index], item, s));
  }
  const mine = $("meine");
  mine.replaceChildren();
  $("meine-titel").hidden = s.ideas.length === 0;
  for (const idea of s.ideas) {
    const li = document.createElement("li");
    li.textContent = idea.text + " ";
    const st = document.createElement("span");
    st.className = "stand";
    st.textContent = "(" + stateWord(idea.state) + ")";
    li.append(st);
    mine.append(li);
  }
}

async function place(item, up) {
  if (busy) return;
  busy = true;
  try { handle(await call("dot", { item, up })); } finally { busy = false; }
}

$("pin-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const result = await call("join", { pin: $("pin").value });
  if (result.status === 200 && result.data && result.data.device) remember(result.data.device);
  handle(result);
});

$("idee-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const text = $("idee").value.trim();
  if (!text) return;
  const result = await call("idea", { text });
  if (result.status === 200) {
    $("idee").value = "";
    handle(result);
    say("Danke, Ihre Idee ist angekommen.");
  } else handle(result);
});

async function refresh() {
  if (device && !busy) handle(await call("state"));
}

if (device) refresh(); else show("beitreten");
setInterval(refresh, 3000);
