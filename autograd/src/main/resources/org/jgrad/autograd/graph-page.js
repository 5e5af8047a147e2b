// jgrad graph explorer: draws the graph laid out by LayeredLayout (Java) and steps through the passes.
// Steps: 0 = before the forward pass, 1..F = forward steps, F+1..F+B = backward steps (one per explain line).
(function () {
  'use strict';
  var G = JSON.parse(document.getElementById('graph-data').textContent);
  var F = G.forward.length;
  var B = G.backward.length;
  var N = F + B;
  var svg = document.getElementById('canvas');
  // the HTML parser gave the inline <svg> its namespace; take it from there
  var NS = svg.namespaceURI;
  var explain = document.getElementById('explain');
  var detail = document.getElementById('detail');
  var panel = document.getElementById('panel');
  var counter = document.getElementById('counter');
  var phase = document.getElementById('phase');
  var graphBox = document.getElementById('graph');
  var buttons = {
    reset: document.getElementById('reset'),
    back: document.getElementById('back'),
    play: document.getElementById('play'),
    step: document.getElementById('step')
  };

  function el(name, attrs, parent, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) {
      e.setAttribute(k, attrs[k]);
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    if (parent) {
      parent.appendChild(e);
    }
    return e;
  }

  // which forward step makes each node, and which backward step gives it its gradient
  var madeAt = {};
  G.forward.forEach(function (f, i) { madeAt[f.output] = i + 1; madeAt[f.op] = i + 1; });
  var gradAt = {};
  G.backward.forEach(function (b, i) { gradAt[b.node] = F + 1 + i; });

  svg.setAttribute('viewBox', '0 0 ' + G.width + ' ' + G.height);
  // scale: fit the space, but never below 0.8 (0.9 on a phone), so that the text stays readable (the graph then
  // scrolls and follows the current step), nor above 1.6 (a small graph does not blow up)
  function fit() {
    var phone = window.innerWidth <= 700;
    var room = graphBox.getBoundingClientRect();
    var w = graphBox.clientWidth - (phone ? 20 : 32);
    var h = window.innerHeight - room.top - 20;
    var s = phone ? w / G.width : Math.min(w / G.width, h / G.height);
    s = Math.max(phone ? 0.9 : 0.8, Math.min(1.6, s));
    svg.style.width = (G.width * s) + 'px';
    svg.style.height = (G.height * s) + 'px';
  }
  var defs = el('defs', {}, svg);
  var marker = el('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '9',
    markerHeight: '9', markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse'}, defs);
  el('path', {d: 'M0,0 L10,5 L0,10 z', 'class': 'arrowhead'}, marker);
  var edgeLayer = el('g', {'class': 'edges'}, svg);
  var nodeLayer = el('g', {'class': 'nodes'}, svg);
  var labelLayer = el('g', {'class': 'contributions'}, svg);

  // edges: a smooth curve through the layout's points, horizontal at each end
  var edgeEls = G.edges.map(function (e, i) {
    var p = e.points;
    var d = 'M' + p[0][0] + ',' + p[0][1];
    for (var k = 1; k < p.length; k++) {
      var dx = (p[k][0] - p[k - 1][0]) / 2;
      d += ' C' + (p[k - 1][0] + dx) + ',' + p[k - 1][1] + ' ' + (p[k][0] - dx) + ',' + p[k][1] + ' ' + p[k][0] + ',' + p[k][1];
    }
    return el('path', {d: d, 'class': 'edge', id: 'edge-' + i, 'marker-end': 'url(#arrow)'}, edgeLayer);
  });

  function heatColor(v, scale) {
    var t = scale === 0 ? 0 : Math.max(-1, Math.min(1, v / scale));
    // white at 0, orange-red for positive, blue for negative
    var r = t >= 0 ? 255 : Math.round(255 + t * (255 - 37));
    var g = t >= 0 ? Math.round(255 - t * (255 - 99)) : Math.round(255 + t * (255 - 99));
    var b = t >= 0 ? Math.round(255 - t * (255 - 12)) : Math.round(255 + t * (255 - 235));
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }

  var nodeEls = G.nodes.map(function (n, i) {
    var g = el('g', {'class': n.op ? 'op' : 'value role-' + n.role, id: 'node-' + i}, nodeLayer);
    if (n.op) {
      el('ellipse', {cx: n.x + n.w / 2, cy: n.y + n.h / 2, rx: n.w / 2, ry: n.h / 2}, g);
      el('text', {x: n.x + n.w / 2, y: n.y + n.h / 2}, g, n.label);
      el('title', {}, g, 'op ' + n.label);
      return {g: g};
    }
    g.setAttribute('data-name', n.label);
    el('rect', {'class': 'box', x: n.x, y: n.y, width: n.w, height: n.h, rx: 6}, g);
    var lh = G.lineHeight;
    var tx = n.x + 9;
    var name = el('text', {'class': 'name', x: tx, y: n.y + 5 + lh * 0.85}, g, n.label);
    if (n.shape) {
      el('tspan', {'class': 'shape'}, name, ' ' + n.shape);
    }
    var data = el('text', {'class': 'data', x: tx, y: n.y + 5 + lh * 1.85}, g, '');
    var grad = el('text', {'class': 'grad', x: tx, y: n.y + 5 + lh * 2.85}, g, '');
    var b = gradAt[i] !== undefined ? G.backward[gradAt[i] - F - 1] : null;
    var sum = b && b.sumText ? el('text', {'class': 'sum', x: tx, y: n.y + 5 + lh * 3.85}, g, '') : null;
    var heat = null;
    if (b && n.rows * n.cols > 1) {
      heat = el('g', {'class': 'heat'}, g);
      var rows = Math.min(n.rows, G.heatCells);
      var cols = Math.min(n.cols, G.heatCells);
      var top = n.y + 5 + lh * (sum ? 4 : 3) + 4;
      var scale = 0;
      b.gradient.forEach(function (v) { scale = Math.max(scale, Math.abs(v)); });
      for (var r = 0; r < rows; r++) {
        for (var c = 0; c < cols; c++) {
          var idx = r * n.cols + c;
          if (idx >= b.gradient.length) {
            continue;
          }
          var v = b.gradient[idx];
          var cell = el('rect', {x: tx + c * G.cell, y: top + r * G.cell, width: G.cell, height: G.cell,
            fill: heatColor(v, scale)}, heat);
          el('title', {}, cell, n.label + '[' + r + ', ' + c + '] grad ' + Number(v).toPrecision(4));
        }
      }
      el('rect', {'class': 'frame', x: tx, y: top, width: cols * G.cell, height: rows * G.cell}, heat);
    }
    el('title', {}, g, n.label + (n.shape ? ' ' + n.shape : '') + ' data ' + n.data);
    return {g: g, data: data, grad: grad, sum: sum, heat: heat, backward: b};
  });

  function setClass(elem, name, on) {
    if (on) {
      elem.classList.add(name);
    } else {
      elem.classList.remove(name);
    }
  }

  function midpoint(path) {
    var len = path.getTotalLength();
    return path.getPointAtLength(len / 2);
  }

  var step = 0;
  var timer = null;

  function render() {
    var fwd = step >= 1 && step <= F ? G.forward[step - 1] : null;
    var bwd = step > F ? G.backward[step - F - 1] : null;
    G.nodes.forEach(function (n, i) {
      var v = nodeEls[i];
      setClass(v.g, 'current-forward', !!fwd && (fwd.op === i || fwd.output === i));
      setClass(v.g, 'current-backward', !!bwd && bwd.node === i);
      if (n.op) {
        return;
      }
      var known = madeAt[i] === undefined || madeAt[i] <= step;
      setClass(v.g, 'pending', !known);
      v.data.textContent = 'data ' + (known ? n.data : '?');
      var gradText = '';
      if (i === G.root && step > F) {
        gradText = 'grad ' + G.rootGradText;
      } else if (v.backward && gradAt[i] <= step) {
        gradText = 'grad ' + v.backward.gradText;
      }
      v.grad.textContent = gradText;
      if (v.sum) {
        v.sum.textContent = gradAt[i] <= step ? v.backward.sumText : '';
      }
      if (v.heat) {
        v.heat.style.display = gradAt[i] <= step ? '' : 'none';
      }
      setClass(v.g, 'source', !!bwd && bwd.arrivals.some(function (a) { return a.from === i; }));
    });
    edgeEls.forEach(function (e) {
      setClass(e, 'forward', false);
      setClass(e, 'backward', false);
    });
    while (labelLayer.firstChild) {
      labelLayer.removeChild(labelLayer.firstChild);
    }
    var focus = null;
    if (fwd) {
      G.edges.forEach(function (e, i) {
        if (e.to === fwd.op || e.from === fwd.op) {
          setClass(edgeEls[i], 'forward', true);
        }
      });
      focus = G.nodes[fwd.output];
      panel.className = 'forward';
      explain.textContent = fwd.text;
      detail.textContent = 'Forward step ' + step + ' of ' + F + ': ' + G.nodes[fwd.op].label + ' computes '
        + G.nodes[fwd.output].label + ' from its inputs.';
    } else if (bwd) {
      bwd.arrivals.forEach(function (a) {
        setClass(edgeEls[a.edgeIn], 'backward', true);
        setClass(edgeEls[a.edgeOut], 'backward', true);
        var p = midpoint(edgeEls[a.edgeIn]);
        var w = Math.max(22, a.text.length * G.charWidth + 12);
        var label = el('g', {'class': 'contribution'}, labelLayer);
        el('rect', {x: p.x - w / 2, y: p.y - 10, width: w, height: 20, rx: 10}, label);
        el('text', {x: p.x, y: p.y}, label, a.text);
      });
      focus = G.nodes[bwd.node];
      panel.className = 'backward';
      explain.textContent = bwd.text;
      var parts = bwd.arrivals.map(function (a) {
        return a.text + ' from ' + G.nodes[a.from].label;
      });
      detail.textContent = 'Backward step ' + (step - F) + ' of ' + B + ': ' + G.nodes[bwd.node].label
        + ' receives ' + parts.join(' and ') + (parts.length > 1 ? ', added: ' + bwd.gradText : '') + '.';
    } else {
      panel.className = '';
      explain.textContent = 'The graph before the forward pass: only the leaves hold values.';
      detail.textContent = F + ' forward steps, then ' + B + ' backward steps, one per chain-rule line.';
    }
    counter.textContent = 'step ' + step + ' / ' + N;
    phase.textContent = step === 0 ? 'Start' : fwd ? 'Forward pass, step ' + step + ' of ' + F
      : 'Backward pass, step ' + (step - F) + ' of ' + B + (step === N ? ' (done)' : '');
    buttons.back.disabled = step === 0;
    buttons.reset.disabled = step === 0;
    buttons.step.disabled = step === N;
    if (focus) {
      scrollTo(focus);
    }
    var hash = '#step=' + step;
    if (location.hash !== hash) {
      try {
        history.replaceState(null, '', hash);
      } catch (err) {
        location.hash = hash;
      }
    }
  }

  // when the graph is larger than its box it scrolls: keep the current node in view
  function scrollTo(n) {
    var scale = svg.getBoundingClientRect().width / G.width;
    if (graphBox.scrollWidth > graphBox.clientWidth + 1) {
      graphBox.scrollLeft = Math.max(0, (n.x + n.w / 2) * scale - graphBox.clientWidth / 2);
    }
    if (graphBox.scrollHeight > graphBox.clientHeight + 1) {
      graphBox.scrollTop = Math.max(0, (n.y + n.h / 2) * scale - graphBox.clientHeight / 2);
    }
  }

  function go(to) {
    step = Math.max(0, Math.min(N, to));
    render();
  }

  function stop() {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
    buttons.play.textContent = 'Play';
  }

  function play() {
    if (timer !== null) {
      stop();
      return;
    }
    if (step === N) {
      go(0);
    }
    buttons.play.textContent = 'Pause';
    timer = setInterval(function () {
      if (step >= N) {
        stop();
      } else {
        go(step + 1);
      }
    }, 1200);
  }

  function fromHash() {
    var m = /step=(\d+)/.exec(location.hash);
    return m ? parseInt(m[1], 10) : 0;
  }

  buttons.reset.addEventListener('click', function () { stop(); go(0); });
  buttons.back.addEventListener('click', function () { stop(); go(step - 1); });
  buttons.step.addEventListener('click', function () { stop(); go(step + 1); });
  buttons.play.addEventListener('click', play);
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    if (e.key === 'ArrowRight') {
      stop();
      go(step + 1);
      e.preventDefault();
    } else if (e.key === 'ArrowLeft') {
      stop();
      go(step - 1);
      e.preventDefault();
    } else if (e.key === 'Home') {
      stop();
      go(0);
      e.preventDefault();
    }
  });
  window.addEventListener('hashchange', function () {
    if (fromHash() !== step) {
      stop();
      go(fromHash());
    }
  });
  document.body.setAttribute('data-steps', String(N));
  document.body.setAttribute('data-forward-steps', String(F));
  window.addEventListener('resize', function () { fit(); render(); });
  fit();
  go(fromHash());
}());
