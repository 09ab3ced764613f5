/* "下载图片": a panel's charts as one PNG, each with its own title (which names its period), the
   zone's name on top and the source line and the data's date below. Plotly's own toImage draws a
   copy of each figure (the page's figure is never changed); the copies are stacked on a canvas.
   The caption comes from the server (components/downloads.py export_caption, on the header). */
(function () {
  'use strict';
  var WIDTH = 1200;   // px of the exported image, at scale 2
  var SCALE = 2;
  var INK = '#1A202C';
  var MUTED = '#4A5568';
  var FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif';

  function caption() {
    var header = document.querySelector('[data-export]');
    try { return JSON.parse(header.getAttribute('data-export')); } catch (e) { return {}; }
  }

  /* a drawn chart's height: its figure's, or the box plotly.js drew it in (public, no plotly.js internals) */
  function height(gd) { return (gd.layout && gd.layout.height) || gd.getBoundingClientRect().height; }

  /* the panel's charts a reader sees (sparklines and collapsed parts aside) */
  function chartsOf(button) {
    var panel = button.closest('section') || document;
    var named = document.querySelector('#' + button.getAttribute('data-graph') + ' .js-plotly-plot');
    var shown = Array.prototype.filter.call(panel.querySelectorAll('.js-plotly-plot'), function (gd) {
      return gd.offsetParent !== null && gd.querySelector('.main-svg') && height(gd) >= 120;
    });
    return shown.length ? shown : (named ? [named] : []);
  }

  /* a copy of a figure for export: the page's layout, a white paper, the export's width */
  function copyOf(gd) {
    var layout = JSON.parse(JSON.stringify(gd.layout));
    var tall = Math.max(height(gd), 240);
    layout.width = WIDTH;
    layout.height = tall;
    layout.paper_bgcolor = layout.paper_bgcolor || '#FFFFFF';
    if (layout.title) { layout.title.pad = {l: 16}; }  // in line with the zone's name
    return {data: JSON.parse(JSON.stringify(gd.data)), layout: layout, height: tall};
  }

  function image(url) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = reject;
      img.src = url;
    });
  }

  function text(ctx, words, x, y, size, colour, bold) {
    ctx.fillStyle = colour;
    ctx.font = (bold ? 'bold ' : '') + size * SCALE + 'px ' + FONT;
    ctx.fillText(words, x * SCALE, y * SCALE);
  }

  /* wraps a long source line at the image's width */
  function lines(ctx, words, size) {
    ctx.font = size * SCALE + 'px ' + FONT;
    var out = [];
    var line = '';
    Array.prototype.forEach.call(words, function (ch) {
      if (ctx.measureText(line + ch).width > (WIDTH - 32) * SCALE) { out.push(line); line = ''; }
      line += ch;
    });
    return out.concat(line ? [line] : []);
  }

  function save(canvas, name) {
    var a = document.createElement('a');
    a.href = canvas.toDataURL('image/png');
    a.download = name + '.png';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function exportPanel(button) {
    var charts = chartsOf(button);
    if (!charts.length || !window.Plotly) { return; }
    var info = caption();
    var copies = charts.map(copyOf);
    Promise.all(copies.map(function (fig) {
      return window.Plotly.toImage({data: fig.data, layout: fig.layout},
        {format: 'png', width: WIDTH, height: fig.height, scale: SCALE}).then(image);
    })).then(function (images) {
      var canvas = document.createElement('canvas');
      var ctx = canvas.getContext('2d');
      var footer = lines(ctx, [info.source, info.as_of].filter(Boolean).join('  ·  '), 13);
      var top = 52;
      var bottom = 16 + footer.length * 20;
      var body = copies.reduce(function (sum, fig) { return sum + fig.height + 12; }, 0);
      canvas.width = WIDTH * SCALE;
      canvas.height = (top + body + bottom) * SCALE;
      ctx.fillStyle = '#FFFFFF';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      text(ctx, info.zone || '', 16, 32, 20, INK, true);
      var y = top;
      images.forEach(function (img, i) {
        ctx.drawImage(img, 0, y * SCALE, WIDTH * SCALE, copies[i].height * SCALE);
        y += copies[i].height + 12;
      });
      footer.forEach(function (line, i) { text(ctx, line, 16, y + 14 + i * 20, 13, MUTED, false); });
      save(canvas, 'getdz-' + (button.getAttribute('data-name') || 'chart'));
    });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('.png-button');
    if (button) { exportPanel(button); }
  });
})();
