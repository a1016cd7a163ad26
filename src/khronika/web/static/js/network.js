// The actor network: /api/network as a cytoscape graph. Nodes are actors (or countries), sized by their
// events; edges run actor -> recipient, one per quad class, coloured by it and as wide as their count.
(function () {
  "use strict";
  var QUAD = { 1: "#66bd63", 2: "#1a7f37", 3: "#f0a030", 4: "#c62828" };
  var KIND = { person: "#3b82f6", organization: "#8b5cf6", country: "#0f766e", igo: "#b45309",
               media: "#be185d", group: "#64748b", place: "#10b981" };
  var form = document.getElementById("net-form");
  var status = document.getElementById("net-status");
  var detail = document.getElementById("net-detail");
  var cy = null;

  function params() {
    var p = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (String(v).trim() !== "") p.set(k, String(v).trim()); });
    return p;
  }

  function readHash() {  // filters survive a reload: /network#by=country&type=ACCUSE
    var p = new URLSearchParams(location.hash.slice(1));
    p.forEach(function (v, k) { if (form.elements[k]) form.elements[k].value = v; });
  }

  function say(text) { status.textContent = text; }

  function draw(data) {
    var by = data.filters.by;
    var maxN = 1;
    data.nodes.forEach(function (n) { maxN = Math.max(maxN, n.events); });
    var els = data.nodes.map(function (n) {
      return { data: { id: n.id, label: n.name + (n.country && by === "actor" && n.kind !== "country" ? " (" + n.country + ")" : ""),
                       kind: n.kind, events: n.events, size: 18 + 42 * Math.sqrt(n.events / maxN),
                       colour: KIND[n.kind] || "#64748b" } };
    });
    var maxE = 1;
    data.edges.forEach(function (e) { maxE = Math.max(maxE, e.events); });
    data.edges.forEach(function (e, i) {
      els.push({ data: { id: "e" + i, source: e.source, target: e.target, quad: e.quad, events: e.events,
                         width: 1.5 + 7 * Math.sqrt(e.events / maxE), colour: QUAD[e.quad] || "#999",
                         label: String(e.events) } });
    });
    if (cy) cy.destroy();
    cy = cytoscape({
      container: document.getElementById("cy"),
      elements: els,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
            label: "data(label)", "font-size": 11, color: "#1d2430", "text-valign": "bottom", "text-margin-y": 4,
            "text-outline-color": "#fff", "text-outline-width": 2 } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
            "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.85 } },
        { selector: "edge:selected, node:selected", style: { "overlay-opacity": 0.15 } }
      ],
      layout: data.nodes.length > 250 ? { name: "concentric", padding: 30, minNodeSpacing: 12,
                concentric: function (n) { return n.data("events"); }, levelWidth: function () { return 3; } }
              : { name: "cose", animate: false, randomize: false, padding: 30, nodeOverlap: 40, gravity: 0.3,
                  nodeRepulsion: function () { return 250000; }, idealEdgeLength: function () { return 90; },
                  componentSpacing: 90, numIter: 1500 }
    });
    cy.on("tap", "node", function (evt) {
      var n = evt.target.data();
      location.href = by === "actor" ? "/actor/" + encodeURIComponent(n.id) : "/events?actor=" + encodeURIComponent(n.id);
    });
    cy.on("tap", "edge", function (evt) {
      var e = evt.target.data();
      var href = by === "country" ? "/dyad/" + encodeURIComponent(e.source) + "/" + encodeURIComponent(e.target)
                                  : "/events?actor=" + encodeURIComponent(e.source) + "&recipient=" + encodeURIComponent(e.target);
      var s = cy.getElementById(e.source).data("label"), t = cy.getElementById(e.target).data("label");
      detail.hidden = false;
      detail.textContent = "";
      var b = document.createElement("b");
      b.textContent = s + " → " + t + ": " + e.events + " " + data.quad_names[e.quad] + " event" + (e.events === 1 ? "" : "s") + " ";
      var a = document.createElement("a");
      a.href = href;
      a.textContent = by === "country" ? "open the pair →" : "list them →";
      detail.appendChild(b);
      detail.appendChild(a);
    });
    window.khronikaNetwork = { nodes: data.nodes.length, edges: data.edges.length, total: data.total, by: by };
    say(data.nodes.length + " nodes, " + data.edges.length + " edges" +
        (data.total > data.edges.length ? " (the " + data.edges.length + " heaviest of " + data.total + ")" : ""));
  }

  function load() {
    var p = params();
    history.replaceState(null, "", "#" + p.toString());
    say("loading…");
    fetch("/api/network?" + p.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { say("error: " + (res.body.error || "request failed")); return; }
        if (!res.body.edges.length) { if (cy) cy.destroy(); cy = null; window.khronikaNetwork = { nodes: 0, edges: 0, total: 0 };
          say("no events match these filters"); return; }
        draw(res.body);
      })
      .catch(function (err) { say("error: " + err); });
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
  readHash();
  load();
})();
