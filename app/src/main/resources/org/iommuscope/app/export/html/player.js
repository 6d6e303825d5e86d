// iommuscope's scenario player: steps through the pictures the page carries, like the app's window.
// One element per object is kept and brought up to date at each step, so that CSS transitions and the
// edge flight of a replace can animate what changed; the step's own elements come from the SVG export.
'use strict';
(() => {
  const data = JSON.parse(document.getElementById('iommuscope-data').textContent);
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const LAYERS = ['groups', 'edges', 'nodes'];
  const SAMPLES = 48;
  const steps = data.steps;
  const last = steps.length - 1;
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)');
  const parser = new DOMParser();
  const $ = (id) => document.getElementById(id);

  // ---- the element table: each distinct object markup, parsed once ----------------------------------
  const parsed = new Map();
  function fragment(k) {
    let el = parsed.get(k);
    if (!el) {
      const doc = parser.parseFromString('<svg xmlns="' + SVG_NS + '">' + data.frags[k] + '</svg>', 'image/svg+xml');
      el = doc.documentElement.firstElementChild;
      parsed.set(k, el);
    }
    return el;
  }

  // ---- the pictures: one shadow tree each, so that the export's style sheet and ids stay its own --------
  const pictures = $('pictures');
  const panes = data.profiles.map((profile, k) => {
    const pane = document.createElement('div');
    pane.className = 'pane';
    pane.id = 'pane-' + k;
    pane.dataset.profile = profile;
    const head = document.createElement('div');
    head.className = 'pane-head';
    head.textContent = profile;
    const outcome = document.createElement('span');
    outcome.className = 'pane-outcome';
    head.appendChild(outcome);
    const host = document.createElement('div');
    host.className = 'picture';
    host.id = 'picture-' + k;
    pane.append(head, host);
    pictures.appendChild(pane);
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = data.pictureCss;
    const svg = document.importNode(parser.parseFromString(data.shell, 'image/svg+xml').documentElement, true);
    svg.setAttribute('preserveAspectRatio', 'xMidYMin meet');
    if (data.profiles.length > 1) {
      svg.classList.add('side-by-side');
    }
    root.append(style, svg);
    const layers = {};
    LAYERS.forEach((name) => { layers[name] = root.getElementById(name); });
    return { k, root, svg, layers, outcome, shown: new Map() };
  });
  $('source').textContent = data.source + ' · ' + data.profiles.join(' | ');

  // ---- bringing a picture up to a step -------------------------------------------------------------------
  function copyAttributes(to, from, keep) {
    for (const a of Array.from(to.attributes)) {
      if (!from.hasAttribute(a.name) && a.name !== keep) {
        to.removeAttribute(a.name);
      }
    }
    for (const a of Array.from(from.attributes)) {
      if (a.name !== keep && to.getAttribute(a.name) !== a.value) {
        to.setAttribute(a.name, a.value);
      }
    }
  }

  /** Makes the element kept for an object look like another markup of it, moving as little as possible. */
  function patch(el, src, animate) {
    copyAttributes(el, src);
    const a = el.children;
    const b = src.children;
    const same = a.length === b.length && Array.from(a).every((c, j) => c.tagName === b[j].tagName);
    if (!same) {
      el.replaceChildren(...Array.from(b).map((c) => document.importNode(c, true)));
      return;
    }
    for (let j = 0; j < a.length; j++) {
      const c = a[j];
      const d = b[j];
      if (c.tagName === 'polyline' && c.getAttribute('points') !== d.getAttribute('points')) {
        copyAttributes(c, d, 'points');
        if (animate) {
          fly(el, c, d.getAttribute('points'));
        } else {
          land(el, c, d.getAttribute('points'));
        }
      } else {
        copyAttributes(c, d);
      }
      if (c.children.length === 0 && c.textContent !== d.textContent) {
        c.textContent = d.textContent;
      }
    }
  }

  function points(text) {
    return text.trim().split(/\s+/).map((p) => p.split(',').map(Number));
  }

  /** The polyline resampled to SAMPLES points evenly spaced along its length (as the canvas's EdgeShape does). */
  function resample(pts) {
    if (pts.length === 1) {
      return Array(SAMPLES).fill(pts[0]);
    }
    const seg = [];
    let total = 0;
    for (let i = 0; i + 1 < pts.length; i++) {
      seg.push(Math.hypot(pts[i + 1][0] - pts[i][0], pts[i + 1][1] - pts[i][1]));
      total += seg[i];
    }
    const out = [];
    let s = 0;
    let walked = 0;
    for (let k = 0; k < SAMPLES; k++) {
      const want = total * k / (SAMPLES - 1);
      while (s < seg.length - 1 && walked + seg[s] < want) {
        walked += seg[s++];
      }
      const f = seg[s] === 0 ? 0 : Math.min(1, (want - walked) / seg[s]);
      const p = pts[s];
      const q = pts[s + 1];
      out.push([p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f]);
    }
    return out;
  }

  const flights = new Map();

  /** An edge whose end moved travels there, point by point, as on the canvas (ease in and out). */
  function fly(g, line, to) {
    const from = line.getAttribute('points');
    stop(line);
    const a = resample(points(from));
    const b = resample(points(to));
    const t0 = performance.now();
    g.setAttribute('data-moving', 'true');
    const frame = (now) => {
      const t = Math.min(1, (now - t0) / data.motion.move);
      if (t >= 1) {
        land(g, line, to);
        return;
      }
      const e = t * t * (3 - 2 * t);
      line.setAttribute('points', a.map((p, i) => (p[0] + (b[i][0] - p[0]) * e).toFixed(2) + ','
          + (p[1] + (b[i][1] - p[1]) * e).toFixed(2)).join(' '));
      flights.set(line, requestAnimationFrame(frame));
    };
    flights.set(line, requestAnimationFrame(frame));
  }

  function stop(line) {
    if (flights.has(line)) {
      cancelAnimationFrame(flights.get(line));
      flights.delete(line);
    }
  }

  function land(g, line, to) {
    stop(line);
    line.setAttribute('points', to);
    g.removeAttribute('data-moving');
  }

  function render(pane, state, animate) {
    const wanted = new Set();
    for (const name of LAYERS) {
      const layer = pane.layers[name];
      let cursor = layer.firstElementChild;
      for (const k of state[name]) {
        const src = fragment(k);
        const id = src.getAttribute('id');
        wanted.add(id);
        let kept = pane.shown.get(id);
        while (cursor && cursor.classList.contains('leaving')) {
          cursor = cursor.nextElementSibling;
        }
        if (kept) {
          if (kept.k !== k) {
            patch(kept.el, src, animate);
            kept.k = k;
          }
          if (kept.el === cursor) {
            cursor = cursor.nextElementSibling;
          } else {
            layer.insertBefore(kept.el, cursor);
          }
        } else {
          const el = document.importNode(src, true);
          const fades = animate && name === 'nodes' && !el.classList.contains('device');
          if (fades) {
            el.classList.add('entering');
          }
          layer.insertBefore(el, cursor);
          if (fades) {
            void getComputedStyle(el).opacity;
            el.classList.remove('entering');
          }
          kept = { el, k };
          pane.shown.set(id, kept);
        }
      }
    }
    for (const [id, kept] of Array.from(pane.shown)) {
      if (wanted.has(id)) {
        continue;
      }
      pane.shown.delete(id);
      if (animate && kept.el.parentNode === pane.layers.nodes) {
        kept.el.classList.add('leaving');
        setTimeout(() => kept.el.remove(), data.motion.fade);
      } else {
        kept.el.remove();
      }
    }
  }

  /** The page's own marks over the export's classes: highlighted, dimmed, differing. */
  function decorate(pane, state, step) {
    const highlight = new Set(state.highlight);
    const dim = new Set(dimming ? state.dim : []);
    const differs = new Set(step.differs || []);
    for (const [id, kept] of pane.shown) {
      kept.el.classList.toggle('highlight', highlight.has(id));
      kept.el.classList.toggle('dimmed', dim.has(id));
      kept.el.classList.toggle('differs', differs.has(id));
    }
  }

  // ---- the page around the pictures ------------------------------------------------------------------------
  const log = $('log');
  const rows = steps.map((s, i) => {
    const li = document.createElement('li');
    li.dataset.step = i;
    if (s.stop) {
      li.classList.add('stop');
    }
    const n = document.createElement('span');
    n.className = 'n';
    n.textContent = String(i);
    const op = document.createElement('span');
    op.className = 'op';
    op.textContent = i === 0 ? 'boot' : s.op;
    li.append(n, op);
    if (i > 0) {
      s.panes.forEach((p, k) => {
        if (p.outcome === '') {
          return;
        }
        li.append(k === 0 ? ' → ' : ' | ');
        const o = document.createElement('span');
        o.className = 'outcome' + (/^E[A-Z0-9]+$/.test(p.outcome) ? ' errno' : '') + (p.passed ? '' : ' failed');
        o.textContent = p.outcome;
        li.appendChild(o);
      });
    }
    li.title = [s.say].concat(s.panes.map((p) => p.reason)).filter((t) => t).join('\n');
    li.addEventListener('click', () => go(i));
    log.appendChild(li);
    return li;
  });

  const timeline = $('timeline');
  const ticks = steps.map((s, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'tick' + (s.stop ? ' stop' : '');
    b.dataset.step = i;
    b.style.left = (last === 0 ? 0 : (100 * i / last)) + '%';
    b.title = 'Step ' + i + (i === 0 ? '' : ' · ' + s.op) + (s.stop ? '\n' + s.say : '');
    b.setAttribute('aria-label', 'Step ' + i);
    b.addEventListener('click', () => go(i));
    timeline.appendChild(b);
    return b;
  });
  if (data.first >= 0) {
    const flag = document.createElement('span');
    flag.className = 'flag';
    flag.id = 'first-difference';
    flag.dataset.step = data.first;
    flag.textContent = '⚑';
    flag.style.left = (100 * data.first / last) + '%';
    flag.title = 'first difference: step ' + data.first;
    timeline.appendChild(flag);
  }

  let index = -1;
  let dimming = false;

  function show(i, animate) {
    const s = steps[i];
    panes.forEach((pane, k) => {
      render(pane, s.panes[k], animate);
      decorate(pane, s.panes[k], s);
      pane.outcome.textContent = i === 0 ? '' : s.panes[k].outcome;
    });
    $('heading').textContent = s.head;
    $('say').textContent = s.say;
    $('counter').textContent = 'Step ' + i + ' / ' + last;
    if (index >= 0) {
      rows[index].classList.remove('current');
      ticks[index].classList.remove('current');
      ticks[index].removeAttribute('aria-current');
    }
    rows[i].classList.add('current');
    ticks[i].classList.add('current');
    ticks[i].setAttribute('aria-current', 'step');
    showFacts(i, s);
    showDiverged(s);
    // After the panels above it took their size: the log's own height depends on them.
    rows[i].scrollIntoView({ block: 'nearest' });
    index = i;
    // The address names the step shown, so a copied link opens the page there (#step-N).
    try {
      history.replaceState(null, '', '#step-' + i);
    } catch (e) {
      // A browser that refuses it for a local file still steps; only the link stays at its first step.
    }
  }

  function showFacts(i, s) {
    const facts = $('facts');
    if (panes.length < 2) {
      return;
    }
    facts.hidden = false;
    const pair = data.profiles.join(' | ');
    if (s.facts.length > 0) {
      facts.textContent = (i === data.first ? '⚑ first difference — ' : 'differs — ') + pair + ': ' + s.facts.join('; ');
    } else if (s.differs.length > 0) {
      facts.textContent = 'the states still differ: ' + s.differs.join(', ');
    } else {
      facts.textContent = 'same result and state under ' + data.profiles.join(' and ');
    }
  }

  function showDiverged(s) {
    const box = $('diverged');
    box.replaceChildren();
    const head = document.createElement('h2');
    head.textContent = 'Diverged';
    box.appendChild(head);
    const items = [];
    panes.forEach((pane, k) => {
      for (const id of s.panes[k].highlight) {
        const kept = pane.shown.get(id);
        const title = kept && kept.el.querySelector('title');
        const li = document.createElement('li');
        li.dataset.id = id;
        li.textContent = (panes.length > 1 ? data.profiles[k] + ': ' : '') + (title ? title.textContent : id);
        items.push(li);
      }
    });
    if (items.length === 0) {
      const none = document.createElement('p');
      none.className = 'none';
      none.textContent = 'nothing: user space and the kernel agree';
      box.appendChild(none);
    } else {
      const ul = document.createElement('ul');
      ul.append(...items);
      box.appendChild(ul);
    }
  }

  // ---- stepping, as the app's keys do ----------------------------------------------------------------------
  let run = null;
  let player = null;

  /** Any move; only a step forward by one animates (as in the window), and never with reduced motion. */
  function go(i, fromRun) {
    if (!fromRun) {
      stopRun();
    }
    const to = Math.max(0, Math.min(last, i));
    if (to === index) {
      return;
    }
    show(to, to === index + 1 && !reduced.matches);
  }

  function stopRun() {
    if (run) {
      clearInterval(run.timer);
      run = null;
    }
  }

  function nextStop(from) {
    for (let i = from + 1; i <= last; i++) {
      if (steps[i].stop) {
        return i;
      }
    }
    return last;
  }

  function previousStop(from) {
    for (let i = from - 1; i > 0; i--) {
      if (steps[i].stop) {
        return i;
      }
    }
    return 0;
  }

  /** Space: on to the next captioned step, playing the steps between unless motion is reduced; again, at once. */
  function playToNextStop() {
    if (run) {
      const target = run.target;
      stopRun();
      go(target);
      return;
    }
    const target = nextStop(index);
    if (target <= index + 1 || reduced.matches) {
      go(target);
      return;
    }
    run = { target, timer: setInterval(() => {
      go(index + 1, true);
      if (index >= target) {
        stopRun();
      }
    }, data.motion.play / 2) };
    go(index + 1, true);
  }

  function togglePlay() {
    if (player) {
      clearInterval(player);
      player = null;
      return;
    }
    if (index === last) {
      go(0);
    }
    player = setInterval(() => {
      if (index >= last) {
        clearInterval(player);
        player = null;
      } else {
        go(index + 1, true);
      }
    }, data.motion.play);
  }

  function setDimming(on) {
    dimming = on;
    $('divergent-only').checked = on;
    panes.forEach((pane, k) => decorate(pane, steps[index].panes[k], steps[index]));
  }

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    const keys = {
      ArrowRight: () => go(index + 1),
      PageDown: () => go(index + 1),
      ArrowLeft: () => go(index - 1),
      PageUp: () => go(index - 1),
      Home: () => go(0),
      End: () => go(last),
      ' ': () => (e.shiftKey ? go(previousStop(index)) : playToNextStop()),
      d: () => setDimming(!dimming),
      D: () => setDimming(!dimming),
      p: togglePlay,
      P: togglePlay,
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  });
  $('first').addEventListener('click', () => go(0));
  $('back').addEventListener('click', () => go(index - 1));
  $('next').addEventListener('click', () => go(index + 1));
  $('last').addEventListener('click', () => go(last));
  $('divergent-only').addEventListener('change', (e) => setDimming(e.target.checked));
  // A button keeps focus after a click; Space must stay the presenter's key, not press that button again.
  document.querySelectorAll('#controls button').forEach((b) => b.addEventListener('keyup', (e) => {
    if (e.key === ' ') {
      e.preventDefault();
    }
  }));

  function stepInAddress() {
    const m = location.hash.match(/^#step-(\d+)$/);
    return m ? Math.max(0, Math.min(last, Number(m[1]))) : -1;
  }

  // A link edited by hand, or another step's link pasted over this page's address.
  window.addEventListener('hashchange', () => {
    const i = stepInAddress();
    if (i >= 0 && i !== index) {
      stopRun();
      show(i, false);
    }
  });

  show(Math.max(0, stepInAddress()), false);
})();
