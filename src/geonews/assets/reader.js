/* geonews reader view: links the article text beside the map with the map's markers.
 *
 * Clicking a mention in the text brings its marker into view (zooming into clusters and
 * spiderfying them when needed) and opens that mention's popup; opening a marker's popup
 * highlights every mention of the same place in the text. Runs once the document has been
 * parsed, when folium's map script (the last script of the page) has defined its layers.
 * Every string shown here was escaped by geonews.render before it reached the page.
 */
(function () {
  "use strict";

  function findMap(name) {
    var map = window[name];
    if (map instanceof L.Map) return map;
    return Object.values(window).find(function (v) { return v instanceof L.Map; }) || null;
  }

  function layersByIndex(group) {
    var out = {};
    if (!group) return out;
    group.eachLayer(function (layer) {
      if (layer.feature && layer.feature.properties) out[layer.feature.properties.index] = layer;
    });
    return out;
  }

  // Keep every popup inside the map and clear of its buttons. On a phone the map is half
  // the screen, and a popup with a long sentence or many runners-up was taller than it:
  // its top was cut off and it covered the zoom and layer controls. Leaflet pans an
  // opening popup inside these margins, and scrolls content taller than maxHeight.
  function fitPopups(map) {
    var box = map.getContainer().getBoundingClientRect();
    var below = 0;
    ["topleft", "topright"].forEach(function (corner) {
      var el = map._controlCorners && map._controlCorners[corner];
      if (el && el.children.length) {
        below = Math.max(below, el.getBoundingClientRect().bottom - box.top);
      }
    });
    var options = L.Popup.prototype.options;
    options.autoPanPaddingTopLeft = L.point(8, below + 6);
    options.autoPanPaddingBottomRight = L.point(8, 8);
    // What is left for the content: the margins, the popup's own padding and its tip.
    options.maxHeight = Math.max(96, Math.floor(box.height - below - 6 - 8 - 64));
  }

  function init() {
    var dataEl = document.getElementById("geonews-data");
    if (!dataEl || typeof L === "undefined") return;
    var cfg = JSON.parse(dataEl.textContent);
    var map = findMap(cfg.map);
    if (!map) return;
    var cluster = window[cfg.cluster] || null;
    var mentionLayer = window[cfg.mentions] || null;
    var borderLayer = window[cfg.borders] || null;
    var basemapLayer = null;
    var basemapEl = document.getElementById("geonews-basemap");
    if (cfg.basemap && basemapEl) {
      basemapLayer = L.geoJSON(JSON.parse(basemapEl.textContent), {
        pane: "gn-basemap",
        interactive: false,
        style: function () { return cfg.basemap_style; }
      });
    }
    var tileLayer = cfg.tiles ? window[cfg.tiles] || null : null;
    if (basemapLayer) {
      var showBasemap = function () {
        if (!map.hasLayer(basemapLayer)) map.addLayer(basemapLayer);
        map.getContainer().classList.add("gn-plain");
      };
      if (tileLayer) {
        // Tiles first; with no network (or a blocked tile server) fall back to the
        // drawn basemap rather than leave the land blank.
        tileLayer.once("tileerror", showBasemap);
      } else {
        showBasemap();
      }
    }
    fitPopups(map);
    map.on("resize", function () { fitPopups(map); });
    var markers = layersByIndex(mentionLayer);
    // Nationality words ("--demonyms") sit on a layer of their own, unclustered and off
    // until switched on; their markers are found and opened like the others.
    var demonymLayer = cfg.demonyms ? window[cfg.demonyms] || null : null;
    var demonymMarkers = layersByIndex(demonymLayer);
    Object.keys(demonymMarkers).forEach(function (key) { markers[key] = demonymMarkers[key]; });
    var borders = layersByIndex(borderLayer);
    var spans = Array.prototype.slice.call(document.querySelectorAll(".gn-mention"));

    function listed(span, attr, value) {
      var list = span.getAttribute(attr);
      return list !== null && list.split(" ").indexOf(value) >= 0;
    }

    var panel = document.getElementById("gn-panel");
    function stacked() {
      return window.matchMedia ? window.matchMedia("(max-width: 700px)").matches : false;
    }
    // Whether a mention is already visible where the text scrolls: the panel beside the
    // map, or the window under it.
    function inView(span) {
      var box = span.getBoundingClientRect();
      var top = 0;
      var bottom = window.innerHeight;
      if (!stacked() && panel) {
        var area = panel.getBoundingClientRect();
        top = area.top;
        bottom = area.bottom;
      } else {
        top = map.getContainer().getBoundingClientRect().bottom;
      }
      return box.top >= top && box.bottom <= bottom;
    }

    // Mark the mentions of one place (or one border) as active and the one whose popup is
    // open as current, and scroll the text to it.
    function highlight(attr, value, currentAttr, currentValue) {
      var first = null;
      spans.forEach(function (span) {
        var active = value !== null && listed(span, attr, value);
        var current = currentValue !== null && listed(span, currentAttr, currentValue);
        span.classList.toggle("gn-active", active);
        span.classList.toggle("gn-current", current);
        if (current && first === null) first = span;
      });
      if (first && typeof first.scrollIntoView === "function" && !inView(first)) {
        // Beside the map, bring the mention to the middle of the text so it reads in
        // context; under the map (a phone), just below the map (see reader.css).
        first.scrollIntoView({ block: stacked() ? "nearest" : "center" });
      }
    }

    Object.keys(markers).forEach(function (key) {
      var layer = markers[key];
      layer.on("popupopen", function () {
        highlight("data-place", String(layer.feature.properties.place), "data-mention-index", key);
      });
      layer.on("popupclose", function () { highlight("data-place", null, null, null); });
    });
    Object.keys(borders).forEach(function (key) {
      var layer = borders[key];
      layer.on("popupopen", function () {
        highlight("data-border-index", key, "data-border-index", key);
      });
      layer.on("popupclose", function () { highlight("data-border-index", null, null, null); });
    });

    // A cluster whose markers all share one point down to the highest zoom, or lie so
    // close together (a city and its seat of power, 100 m apart) that only street level
    // would part them: clicking it fans the markers out where they are, at the zoom the
    // reader chose, rather than diving to a blank street-level map.
    var SPREAD_BEYOND_ZOOM = 12;
    function tooTightToZoom(parent) {
      var bottom = parent;
      while (bottom._childClusters && bottom._childClusters.length === 1) {
        bottom = bottom._childClusters[0];
      }
      if (bottom._zoom === cluster._maxZoom && bottom._childCount === parent._childCount) {
        return true;
      }
      return map.getBoundsZoom(parent.getBounds()) > SPREAD_BEYOND_ZOOM;
    }

    // Run fn once neither the map nor the cluster is animating. Polling rather than
    // waiting for an event: a stale moveend/animationend from an earlier pan or spiderfy
    // would otherwise fire the next step too early.
    function whenSettled(fn, waited) {
      waited = waited || 0;
      var busy = map._animatingZoom || cluster._inZoomAnimation ||
        (map._panAnim && map._panAnim._inProgress);
      if (busy && waited < 5000) {
        setTimeout(function () { whenSettled(fn, waited + 40); }, 40);
      } else {
        fn();
      }
    }

    function showInCluster(layer, open, depth) {
      var parent = cluster.getVisibleParent(layer);
      if (parent === layer) {
        if (!map.getBounds().contains(layer.getLatLng())) map.panTo(layer.getLatLng());
        open();
        return;
      }
      if (parent && typeof parent.spiderfy === "function" && tooTightToZoom(parent)) {
        // A move that began earlier can fold the spider up again before it has finished
        // opening; then the marker is off the map and its popup cannot open: start over
        // once the map is still.
        var spread = function () {
          if (layer._map) {
            open();
          } else if ((depth || 0) < 25) {
            whenSettled(function () { showInCluster(layer, open, (depth || 0) + 1); });
          }
        };
        cluster.once("spiderfied", spread);
        parent.spiderfy();
        if (cluster._spiderfied === parent) return;
        cluster.off("spiderfied", spread);
      }
      if (parent && typeof parent.zoomToBounds === "function" &&
          map.getZoom() < cluster._maxZoom && (depth || 0) < 25) {
        // Zoom into the cluster one step at a time: stop as soon as the marker shows or
        // sits in a cluster of one point, instead of going down to street level.
        parent.zoomToBounds();
        setTimeout(function () {
          whenSettled(function () { showInCluster(layer, open, (depth || 0) + 1); });
        }, 40);
        return;
      }
      cluster.zoomToShowLayer(layer, open);
    }

    function openMention(index) {
      var layer = markers[index];
      if (!layer) return false;
      // A popup's auto-pan or an earlier flight may still be running; a new flight must
      // not wait on a moveend that belongs to it.
      map.stop();
      var open = function () { layer.openPopup(); };
      if (demonymMarkers[index]) {
        if (!map.hasLayer(demonymLayer)) map.addLayer(demonymLayer);
        map.flyTo(layer.getLatLng(), Math.min(Math.max(map.getZoom(), 3), 6), { duration: 0.8 });
        map.once("moveend", function () { setTimeout(open, 40); });
        return true;
      }
      if (cluster) {
        if (!map.hasLayer(cluster)) map.addLayer(cluster);
        var latlng = layer.getLatLng();
        if (map.getBounds().pad(-0.05).contains(latlng)) {
          whenSettled(function () { showInCluster(layer, open); });
        } else {
          // Fly over at a regional zoom first, so a jump between far-apart places does
          // not happen at street level.
          map.flyTo(latlng, Math.min(Math.max(map.getZoom(), 5), 8), { duration: 0.8 });
          // Registered after flyTo, which ends any running pan (and its moveend) first.
          map.once("moveend", function () {
            setTimeout(function () { whenSettled(function () { showInCluster(layer, open); }); }, 40);
          });
        }
      } else {
        if (mentionLayer && !map.hasLayer(mentionLayer)) map.addLayer(mentionLayer);
        map.flyTo(layer.getLatLng(), Math.max(map.getZoom(), 6));
        map.once("moveend", open);
      }
      return true;
    }

    // Show every border of a phrase ("0 1 2") and open the first one's popup.
    function openBorder(indexes) {
      var layers = String(indexes).split(" ").map(function (i) { return borders[i]; })
        .filter(Boolean);
      if (!layers.length) return false;
      if (!map.hasLayer(borderLayer)) map.addLayer(borderLayer);
      var bounds = layers[0].getBounds();
      layers.forEach(function (layer) { bounds.extend(layer.getBounds()); });
      map.fitBounds(bounds, { maxZoom: 7, animate: false, padding: [30, 30] });
      layers[0].openPopup();
      return true;
    }

    function activate(span) {
      if (span.hasAttribute("data-border-index")) {
        openBorder(span.getAttribute("data-border-index"));
      } else if (span.hasAttribute("data-mention-index")) {
        openMention(span.getAttribute("data-mention-index"));
      }
    }

    spans.forEach(function (span) {
      if (span.getAttribute("role") !== "button") return;
      // Mentions can nest (a country inside a border phrase): the innermost one wins.
      span.addEventListener("click", function (event) {
        event.stopPropagation();
        activate(span);
      });
      span.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          event.stopPropagation();
          activate(span);
        }
      });
    });

    var legend = document.getElementById("gn-legend");
    if (legend) {
      var control = L.control({ position: "bottomleft" });
      control.onAdd = function () {
        legend.hidden = false;
        L.DomEvent.disableClickPropagation(legend);
        return legend;
      };
      control.addTo(map);
    }
    if (cfg.attribution && map.attributionControl) {
      map.attributionControl.addAttribution(cfg.attribution);
    }

    window.geonews = {
      map: map,
      openMention: openMention,
      openBorder: openBorder,
      markerOf: function (index) { return markers[index] || null; },
      borderOf: function (index) { return borders[index] || null; },
      mentionIndexes: Object.keys(markers),
      borderIndexes: Object.keys(borders)
    };
    document.documentElement.setAttribute("data-geonews-ready", "1");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
