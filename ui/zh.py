"""Chinese for the words Streamlit and plotly draw themselves.

Plotly takes a locale in its config (given here as data, so nothing is fetched). Streamlit has no
locale: its built-in labels ("Drag and drop files here", "Download as CSV", "Copy to clipboard" …)
are rewritten in the browser by one small observer installed once per tab. The table below is the
whole list; `tests/test_browser_chinese.py` walks every page and fails on any Latin word left.
"""

from __future__ import annotations

import json
from typing import Any

# Exact strings Streamlit's frontend writes as text, title, aria-label or placeholder.
STREAMLIT = {
    "Drag and drop file here": "将文件拖到这里",
    "Drag and drop files here": "将文件拖到这里，可一次选多个",
    "Browse files": "选择文件",
    "Upload": "选择文件",
    "Upload files": "选择文件",
    "Download as CSV": "下载为 CSV",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Show/hide columns": "显示或隐藏列",
    "Copy to clipboard": "复制",
    "Copied to clipboard": "已复制",
    "Copied": "已复制",
    "Select all": "全选",
    "No results": "没有匹配项",
    "No options to select": "没有可选项",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "Choose date": "选择日期",
    "Show password": "显示密码",
    "Hide password": "隐藏密码",
    "Clear all": "全部清除",
    "Clear value": "清除",
    "Remove": "移除",
    "Delete": "删除",
    "Running...": "正在计算……",
    "Running": "正在计算",
    "Stop": "停止",
    "Skip to main content": "跳到正文",
    "App pages": "页面",
    "Collapse sidebar": "收起侧边栏",
    "Expand sidebar": "展开侧边栏",
    "Link to heading": "本节链接",
    "Page not found": "找不到这个页面",
    "Please wait...": "请稍候……",
    "Connecting": "正在连接",
    "Close": "关闭",
    "Open": "打开",
    "Previous month": "上个月",
    "Next month": "下个月",
    "Show more": "展开",
    "Show less": "收起",
}

# Patterns with a number or a list in them: (JavaScript regex source, replacement).
STREAMLIT_PATTERNS = [
    (r"^Limit (\d+(?:\.\d+)?)\s*([KMG]B) per file(?: • )?(.*)$", "单个文件不超过 $1 $2　$3"),
    (r"^(\d+(?:\.\d+)?)\s*([KMG]B) per file(?: • )?(.*)$", "单个文件不超过 $1 $2　$3"),
    (r"^Help for (.*)$", "$1 的说明"),
    # What a screen reader is told about an open list (react-aria's live region).
    (r"^(\d+) options? available\.?$", "共 $1 个选项。"),
    (r"^(.*), selected\.?$", "已选择 $1"),
    (r"^(.*), not selected\.?$", "未选择 $1"),
    (r"^The page that you have requested does not seem to exist.*$", "没有这个页面，已为您打开总览。"),
]

# Plotly's own words (modebar titles, messages) in simplified Chinese, with Chinese number format.
PLOTLY_LOCALE = {
    "dictionary": {
        "Download plot as a PNG": "下载图片（PNG）",
        "Download plot": "下载图片",
        "Autoscale": "恢复原始比例",
        "Reset axes": "恢复原始比例",
        "Reset view": "恢复原始视图",
        "Zoom": "框选放大",
        "Zoom in": "放大",
        "Zoom out": "缩小",
        "Pan": "平移",
        "Box Select": "框选",
        "Lasso Select": "套索选择",
        "Orbital rotation": "轨道旋转",
        "Turntable rotation": "转盘旋转",
        "Toggle Spike Lines": "显示或隐藏辅助线",
        "Show closest data on hover": "悬停显示最近的数据",
        "Compare data on hover": "悬停比较数据",
        "Toggle show closest data on hover": "切换悬停显示",
        "Reset camera to default": "恢复默认视角",
        "Reset camera to last save": "恢复上次保存的视角",
        "Snapshot succeeded": "图片已生成",
        "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
        "Sorry, there was a problem downloading your snapshot!": "抱歉，生成图片时出错。",
        "Double-click to zoom back out": "双击恢复原始比例",
        "Double-click on legend to isolate one trace": "双击图例只显示这一项",
        "Click to enter Plot title": "点击输入图表标题",
        "Click to enter X axis title": "点击输入横轴标题",
        "Click to enter Y axis title": "点击输入纵轴标题",
        "Click to enter Colorscale title": "点击输入色标标题",
        "Produced with Plotly.js": "由 Plotly.js 绘制",
        "Edit in Chart Studio": "在 Chart Studio 中编辑",
        "trace": "数据系列",
        "max": "最大值",
        "min": "最小值",
        "median": "中位数",
        "mean": "平均值",
        "lower fence": "下限",
        "upper fence": "上限",
        "q1": "下四分位数",
        "q3": "上四分位数",
        "new text": "新文本",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
        "shortMonths": ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
        "date": "%Y-%m-%d",
        "decimal": ".",
        "thousands": ",",
        "year": "%Y年",
        "month": "%Y年%-m月",
        "dayMonth": "%-m月%-d日",
        "dayMonthYear": "%Y年%-m月%-d日",
    },
}

# Leaders get the camera and the way back from an accidental drag; the rest is clutter in a briefing.
MODEBAR_REMOVE = ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "resetScale2d",
                  "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian", "zoomGeo", "resetGeo",
                  "hoverClosestGeo", "resetViews"]


def plotly_config(filename: str) -> dict[str, Any]:
    """The config every chart is drawn with: Chinese modebar, a 2× PNG named after the chart."""
    return {
        "displaylogo": False,
        "locale": "zh-CN",
        "locales": {"zh-CN": PLOTLY_LOCALE},
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": MODEBAR_REMOVE,
    }


_SCRIPT = """
<script id="unionstats-zh">
(() => {
  const w = window.parent && window.parent.document ? window.parent : window;
  if (w.__unionstatsZh) return;
  w.__unionstatsZh = true;
  const exact = %(exact)s;
  const patterns = %(patterns)s.map(([s, r]) => [new RegExp(s), r]);
  const ATTRS = ["title", "aria-label", "placeholder", "data-title"];
  const tr = (text) => {
    const t = text.trim();
    if (!t || !/[A-Za-z]/.test(t)) return null;
    if (Object.prototype.hasOwnProperty.call(exact, t)) return text.replace(t, exact[t]);
    for (const [re, rep] of patterns) if (re.test(t)) return text.replace(t, t.replace(re, rep));
    return null;
  };
  // An element's own words (tooltip, label, placeholder); a code block's are the user's, never changed.
  const attrs = (el) => {
    for (const a of ATTRS) {
      const v = el.getAttribute(a);
      if (!v) continue;
      const t = tr(v);
      if (t !== null && !(el.closest && el.closest("code, pre, textarea, [contenteditable]"))) el.setAttribute(a, t);
    }
  };
  const fix = (root) => {
    if (root.nodeType === 3) {
      const v = tr(root.nodeValue || "");
      if (v !== null) root.nodeValue = v;
      return;
    }
    if (root.nodeType !== 1) return;
    const el = root;
    // A chart's drawing (SVG) holds our own Chinese labels and thousands of nodes: never walked.
    if (el.ownerSVGElement || el.nodeName.toLowerCase() === "svg") return;
    if (el.closest && el.closest("code, pre, textarea, [contenteditable]")) return;
    attrs(el);
    if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") return;
    const skipSvg = {acceptNode: (n) => n.nodeName.toLowerCase() === "svg" ? 2 : 1};  // reject the subtree
    const walker = w.document.createTreeWalker(el, 5, skipSvg);  // elements and text
    let n = walker.nextNode();
    while (n) {
      if (n.nodeType === 3) { const v = tr(n.nodeValue || ""); if (v !== null) n.nodeValue = v; }
      else attrs(n);  // closest() only for a word to translate: most elements have none
      n = walker.nextNode();
    }
  };
  fix(w.document.body);
  w.document.title = w.document.title;
  new w.MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") fix(r.target);
      // A changed attribute is that element's alone: its subtree was seen when it was added.
      else if (r.type === "attributes") { const t = r.target; if (!t.ownerSVGElement && t.nodeName.toLowerCase() !== "svg") attrs(t); }
      else for (const n of r.addedNodes) fix(n);
    }
  }).observe(w.document.body, {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS});
})();
</script>
"""


def script() -> str:
    """The observer, with the tables above as JSON (constants of this module, never user input)."""
    return _SCRIPT % {"exact": json.dumps(STREAMLIT, ensure_ascii=False),
                      "patterns": json.dumps(STREAMLIT_PATTERNS, ensure_ascii=False)}
