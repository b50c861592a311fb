/* The network explorer (共同责任网络) of /pages/network: sigma.js (WebGL) over graphology, drawn from
   /views/co-responsibility.json, where the server has already placed the units. Search and focus,
   neighbour highlighting, a weight filter, a collectives toggle, click-through to unit pages and
   "save as PNG" of what is on screen. Sets window.fengongReady once the first frame is drawn. */
(function () {
  "use strict";
  var UNIT = "#f39c12", COLLECTIVE = "#bdc3c7", FADED = "#eeeeee", EDGE = "#c8c8c8", EDGE_ON = "#555555", FOCUS = "#e74c3c";
  var root = document.getElementById("explorer");
  if (!root) return;
  var canvas = root.querySelector(".canvas");
  var status = root.querySelector(".status");
  var search = root.querySelector("input[name=unit]");
  var names = root.querySelector("datalist");
  var weight = root.querySelector("input[name=weight]");
  var weightShown = root.querySelector(".weight-value");
  var collectives = root.querySelector("input[name=collectives]");
  var save = root.querySelector("button.save");
  var state = { hovered: null, focused: null, neighbours: new Set(), minWeight: 1, collectives: true };

  function say(text) { status.textContent = text; }

  function active() { return state.hovered || state.focused; }

  function setActive(graph) {
    var node = active();
    state.neighbours = node ? new Set(graph.neighbors(node)) : new Set();
  }

  function makeRenderer(graph, fonts) {
    return new Sigma(graph, canvas, {
        labelFont: fonts, labelSize: 13, labelRenderedSizeThreshold: 7, zIndex: true,
        nodeReducer: function (node, attrs) {
          var shown = Object.assign({}, attrs);
          if (!state.collectives && attrs.collective) { shown.hidden = true; return shown; }
          var on = active();
          if (on && node !== on && !state.neighbours.has(node)) { shown.color = FADED; shown.label = ""; shown.zIndex = 0; }
          else if (on) { shown.zIndex = 1; shown.forceLabel = true; }
          if (node === state.focused) { shown.color = FOCUS; shown.highlighted = true; }
          return shown;
        },
        edgeReducer: function (edge, attrs) {
          var shown = Object.assign({}, attrs);
          var ends = graph.extremities(edge);
          if (attrs.weight < state.minWeight) { shown.hidden = true; return shown; }
          if (!state.collectives && (graph.getNodeAttribute(ends[0], "collective") || graph.getNodeAttribute(ends[1], "collective"))) {
            shown.hidden = true; return shown;
          }
          var on = active();
          if (on) {
            if (ends[0] === on || ends[1] === on) { shown.color = EDGE_ON; } else { shown.hidden = true; }
          }
          return shown;
        },
    });
  }

  function draw(data) {
    var graph = new graphology.Graph({ type: "undirected" });
    data.nodes.forEach(function (n) {
      graph.addNode(n.id, {
        x: n.x, y: -n.y, label: n.name, size: 3 + 2.2 * Math.sqrt(n.tasks),
        color: n.collective ? COLLECTIVE : UNIT, collective: n.collective, tasks: n.tasks,
      });
    });
    data.edges.forEach(function (e) {  // [source index, target index, shared tasks]
      graph.addUndirectedEdge(data.nodes[e[0]].id, data.nodes[e[1]].id, { weight: e[2], size: Math.min(1 + Math.log2(e[2]), 6), color: EDGE });
    });
    var fonts = getComputedStyle(document.body).fontFamily;
    var renderer;
    try {
      renderer = makeRenderer(graph, fonts);
    } catch (error) {
      throw new Error("此浏览器无法绘制 WebGL 图形（" + (error.message || error) + "），请改用下方“单独的交互网页”。");
    }

    var byName = new Map();
    data.nodes.forEach(function (n) {
      byName.set(n.name, n.id);
      var option = document.createElement("option");
      option.value = n.name;
      names.appendChild(option);
    });
    weight.max = String(Math.max(1, data.max_weight));
    weight.disabled = data.max_weight <= 1;

    renderer.on("enterNode", function (e) { state.hovered = e.node; setActive(graph); renderer.refresh({ skipIndexation: true }); });
    renderer.on("leaveNode", function () { state.hovered = null; setActive(graph); renderer.refresh({ skipIndexation: true }); });
    renderer.on("clickNode", function (e) { window.location.href = "/pages/units/" + encodeURIComponent(e.node); });
    renderer.on("clickStage", function () { state.focused = null; setActive(graph); renderer.refresh({ skipIndexation: true }); });

    function focus(name) {
      var node = byName.get(name.trim());
      state.focused = node || null;
      setActive(graph);
      renderer.refresh({ skipIndexation: true });
      if (node) {
        var at = renderer.getNodeDisplayData(node);
        renderer.getCamera().animate({ x: at.x, y: at.y, ratio: 0.35 }, { duration: 400 });
        say("已定位：" + name.trim() + "，与其共同承担任务的单位 " + state.neighbours.size + " 个。点击圆点打开单位页面。");
      } else if (name.trim()) {
        say("没有名为“" + name.trim() + "”的单位；请从下拉列表中选择。");
      }
    }
    search.addEventListener("change", function () { focus(search.value); });
    root.querySelector("form.find").addEventListener("submit", function (e) { e.preventDefault(); focus(search.value); });
    weight.addEventListener("input", function () {
      state.minWeight = Number(weight.value);
      weightShown.textContent = weight.value;
      renderer.refresh({ skipIndexation: true });
    });
    collectives.addEventListener("change", function () {
      state.collectives = collectives.checked;
      renderer.refresh({ skipIndexation: true });
    });
    save.addEventListener("click", function () {
      renderer.refresh();  // draw now, then copy every layer (edges, nodes, labels) before the browser clears them
      var layers = renderer.getCanvases();
      var size = renderer.getDimensions(), ratio = window.devicePixelRatio || 1;
      var out = document.createElement("canvas");
      out.width = size.width * ratio; out.height = size.height * ratio;
      var context = out.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, out.width, out.height);
      Object.keys(layers).forEach(function (id) { context.drawImage(layers[id], 0, 0, out.width, out.height); });
      var link = document.createElement("a");
      link.download = "fengong-network.png";
      link.href = out.toDataURL("image/png");
      link.click();
    });

    var cut = data.truncated ? "（网络过大，只画出任务最多的单位和单位对）" : "";
    say("共 " + data.nodes.length + " 个单位、" + data.edges.length + " 对共同承担任务的单位" + cut + "。悬停查看协作单位，点击圆点打开单位页面。");
    window.fengongNetwork = { graph: graph, renderer: renderer, state: state, focus: focus };
    requestAnimationFrame(function () {
      window.fengongReady = { nodes: graph.order, edges: graph.size, ms: Math.round(performance.now()) };
    });
  }

  fetch(root.dataset.source, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("网络数据读取失败（HTTP " + response.status + "）");
      return response.json();
    })
    .then(function (data) {
      if (!data.nodes.length) {
        root.classList.add("empty");
        say("所选范围内没有标注责任单位的任务，没有可画的网络。请换一个规划、地区或角色。");
        window.fengongReady = { nodes: 0, edges: 0, ms: Math.round(performance.now()) };
        return;
      }
      draw(data);
    })
    .catch(function (error) {
      say(String(error.message || error));
      window.fengongReady = { nodes: 0, edges: 0, error: String(error), ms: Math.round(performance.now()) };
    });
})();
