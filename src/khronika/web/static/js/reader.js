// The article reader: clicking an event (its trigger in the text, or its row in the side panel) shows the
// evidence sentence and the codes; clicking a quote card finds the quote in the text; an actor's count
// button marks its mentions. Only reads and toggles classes: all text on the page was escaped by the server.
(function () {
  "use strict";
  var text = document.getElementById("text");
  var panel = document.getElementById("panel");
  if (!text || !panel) return;

  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function clearEvent() {
    all(".ev-detail").forEach(function (d) { d.hidden = true; });
    all(".evidence-on").forEach(function (s) { s.classList.remove("evidence-on"); });
    all(".trig.active, .ev-item.active").forEach(function (s) { s.classList.remove("active"); });
    var hint = document.getElementById("detail-hint");
    if (hint) hint.hidden = false;
  }

  function showEvent(id, scrollText) {
    var detail = document.getElementById("detail-" + id);
    if (!detail) return;
    clearEvent();
    detail.hidden = false;
    var hint = document.getElementById("detail-hint");
    if (hint) hint.hidden = true;
    var s = parseInt(detail.getAttribute("data-sentence-start"), 10);
    var e = parseInt(detail.getAttribute("data-sentence-end"), 10);
    if (!isNaN(s) && !isNaN(e)) {
      all("[data-s]", text).forEach(function (seg) {
        var a = parseInt(seg.getAttribute("data-s"), 10), b = parseInt(seg.getAttribute("data-e"), 10);
        if (a >= s && b <= e) seg.classList.add("evidence-on");
      });
    }
    var trig = text.querySelector('.trig[data-event="' + id + '"]');
    if (trig) {
      trig.classList.add("active");
      if (scrollText) trig.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    var item = document.getElementById("ev-" + id);
    if (item) item.classList.add("active");
    panel.scrollTop = 0;
  }

  function flashQuote(id) {
    var segs = all('[data-quote="' + id + '"]', text);
    all(".q.flash", text).forEach(function (s) { s.classList.remove("flash"); });
    segs.forEach(function (s) { s.classList.add("flash"); });
    if (segs.length) segs[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  // marks every mention of one actor (again: unmarks) and shows the actor in the side panel
  function focusActor(id, scrollText) {
    var btn = panel.querySelector('.show-mentions[data-actor="' + id + '"]');
    var on = !(btn && btn.classList.contains("active"));
    all(".m.focus", text).forEach(function (m) { m.classList.remove("focus"); });
    all(".show-mentions.active, .actor-list li.picked").forEach(function (b) { b.classList.remove("active", "picked"); });
    if (!on) return;
    if (btn) {
      btn.classList.add("active");
      btn.parentNode.classList.add("picked");
      panel.scrollTop += btn.parentNode.getBoundingClientRect().top - panel.getBoundingClientRect().top - 60;
    }
    var ms = all('.m[data-actor="' + id + '"]', text);
    ms.forEach(function (m) { m.classList.add("focus"); });
    if (scrollText && ms.length) ms[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    var close = t.closest(".ev-detail .close");
    if (close) { clearEvent(); return; }
    var trig = t.closest("#text .trig[data-event]");
    if (trig) { showEvent(trig.getAttribute("data-event"), false); return; }
    var item = t.closest(".ev-item[data-event]");
    if (item) { showEvent(item.getAttribute("data-event"), true); return; }
    var btn = t.closest(".show-mentions[data-actor]");
    if (btn) { focusActor(btn.getAttribute("data-actor"), true); return; }
    var mention = t.closest("#text .m[data-actor]");
    if (mention) { focusActor(mention.getAttribute("data-actor"), false); }
    var quoted = t.closest("#text .q[data-quote]");
    if (quoted) {
      var c = document.getElementById(quoted.getAttribute("data-quote"));
      if (c && c.classList.contains("quote-card")) {
        all(".quote-card.picked").forEach(function (x) { x.classList.remove("picked"); });
        c.classList.add("picked");
        panel.scrollTop += c.getBoundingClientRect().top - panel.getBoundingClientRect().top - 40;
      }
      return;
    }
    if (mention) return;
    var card = t.closest(".quote-card[data-quote]");
    if (card && !t.closest("a")) {
      card.classList.toggle("open");
      flashQuote(card.getAttribute("data-quote"));
    }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    var trig = ev.target.closest && ev.target.closest("#text .trig[data-event]");
    if (trig) { ev.preventDefault(); showEvent(trig.getAttribute("data-event"), false); }
    var card = ev.target.closest && ev.target.closest(".quote-card[data-quote]");
    if (card) { ev.preventDefault(); card.classList.toggle("open"); flashQuote(card.getAttribute("data-quote")); }
  });

  var hash = decodeURIComponent((location.hash || "").slice(1));
  if (hash.indexOf("ev-") === 0) showEvent(hash.slice(3), true);
  else if (/^q\d+$/.test(hash)) flashQuote(hash);
})();
