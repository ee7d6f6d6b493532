// The demo page's widget set-up: rasa-webchat 1.0.1 with Leerwijzer's recommendation cards.
//
// - The Rasa address comes from the page server (data-rasa), never from the URL.
// - Messages appear as soon as they arrive (customMessageDelay 0): a turn takes as long as the server.
// - A recommendation turn is shown in one form: the cards, built from the custom payload
//   {"recommendations": [...], "profile": {...}} through rasa-webchat's customComponent extension point.
//   While the actions still send the numbered text list and a carousel beside the payload, the cards hide
//   those two messages of the same turn (the text stays for REST and Teams); a payload with "intro" lines
//   (see README, "The chat widget") needs no hiding.
// - Card buttons send ordinary text ("vertel meer over de tweede") through the same NLU as typing.
// - "Overzicht om te bewaren" posts what the teacher sees to the page server, which keeps it for a few
//   hours under an unguessable link (bot/overview.py).
// Everything is built with DOM calls and textContent: nothing from a message becomes markup.
(function () {
  "use strict";
  var script = document.currentScript;
  var rasa = script.getAttribute("data-rasa");
  var REACT_ELEMENT = typeof Symbol === "function" && Symbol.for ? Symbol.for("react.element") : 0xeac7;
  var ORDINALS = ["eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende",
    "tiende", "elfde", "twaalfde", "dertiende", "veertiende", "vijftiende"];
  var TYPE_WORDS = { course: "cursus", post_initial: "post-initiële opleiding", bridging: "schakelroute",
    master: "master", plg_format: "professionele leergemeenschap", school_format: "werkvorm in de school",
    network: "netwerk", project: "project", resource: "hulpmiddel" };
  var FIT_WORDS = { time: "tijd", budget: "budget", travel: "reistijd", delivery: "vorm" };
  var STATUS_WORDS = { offered: "aanbod in {year}", pilot: "pilootproject {year}",
    planned: "gepland in {year}, nog niet te volgen", idea: "idee uit {year}, niet aangeboden",
    ended: "gestopt (gegevens uit {year})" };
  var state = { dispatch: null, lastPayload: null, seq: 0 };
  var built = {};  // message index|first id -> the section built for it

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function str(value) { return value === null || value === undefined ? "" : String(value); }

  // --- sending text as the teacher ------------------------------------------------------------------
  function say(text) {
    if (!state.dispatch) return;
    state.dispatch({ type: "ADD_NEW_USER_MESSAGE", text: text, nextMessageIsTooltip: false, hidden: false });
    state.dispatch({ type: "EMIT_NEW_USER_MESSAGE", text: text });
    var box = document.querySelector(".rw-new-message");
    if (box) box.focus();
  }

  function ordinal(n) { return ORDINALS[n - 1] || String(n); }

  // --- one recommendation card ----------------------------------------------------------------------
  function availability(item) {
    if (item.availability) return str(item.availability);
    var year = item.data_year ? str(item.data_year) : "onbekend jaar";
    var words = STATUS_WORDS[item.status];
    if (words) return words.replace("{year}", year);
    return item.data_year ? "gegevens uit " + year : "";
  }

  function sourceText(source) {
    var lines = Array.isArray(source.lines) ? source.lines.join(", ") : str(source.lines || "?");
    return str(source.file || "?") + ", regels " + lines;
  }

  function sourceBlock(item, idBase) {
    var sources = (item.sources || []).filter(function (s) { return s && s.file; });
    if (!sources.length) return el("p", { className: "lw-source", text: "Bron: niet vermeld" });
    var details = el("details", { className: "lw-source" });
    details.appendChild(el("summary", { text: "Bron (" + sources.length + (sources.length === 1 ? " passage" : " passages") + ")" }));
    var list = el("ul", { className: "lw-source-list" });
    sources.forEach(function (source, i) {
      var quote = el("blockquote", { className: "lw-quote", id: idBase + "-q" + i, hidden: "" });
      var button = el("button", { type: "button", className: "lw-link", "aria-expanded": "false",
        "aria-controls": idBase + "-q" + i, text: sourceText(source) });
      button.addEventListener("click", function () { toggleQuote(button, quote, source); });
      list.appendChild(el("li", {}, [button, quote]));
    });
    details.appendChild(list);
    return details;
  }

  function toggleQuote(button, quote, source) {
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
    if (open) { quote.hidden = true; return; }
    quote.hidden = false;
    if (quote.dataset.loaded) return;
    quote.textContent = "Bron laden…";
    var url = "bron?file=" + encodeURIComponent(str(source.file)) + "&lines=" +
      encodeURIComponent(Array.isArray(source.lines) ? source.lines.join(",") : str(source.lines));
    fetch(url, { credentials: "omit" }).then(function (r) {
      return r.ok ? r.text() : Promise.reject(r.status);
    }).then(function (text) {
      quote.textContent = text;
      quote.dataset.loaded = "1";
    }).catch(function () { quote.textContent = "Deze bronregels kan ik nu niet tonen."; });
  }

  function fitBlock(item) {
    var fit = item.fit || {};
    var notes = item.fit_notes || item.notes || {};
    var known = el("ul", { className: "lw-fit", "aria-label": "Past het bij je voorwaarden?" });
    var unknown = [];
    Object.keys(FIT_WORDS).forEach(function (key) {
      var value = fit[key];
      if (value === "ok" || value === "conflict") {
        var ok = value === "ok";
        var note = notes && typeof notes === "object" && notes[key] ? ": " + str(notes[key]) : "";
        known.appendChild(el("li", { className: ok ? "lw-ok" : "lw-conflict" }, [
          el("span", { "aria-hidden": "true", text: ok ? "✓ " : "✗ " }),
          document.createTextNode(FIT_WORDS[key] + (ok ? " past" : " past niet") + note)]));
      } else if (value !== undefined) {
        unknown.push(FIT_WORDS[key]);
      }
    });
    var parts = [];
    if (known.childNodes.length) parts.push(known);
    if (unknown.length) {
      parts.push(el("p", { className: "lw-unknown" }, [el("span", { "aria-hidden": "true", text: "? " }),
        document.createTextNode("nog onbekend: " + unknown.join(", "))]));
    }
    return parts;
  }

  function card(item, number, label, idBase) {
    var titleId = idBase + "-t";
    var kind = TYPE_WORDS[item.type] || str(item.type) || "soort onbekend";
    var meta = [kind, item.provider ? str(item.provider) : "aanbieder onbekend"].join(" · ");
    var head = el("h3", { className: "lw-title", id: titleId }, [
      number ? el("span", { className: "lw-num", text: number + ". " }) : null,
      document.createTextNode(str(item.title || item.id || "?"))]);
    var body = [head];
    if (label) body.push(el("p", { className: "lw-label", text: label }));
    body.push(el("p", { className: "lw-meta", text: meta }));
    var when = availability(item);
    if (when) body.push(el("p", { className: "lw-status", text: when }));
    // what it asks of the teacher, and what their hours mean at the pace the programme allows (words from
    // actions/phrasing.py, sent in the payload)
    if (item.step_words) body.push(el("p", { className: "lw-step", text: "Wat je doet: " + str(item.step_words) }));
    body = body.concat(fitBlock(item));
    var reason = (item.reasons || [])[0];
    if (reason) body.push(el("p", { className: "lw-reason", text: str(reason) }));
    if (item.pace && item.pace !== reason) body.push(el("p", { className: "lw-pace", text: str(item.pace) }));
    body.push(sourceBlock(item, idBase));
    if (number) {
      var title = str(item.title || "dit voorstel");
      var more = el("button", { type: "button", className: "lw-button", text: "Meer hierover",
        "aria-label": "Meer hierover: " + number + ". " + title });
      more.addEventListener("click", function () { say("vertel meer over de " + ordinal(number)); });
      body.push(el("div", { className: "lw-actions" }, [more, compareControl(number, title, idBase)]));
    }
    return el("li", { className: "lw-card" }, [el("article", { "aria-labelledby": titleId }, body)]);
  }

  // "Vergelijk met…": a small menu of the other shown programmes; choosing one sends the comparison.
  function compareControl(number, title, idBase) {
    var wrap = el("div", { className: "lw-compare" });
    var menuId = idBase + "-cmp";
    var button = el("button", { type: "button", className: "lw-button lw-secondary", text: "Vergelijk met…",
      "aria-expanded": "false", "aria-controls": menuId, "aria-label": "Vergelijk met…: " + number + ". " + title });
    var menu = el("ul", { className: "lw-compare-menu", id: menuId, hidden: "" });
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      if (!open) fillCompareMenu(menu, number);
      button.setAttribute("aria-expanded", open ? "false" : "true");
      menu.hidden = open;
      if (!open && menu.querySelector("button")) menu.querySelector("button").focus();
    });
    wrap.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !menu.hidden) {
        menu.hidden = true; button.setAttribute("aria-expanded", "false"); button.focus();
      }
    });
    wrap.appendChild(button);
    wrap.appendChild(menu);
    return wrap;
  }

  function fillCompareMenu(menu, number) {
    while (menu.firstChild) menu.removeChild(menu.firstChild);
    var shown = state.lastShown || [];
    shown.forEach(function (other) {
      if (other.number === number) return;
      var choice = el("button", { type: "button", className: "lw-link",
        text: other.number + ". " + other.title });
      choice.addEventListener("click", function () {
        menu.hidden = true;
        say("vergelijk de " + ordinal(number) + " en de " + ordinal(other.number));
      });
      menu.appendChild(el("li", {}, [choice]));
    });
    if (!menu.firstChild) menu.appendChild(el("li", { text: "Er is nog geen ander voorstel om mee te vergelijken." }));
  }

  // --- one recommendation turn ----------------------------------------------------------------------
  function headingLines(payload, hiddenText) {
    if (Array.isArray(payload.intro)) return payload.intro.map(str);
    if (typeof payload.intro === "string") return [payload.intro];
    if (hiddenText) {  // the lines before the numbered list, from the text message the cards replace
      var lines = [];
      hiddenText.split("\n").some(function (line) {
        if (/^\s*\d+\.\s/.test(line)) return true;
        if (line.trim()) lines.push(line.trim());
        return false;
      });
      if (lines.length) return lines;
    }
    if (payload.nothing_fits) return ["Niets past helemaal bij al je voorwaarden. Dit komt het dichtst in de buurt:"];
    return [payload.start > 1 ? "Nog meer opties:" : "Dit past het best bij wat je vertelde:"];
  }

  // The text list and the carousel that the actions send beside the payload in the same turn.
  function hideDuplicates(node, payload) {
    var mine = node.closest(".rw-message") || node;
    var texts = [];
    var titles = (payload.recommendations || []).map(function (i) { return str(i.title); });
    var sibling = mine.previousElementSibling;
    for (var steps = 0; sibling && steps < 4; steps++, sibling = sibling.previousElementSibling) {
      if (sibling.querySelector(".rw-client")) break;  // the teacher's message: the turn started there
      if (sibling.querySelector(".rw-carousel-container")) {
        sibling.classList.add("lw-replaced");
        continue;
      }
      var response = sibling.querySelector(".rw-response");
      var text = response ? response.innerText || response.textContent : "";
      if (text && titles.length && /(^|\n)\s*\d+\.\s/.test(text) && text.indexOf(titles[0]) !== -1) {
        sibling.classList.add("lw-replaced");
        texts.unshift(text);
      }
    }
    return texts.join("\n");
  }

  function renderRecommendations(node, payload) {
    var turn = ++state.seq;
    var replaced = hideDuplicates(node, payload);
    var start = parseInt(payload.start, 10) || 1;
    var items = payload.recommendations || [];
    if (!items.length && !(payload.other_region || []).length) { node.hidden = true; return; }
    var section = el("section", { className: "lw-recs", "aria-label": "Voorstellen" });
    headingLines(payload, replaced).forEach(function (line) {
      section.appendChild(el("p", { className: "lw-intro", text: line }));
    });
    // The numbers a teacher can refer to: continue after those shown before ("nog meer opties").
    var previous = state.lastShown || [];
    if (/^Nog meer/.test(replaced) || payload.more) start = Math.max(start, previous.length + 1);
    var list = el("ol", { className: "lw-cards", start: String(start), "aria-label": "Voorstellen " + start + " tot " + (start + items.length - 1) });
    var shown = start > 1 ? previous.slice(0, start - 1) : [];
    items.forEach(function (item, i) {
      list.appendChild(card(item, start + i, null, "lw" + turn + "-" + i));
      shown.push({ number: start + i, title: str(item.title), item: item });
    });
    section.appendChild(list);
    [["other_region", "Ander onderwijssysteem"], ["also_in_development", "Ook in ontwikkeling, nog niet om je voor in te schrijven"]]
      .forEach(function (extra) {
        var others = payload[extra[0]] || [];
        if (!others.length) return;
        var more = el("ul", { className: "lw-cards lw-extra", "aria-label": extra[1] });
        // a plan's own label when it has one ("Ook als plan genoemd, ..." once its years are over: phrasing.py)
        others.forEach(function (item, i) { more.appendChild(card(item, null, item.label || extra[1], "lw" + turn + "-" + extra[0] + i)); });
        section.appendChild(more);
      });
    state.lastShown = shown;
    state.lastPayload = { recommendations: shown.map(function (s) { return s.item; }), profile: payload.profile || {} };
    var keep = el("button", { type: "button", className: "lw-button lw-secondary lw-keep", text: "Overzicht om te bewaren" });
    var status = el("p", { className: "lw-keep-status", role: "status" });
    keep.addEventListener("click", function () { makeOverview(status); });
    section.appendChild(el("div", { className: "lw-footer" }, [keep, status]));
    node.appendChild(section);
  }

  // --- the printable overview -----------------------------------------------------------------------
  function makeOverview(status) {
    if (!state.lastPayload) { status.textContent = "Er zijn nog geen voorstellen om te bewaren."; return; }
    status.textContent = "Overzicht maken…";
    // linked to this conversation, so that "vergeet mij" erases it too (bot/overview.py)
    var body = Object.assign({ session_id: sessionId() }, state.lastPayload);
    fetch("overzicht", { method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) }).then(function (r) {
      return r.ok ? r.json() : Promise.reject(r.status);
    }).then(function (answer) {
      while (status.firstChild) status.removeChild(status.firstChild);
      var link = el("a", { href: answer.url, target: "_blank", rel: "noopener noreferrer", className: "lw-overview-link",
        text: "Open je overzicht (om af te drukken of te bewaren)" });
      status.appendChild(link);
      status.appendChild(document.createTextNode(" · de link werkt tot " + answer.expires_text + "."));
    }).catch(function () { status.textContent = "Het overzicht lukte nu niet. Probeer het zo opnieuw."; });
  }

  // The widget's session id (issued and signed by the server), as rasa-webchat keeps it in this tab.
  var SESSION_KEY = "chat_session";
  function sessionId() {
    try { return (JSON.parse(sessionStorage.getItem(SESSION_KEY) || "{}") || {}).session_id || null; }
    catch (e) { return null; }
  }

  // "vergeet mij" ({"forgotten": true, "text": ...}): the conversation leaves this tab too. The session storage
  // (history and session id) is cleared and the shown messages dropped; only the confirmation stays.
  function forgetHere(payload) {
    state.lastPayload = null;
    state.lastShown = null;
    Object.keys(built).forEach(function (key) { delete built[key]; });
    try { sessionStorage.removeItem(SESSION_KEY); } catch (e) { /* storage switched off: nothing kept */ }
    if (state.dispatch) {
      state.dispatch({ type: "DROP_MESSAGES" });
      if (payload.text) state.dispatch({ type: "ADD_NEW_RESPONSE_MESSAGE", text: str(payload.text) });
    }
  }

  // --- rasa-webchat's customComponent: a host <div> whose contents we build ---------------------------
  function LeerwijzerPayload(props) {
    if (props.dispatch) state.dispatch = props.dispatch;
    var payload = props.custom && typeof props.custom === "object" ? props.custom : {};  // the bot's custom JSON
    if (payload.forgotten) {  // after this render: the widget's store may not change while it renders
      if (!state.forgetting) {
        state.forgetting = true;
        setTimeout(function () { forgetHere(payload); state.forgetting = false; }, 0);
      }
      return null;
    }
    if (!payload.recommendations && !payload.overview) return null;  // handoff etc.: the text says it all
    return { $$typeof: REACT_ELEMENT, type: "div", key: null, _owner: null, _store: {},
      props: { className: "lw-payload" },
      ref: function (node) {
        if (!node || node.dataset.built) return;
        node.dataset.built = "1";
        // rasa-webchat wraps the custom component anew on every render, so React mounts it again for each
        // new message. The cards are built once per message and moved into the new host: open sources, a
        // made overview link and focus survive, and a turn costs one build.
        var key = str(props.id) + "|" + str(((payload.recommendations || [])[0] || {}).id);
        var done = built[key];
        if (done) { node.appendChild(done); return; }
        if (payload.recommendations) { renderRecommendations(node, payload); built[key] = node.firstChild; }
        else {  // {"overview": ...}: the teacher asked for the list ("stuur me een overzicht")
          var status = el("p", { className: "lw-keep-status", role: "status" });
          node.appendChild(status);
          built[key] = status;
          makeOverview(status);
        }
      } };
  }

  // --- accessible names and language for the widget's own controls ------------------------------------
  var NAMES = [[".rw-close-button", "Sluit de chat"],
    [".rw-toggle-fullscreen-button", "Volledig scherm aan of uit"], [".rw-send", "Verstuur"],
    [".rw-new-message", "Je bericht aan Leerwijzer"]];
  function label() {
    NAMES.forEach(function (pair) {
      document.querySelectorAll(pair[0]).forEach(function (node) {
        if (node.getAttribute("aria-label") !== pair[1]) node.setAttribute("aria-label", pair[1]);
      });
    });
    var open = !!document.querySelector(".rw-conversation-container");
    document.querySelectorAll(".rw-launcher").forEach(function (node) {
      var name = open ? "Sluit de chat" : "Open de chat met Leerwijzer";
      if (node.getAttribute("aria-label") !== name) node.setAttribute("aria-label", name);
      if (node.getAttribute("aria-expanded") !== String(open)) node.setAttribute("aria-expanded", String(open));
    });
    document.querySelectorAll(".rw-header .rw-title").forEach(function (node) {
      if (!node.hasAttribute("aria-level")) node.setAttribute("aria-level", "2");  // under the page's h1
    });
    document.querySelectorAll(".rw-messages-container").forEach(function (node) {
      if (node.getAttribute("role") !== "log") {
        node.setAttribute("role", "log");
        node.setAttribute("aria-live", "polite");
        node.setAttribute("aria-label", "Gesprek met Leerwijzer");
        node.setAttribute("tabindex", "0");
      }
    });
    document.querySelectorAll(".rw-conversation-container").forEach(function (node) {
      if (node.getAttribute("role") !== "dialog") {
        node.setAttribute("role", "dialog");
        node.setAttribute("aria-label", "Chat met Leerwijzer");
      }
    });
    document.querySelectorAll(".rw-conversation-container img:not([alt])").forEach(function (img) { img.setAttribute("alt", ""); });
    document.querySelectorAll(".rw-replies .rw-reply").forEach(function (node) {
      if (node.tagName !== "BUTTON" && !node.hasAttribute("role")) {
        node.setAttribute("role", "button");
        node.setAttribute("tabindex", "0");
      }
      if (!node.getAttribute("aria-label")) node.setAttribute("aria-label", "Antwoord: " + (node.textContent || "").trim());
    });
  }
  // Quick replies that are <div>s answer to Enter and Space like buttons.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target && target.classList &&
        target.classList.contains("rw-reply") && target.tagName !== "BUTTON") {
      event.preventDefault();
      target.click();
    }
  });
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });

  WebChat.default({
    selector: "#webchat",
    initPayload: "/greet",
    customData: { language: "nl" },
    socketUrl: rasa,
    socketPath: "/socket.io/",
    title: "Leerwijzer",
    subtitle: "Jouw weg naar een passend leertraject",
    inputTextFieldHint: "Typ je bericht...",
    connectingText: "Verbinden…",
    showFullScreenButton: true,
    params: { storage: "session" },  // the history lives in this browser tab's session, nowhere else
    customMessageDelay: function () { return 0; },  // show each message as soon as it arrives
    customComponent: LeerwijzerPayload
  }, null);
  label();
})();
