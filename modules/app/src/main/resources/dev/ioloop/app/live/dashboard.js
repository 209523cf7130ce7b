// The ioloop live dashboard: one uPlot chart per figure, one line per server in its fixed colour, fed by /events.
(function () {
  "use strict";
  var BIG = new URLSearchParams(location.search).has("big");
  var WINDOW_SECONDS = 180;
  var CHARTS = [
    { key: "requestsPerSecond", title: "requests/s", short: "requests/s", digits: 0 },
    { key: "inFlight", title: "in flight", short: "in flight", digits: 0 },
    { key: "p50Millis", title: "latency p50, ms (server, last second)", short: "p50 ms", digits: 2 },
    { key: "p99Millis", title: "latency p99, ms (server, last second)", short: "p99 ms", digits: 1 },
    { key: "cpuPercent", title: "process CPU % (100 = one core)", short: "CPU %", digits: 0 },
    { key: "loopLagMillis", title: "loop lag, ms (reactor)", short: "loop lag ms", digits: 1 },
    { key: "platformThreads", title: "platform threads", short: "platform threads", digits: 0 },
    { key: "virtualThreads", title: "live virtual threads", short: "virtual threads", digits: 0 },
    { key: "heapMiB", title: "heap used, MiB", short: "heap MiB", digits: 0 },
    { key: "openConnections", title: "open connections", short: "connections", digits: 0 }
  ];
  var check = document.getElementById("live-check");
  var errors = 0;
  window.addEventListener("error", function () { errors++; check.dataset.errors = errors; });

  if (BIG) { document.body.classList.add("big"); }

  var names = [];          // servers, in the order the events list them
  var colours = {};
  var times = [];          // x: epoch seconds
  var series = {};         // key -> name -> values
  var marks = [];
  var plots = [];          // { spec, plot, box, values }
  var firstLengths = null;
  var events = 0;

  function chartSize(box) {
    var width = box.clientWidth || 400;
    if (BIG) {
      var rows = Math.ceil(CHARTS.length / 4);
      var header = document.querySelector("header").offsetHeight;
      var height = Math.max(110, Math.floor((window.innerHeight - header - 8) / rows) - 50);
      return { width: width, height: height };
    }
    return { width: width, height: 180 };
  }

  function marksPlugin() {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.lineWidth = (BIG ? 3 : 1.5) * devicePixelRatio;
          ctx.strokeStyle = "#444";
          ctx.fillStyle = "#222";
          ctx.font = (BIG ? 14 : 11) * devicePixelRatio + "px sans-serif";
          ctx.textAlign = "left";
          ctx.textBaseline = "top";
          var labelsEnd = -Infinity;
          marks.forEach(function (mark) {
            var x = u.valToPos(mark.epochMillis / 1000, "x", true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { return; }
            ctx.setLineDash(mark.start ? [8 * devicePixelRatio, 4 * devicePixelRatio]
                                       : [2 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            if (mark.start && x > labelsEnd) { // a label that would overlap the previous one is left out
              ctx.fillText(mark.label, x + 3 * devicePixelRatio, u.bbox.top + 2 * devicePixelRatio);
              labelsEnd = x + ctx.measureText(mark.label).width + 6 * devicePixelRatio;
            }
          });
          ctx.restore();
        }]
      }
    };
  }

  function build() {
    plots.forEach(function (p) { p.plot.destroy(); });
    plots = [];
    var container = document.getElementById("charts");
    container.innerHTML = "";
    CHARTS.forEach(function (spec) {
      var box = document.createElement("div");
      box.className = "chart";
      box.dataset.key = spec.key;
      var title = document.createElement("h2");
      title.textContent = BIG ? spec.short : spec.title;
      var values = document.createElement("div");
      values.className = "values";
      box.appendChild(title);
      box.appendChild(values);
      container.appendChild(box);
      var axis = { stroke: BIG ? "#000" : "#333", grid: { stroke: BIG ? "#bbb" : "#e6e6e6", width: 1 },
                   font: (BIG ? "bold 14px" : "11px") + " sans-serif" };
      var size = chartSize(box);
      var opts = {
        width: size.width, height: size.height,
        legend: { show: false },
        cursor: { show: !BIG },
        scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(max * 1.1, 1)]; } } },
        axes: [Object.assign({ values: clock, space: BIG ? 90 : 70 }, axis),
               Object.assign({ size: BIG ? 64 : 50 }, axis)],
        series: [{}].concat(names.map(function (name) {
          return { label: name, stroke: colours[name], width: BIG ? 4 : 2, spanGaps: false, points: { show: false } };
        })),
        plugins: [marksPlugin()]
      };
      var plot = new uPlot(opts, data(spec.key), box);
      plots.push({ spec: spec, plot: plot, box: box, values: values });
    });
    check.dataset.charts = plots.length;
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  /** The x axis in local wall-clock time, one line: 13:41:05. */
  function clock(u, splits) {
    return splits.map(function (s) {
      var d = new Date(s * 1000);
      return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
    });
  }

  function data(key) {
    return [times].concat(names.map(function (name) { return series[key][name]; }));
  }

  function format(value, digits) {
    return value == null ? "-" : value.toFixed(digits);
  }

  function receive(event) {
    var changed = event.servers.length !== names.length ||
        event.servers.some(function (s, i) { return s.name !== names[i]; });
    if (changed) {
      event.servers.forEach(function (s) {
        colours[s.name] = s.colour;
        CHARTS.forEach(function (spec) {
          series[spec.key] = series[spec.key] || {};
          if (!series[spec.key][s.name]) { series[spec.key][s.name] = times.map(function () { return null; }); }
        });
      });
      names = event.servers.map(function (s) { return s.name; });
    }
    times.push(event.epochMillis / 1000);
    var byName = {};
    event.servers.forEach(function (s) { byName[s.name] = s; });
    CHARTS.forEach(function (spec) {
      series[spec.key] = series[spec.key] || {};
      names.forEach(function (name) {
        var s = byName[name];
        series[spec.key][name].push(s && s.up ? s[spec.key] : null);
      });
    });
    var drop = 0;
    while (drop < times.length && times[drop] < times[times.length - 1] - WINDOW_SECONDS) { drop++; }
    if (drop > 0) {
      times.splice(0, drop);
      CHARTS.forEach(function (spec) { names.forEach(function (n) { series[spec.key][n].splice(0, drop); }); });
    }
    marks = event.marks || [];
    if (changed || plots.length === 0) { build(); }
    plots.forEach(function (p) {
      p.plot.setData(data(p.spec.key));
      p.values.innerHTML = "";
      names.forEach(function (name) {
        var span = document.createElement("span");
        span.style.color = colours[name];
        var s = byName[name];
        span.textContent = name + " " + (s && s.up ? format(s[p.spec.key], p.spec.digits) : "-");
        p.values.appendChild(span);
      });
    });
    header(event);
    events++;
    check.dataset.events = events;
    var lengths = plots.map(function (p) { return p.plot.data[0].length; });
    if (firstLengths === null || changed) { firstLengths = lengths; }
    check.dataset.grown = lengths.filter(function (n, i) { return n > firstLengths[i]; }).length;
  }

  function header(event) {
    var scenario = document.getElementById("scenario");
    if (event.scenario) {
      var s = event.scenario;
      scenario.textContent = s.name + " on " + s.server + ", step " + s.step + "/" + s.steps + ", " +
          (s.leftMillis > 0 ? Math.ceil(s.leftMillis / 1000) + " s left" : "finishing");
    } else {
      scenario.textContent = event.marks && event.marks.length ? "between scenarios" : "watching";
    }
    var servers = document.getElementById("servers");
    servers.innerHTML = "";
    event.servers.forEach(function (s) {
      var span = document.createElement("span");
      if (!s.up) { span.className = "down"; }
      var swatch = document.createElement("i");
      swatch.className = "swatch";
      swatch.style.background = s.colour;
      span.appendChild(swatch);
      span.appendChild(document.createTextNode(s.name));
      servers.appendChild(span);
    });
  }

  window.addEventListener("resize", function () {
    plots.forEach(function (p) { p.plot.setSize(chartSize(p.box)); });
  });

  var status = document.getElementById("status");
  var source = new EventSource("events");
  source.onopen = function () { status.textContent = "live"; };
  source.onerror = function () { status.textContent = "reconnecting..."; };
  source.onmessage = function (message) {
    receive(JSON.parse(message.data));
    status.textContent = "live, " + events + " samples";
  };
})();
