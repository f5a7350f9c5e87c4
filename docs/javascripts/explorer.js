// LR Lab explorers: redraw a chart and its values table from runs the build recorded with
// PyTorch (src/lrlab/explorer.py writes them into the page as JSON). Nothing is computed
// here: every number drawn or listed is a recorded value. Without this script the page keeps
// its static chart; the controls stay hidden.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  // The chart is drawn at its plot's width in CSS pixels (and redrawn when that changes), so a
  // FONT of 13 is 13 px on screen on a phone and on a desktop alike.
  // The y axis is named above the plot, not along it: a long name fits a phone's width but not
  // a phone-sized chart's height.
  const FONT = 13, L = 58, R = 12, T = 30, B = 48;

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const key in attrs) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function niceStep(span, count) {
    const raw = span / count, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  }

  function label(v) {
    return String(Number(v.toPrecision(4)));
  }

  // The y range of a panel over every recorded point, so moving a control moves the curve.
  function yScale(data, p) {
    let lo = Infinity, hi = -Infinity;
    data.points.forEach((point) => {
      if (!point.r) return;
      point.r[p].split(" ").forEach((s) => {
        const v = Number(s);
        if (!data.panels[p].logy || v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      });
    });
    if (data.panels[p].logy) {
      const a = Math.floor(Math.log10(lo)), b = Math.max(Math.ceil(Math.log10(hi)), a + 1);
      const ticks = [];
      const every = Math.ceil((b - a) / 6); // at most seven labelled decades
      for (let e = a; e <= b; e += every) ticks.push(Math.pow(10, e));
      return { ticks, y: (v) => (b - Math.log10(v)) / (b - a) };
    }
    lo = Math.min(0, lo);
    const step = niceStep(hi - lo || 1, 5), top = Math.ceil(hi / step - 1e-9) * step;
    const ticks = [];
    for (let v = lo; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
    return { ticks, y: (v) => (top - v) / (top - lo || 1) };
  }

  function draw(plot, values, scale, panel, name) {
    plot.lrlabDraw = () => draw(plot, values, scale, panel, name);
    const W = Math.max(240, Math.round(plot.clientWidth || 520));
    const H = Math.round(Math.min(320, Math.max(230, W * 0.6)));
    plot.lrlabWidth = W;
    const n = values.length;
    const x = (i) => L + (W - L - R) * (i - 1) / n;
    const yOf = (v) => T + (H - T - B) * scale.y(v);
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": name });
    const ink = { stroke: "currentColor", "stroke-width": 1 };
    svg.appendChild(el("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, ...ink }));
    svg.appendChild(el("line", { x1: L, y1: T, x2: L, y2: H - B, ...ink }));
    scale.ticks.forEach((v) => {
      const y = yOf(v);
      svg.appendChild(el("line", { x1: L, x2: W - R, y1: y, y2: y, stroke: "currentColor", "stroke-opacity": 0.2 }));
      svg.appendChild(el("text", { x: L - 6, y: y + 4, "text-anchor": "end", fill: "currentColor", "font-size": FONT }, panel.logy ? v.toExponential(0) : label(v)));
    });
    const every = niceStep(n, 5);
    for (let s = 1; s <= n; s += s === 1 && every > 1 ? every - 1 : every) {
      svg.appendChild(el("line", { x1: x(s), x2: x(s), y1: H - B, y2: H - B + 5, ...ink }));
      svg.appendChild(el("text", { x: x(s), y: H - B + 19, "text-anchor": "middle", fill: "currentColor", "font-size": FONT }, String(s)));
    }
    svg.appendChild(el("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", fill: "currentColor", "font-size": FONT }, panel.xlabel));
    svg.appendChild(el("text", { x: 2, y: FONT + 2, "text-anchor": "start", fill: "currentColor", "font-size": FONT }, panel.ylabel));
    // Step i is drawn over [i, i + 1), as in the build's static charts.
    let d = "";
    values.forEach((v, i) => {
      const y = yOf(Number(v)).toFixed(2);
      d += (i === 0 ? `M${x(1).toFixed(2)} ${y}` : `V${y}`) + `H${x(i + 2).toFixed(2)}`;
    });
    svg.appendChild(el("path", { d, fill: "none", stroke: "#0072B2", "stroke-width": 2, class: "lrlab-explorer-line", "data-values": values.join(" ") }));
    plot.replaceChildren(svg);
  }

  function fillTable(table, values, panel, caption) {
    table.caption.textContent = caption;
    const head = [panel.index].concat(panel.t ? ["t"] : [], [panel.value]);
    table.tHead.innerHTML = "";
    const hr = table.tHead.insertRow();
    head.forEach((h) => { const th = document.createElement("th"); th.textContent = h; hr.appendChild(th); });
    const body = document.createElement("tbody");
    values.forEach((v, i) => {
      const row = body.insertRow();
      [String(i + 1)].concat(panel.t ? [String(i)] : [], [v]).forEach((c) => { row.insertCell().textContent = c; });
    });
    table.tBodies[0].replaceWith(body);
  }

  function setUp(root) {
    if (root.dataset.ready === "1") return;
    root.dataset.ready = "1";
    const data = JSON.parse(root.querySelector(".lrlab-explorer-data").textContent);
    const inputs = Array.from(root.querySelectorAll("input[data-param]"));
    const status = root.querySelector(".lrlab-explorer-status");
    const error = root.querySelector(".lrlab-explorer-error");
    const figures = Array.from(root.querySelectorAll(".lrlab-explorer-chart"));
    const tables = Array.from(root.querySelectorAll(".lrlab-values"));
    const scales = data.panels.map((_, p) => yScale(data, p));
    const total = data.points.length;

    // The status line names the grid point and shows the code that ran there.
    function say(before, call, after) {
      const code = document.createElement("code");
      code.className = "lrlab-explorer-call";
      code.textContent = call;
      status.replaceChildren(before, code, after);
    }

    function show() {
      let index = 0;
      const chosen = inputs.map((input, k) => {
        const values = data.params[k].values, i = Number(input.value);
        index = index * values.length + i;
        input.setAttribute("aria-valuetext", values[i]);
        input.nextElementSibling.textContent = values[i];
        return `${data.params[k].name}=${values[i]}`;
      });
      const point = data.points[index];
      const isDefault = inputs.every((input, k) => Number(input.value) === data.default[k]);
      root.dataset.point = String(index);
      const where = `Grid point ${index + 1} of ${total} (${chosen.join(", ")})${isDefault ? ", the starting position" : ""}`;
      if (point.e) {
        say(`${where}: PyTorch refused `, point.c, `. ${point.w} PyTorch's message:`);
        error.textContent = point.e;
        error.hidden = false;
        figures.concat(tables).forEach((node) => { node.hidden = true; });
        return;
      }
      error.hidden = true;
      const first = point.r[0].split(" ");
      say(`${where}: `, point.c, `, a recorded run of ${data.recorded}: ${first.length} values, from ${first[0]} to ${first[first.length - 1]}.`);
      data.panels.forEach((panel, p) => {
        const values = point.r[p].split(" ");
        figures[p].hidden = false;
        tables[p].hidden = false;
        draw(figures[p].querySelector(".lrlab-explorer-plot"), values, scales[p], panel, `${panel.ylabel}: ${point.c}`);
        fillTable(tables[p].querySelector("table"), values, panel, `${panel.ylabel}: ${point.c}`);
      });
    }

    inputs.forEach((input) => input.addEventListener("input", show));
    // Redraw at the new width when the column changes (a phone turned, a window resized).
    if (typeof ResizeObserver !== "undefined") {
      const resized = new ResizeObserver((entries) => entries.forEach(({ target }) => {
        if (target.lrlabDraw && Math.round(target.clientWidth) !== target.lrlabWidth && target.clientWidth > 0) target.lrlabDraw();
      }));
      figures.forEach((figure) => resized.observe(figure.querySelector(".lrlab-explorer-plot")));
    }
    root.querySelector(".lrlab-explorer-ui").hidden = false;
    show();
  }

  function init() {
    document.querySelectorAll(".lrlab-explorer").forEach(setUp);
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init); // every page load, including instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
