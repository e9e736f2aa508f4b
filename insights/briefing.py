"""One-click briefing pack: a 16:9 PPTX with a title slide, one slide per area (two charts and three
sentences), a district table and a data-source slide. Charts are rendered server-side by kaleido
with one Chromium kept running for the whole pack. Works with no network."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from insights import charts, fmt, maps, narrative, projection, queries
from insights.metrics import ratio, wide_trend, with_ratios
from pipelines.periods import Period
from pipelines.registry import Registry
from pipelines.store import Store

FONT = "Microsoft YaHei"  # what a federation's Windows PCs have; LibreOffice/WPS substitute a CJK font
RED = RGBColor(0xC8, 0x10, 0x2E)
GREY = RGBColor(0x6B, 0x72, 0x80)
CHART_W, CHART_H = 900, 560


@dataclass
class Slide:
    title: str
    figures: list[go.Figure] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@contextmanager
def chart_renderer() -> Iterator[None]:
    """One Chromium for every chart of the pack (starting one per chart costs seconds each)."""
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    try:
        yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def png(fig: go.Figure, scale: int = 2) -> bytes:
    import warnings

    with warnings.catch_warnings():
        # plotly passes its own kaleido options, which the running server already has
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return fig.to_image(format="png", width=CHART_W, height=CHART_H, scale=scale)


def _names(reg: Registry, frame: pd.DataFrame) -> pd.DataFrame:
    names = {d.code: d.name for d in reg.districts}
    return frame.assign(区县=frame["district"].map(names).fillna(frame["district"]))


def area_slides(store: Store, reg: Registry, period: str) -> list[Slide]:
    """The content of the pack: what each area slide shows and says, from the store."""
    p = Period.parse_code(period)
    city = reg.city["city_name"]
    source = reg.city["source_line"]
    scope = narrative.scope_name(city, None)
    now = queries.totals(store, period, _ALL, None)
    ago = queries.totals(store, p.year_ago().code, _ALL, None)
    by_d = _names(reg, with_ratios(queries.by_district(store, period, _ALL, None), "rate_a", "unionization_rate", "target_progress", reg=reg))
    industries = queries.industries_covered(store, period, None)

    def rank(col: str, title: str, unit: str, rate: bool = False) -> go.Figure:
        return charts.bar_ranking(by_d, label_col="区县", value_col=col, key_col="district",
                                  title=title, unit=unit, source=source, is_rate=rate)

    def district_map(col: str, title: str, unit: str, rate: bool = False) -> list[go.Figure]:
        """The area's map, unless the registry has more districts than a tile map can show (as on the pages)."""
        if maps.too_many_tiles(reg):
            return []
        return [maps.district_map(by_d, reg, value_col=col, title=title, unit=unit, source=source, is_rate=rate)]

    projected = projection.projection(store, reg, period, "joined_ytd", None) if p.quarter else None
    outlook = projection.speech_sentence(projected, projection.target_pair(reg, "joined_ytd"), period) if projected is not None else None
    rate_now = ratio(now, "rate_a", reg)
    rate_ago = ratio(ago, "rate_a", reg)
    trend = with_ratios(wide_trend(queries.trend(store, ("members", "employees_in_unionized", "units_total", "units_unionized"), None)),
                        "rate_a", "unionization_rate", reg=reg)
    slides = [
        Slide("建会入会", [
            rank("rate_a", f"{p.label} 各区县入会率（口径A，%）", "%", rate=True),
            charts.trend_lines(trend, x_col="季度", series=[("unionization_rate", "建会率"), ("rate_a", "入会率（口径A）")],
                               title=f"{scope}建会率、入会率走势（%）", unit="%", source=source, is_rate=True),
            *district_map("rate_a", f"{p.label} 各区县入会率（口径A，%）", "%", rate=True),
        ], [
            narrative.coverage_sentence(scope, now.get("unions"), now.get("members")) or "本期无表一数据。",
            f"入会率（口径A）{fmt.percent(rate_now)}，{narrative.yoy(rate_now, rate_ago, rate=True)}。" if rate_now is not None else "本期无入会率数据。",
            narrative.leaders_sentence(by_d, "rate_a", "区县", "入会率", rate=True) or "",
        ]),
        Slide("会员发展", [
            charts.progress_bars(by_d, label_col="区县", progress_col="target_progress", colour_col="district", expected=p.end_month / 12,
                                 title=f"{p.ytd_label} 各区县完成年度会员发展任务（%）", source=source),
            rank("members_end", f"{p.label} 各区县期末会员数（人）", "人"),
            *district_map("target_progress", f"{p.ytd_label} 各区县完成年度会员发展任务（%）", "%", rate=True),
        ], [
            narrative.target_sentence("本年新发展会员", now.get("joined_ytd"), now.get("joined_target"), "人") or "本期无表二数据。",
            outlook or "",
            f"期末会员{fmt.amount(now['members_end'], '人')}，{narrative.yoy(now.get('members_end'), ago.get('members_end'))}。" if now.get("members_end") is not None else "",
            narrative.leaders_sentence(by_d, "target_progress", "区县", "任务完成比例", rate=True) or "",
        ]),
        Slide("劳动和技能竞赛", [
            rank("participants", f"{p.ytd_label} 各区县参赛职工（人次）", "人次"),
            rank("economic_benefit", f"{p.ytd_label} 各区县创经济效益（万元）", "元"),
            *district_map("participants", f"{p.ytd_label} 各区县参赛职工（人次）", "人次"),
        ], [
            narrative.competition_sentence(industries, now.get("participants")) or "本期无表三数据。",
            f"参赛职工{narrative.yoy(now.get('participants'), ago.get('participants'))}；创经济效益{fmt.money(now.get('economic_benefit', 0))}。",
            narrative.leaders_sentence(by_d, "participants", "区县", "参赛职工", unit="人次") or "",
        ]),
        Slide("困难职工帮扶和慰问", [
            rank("aid_amount", f"{p.ytd_label} 各区县帮扶金额（万元）", "元"),
            _aid_sources(store, reg, period, source),
            *district_map("aid_amount", f"{p.ytd_label} 各区县帮扶金额（元）", "元"),
        ], [
            narrative.aid_sentence(now.get("aid_amount"), _aid_parts(store, period)) or "本期无表四数据。",
            f"帮扶{fmt.amount(now.get('aid_households', 0), '户')}、{fmt.amount(now.get('aid_person_times', 0), '人次')}，"
            f"帮扶金额{narrative.yoy(now.get('aid_amount'), ago.get('aid_amount'))}。",
            f"在档困难职工{fmt.grouped(now.get('hardship_households', 0))}户，本年解困脱困{fmt.grouped(now.get('hardship_exited_ytd', 0))}户。",
        ]),
    ]
    for s in slides:
        s.bullets = [b for b in s.bullets if b]
    overview = Slide("总览", [rank("members", f"{p.label} 各区县工会会员人数（人）", "人"),
                              rank("unions", f"{p.label} 各区县基层工会数（个）", "个")],
                     [s.bullets[0] for s in slides[:1]] + [slides[2].bullets[0], slides[3].bullets[0]])
    return [overview, *slides]


_ALL = ("unions", "members", "employees", "employees_in_unionized", "units_total", "units_unionized", "members_end",
        "joined_ytd", "joined_target", "participants", "economic_benefit", "aid_amount", "aid_households", "aid_person_times",
        "hardship_households", "hardship_exited_ytd")


def _aid_sources(store: Store, reg: Registry, period: str, source: str) -> go.Figure:
    p = Period.parse_code(period)
    cats = queries.by_breakdown(store, period, ("aid_amount", "aid_amount_union_funds", "aid_amount_fiscal", "aid_amount_donations"), None)
    names = {b.code: b.name for b in reg.breakdowns_of("category")}
    cats = cats[cats["breakdown"] != "all"].assign(类别=lambda d: d["breakdown"].map(names))
    return charts.aid_sources(cats, label_col="类别", title=f"{p.ytd_label} 各类帮扶金额及资金来源（万元）", source=source)


def district_table(store: Store, reg: Registry, period: str) -> pd.DataFrame:
    frame = _names(reg, with_ratios(queries.by_district(store, period, _ALL, None), "rate_a", "target_progress", reg=reg))
    order = {d.code: d.sort_order for d in reg.districts}
    frame = frame.sort_values("district", key=lambda s: s.map(order))
    return pd.DataFrame({
        "区县": frame["区县"],
        "基层工会（个）": [fmt.grouped(v) if pd.notna(v) else "—" for v in frame["unions"]],
        "会员（人）": [fmt.grouped(v) if pd.notna(v) else "—" for v in frame["members"]],
        "入会率（口径A）": [fmt.percent(v) for v in frame["rate_a"]],
        "完成年度任务": [fmt.percent(v) for v in frame["target_progress"]],
        "参赛职工（人次）": [fmt.grouped(v) if pd.notna(v) else "—" for v in frame["participants"]],
        "帮扶金额（万元）": [fmt.wan(v) if pd.notna(v) else "—" for v in frame["aid_amount"]],
    })


# ---------------------------------------------------------------------------------------------
# the PPTX


def _font(run, size: int, bold: bool = False, colour: RGBColor | None = None) -> None:  # run: a python-pptx text run
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", FONT)
    if colour is not None:
        run.font.color.rgb = colour


def _text(slide, left, top, width, height, lines: list[str], size: int, bold: bool = False, colour=None, bullet: bool = False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for n, line in enumerate(lines):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = ("• " if bullet else "") + line
        _font(run, size, bold, colour)
        para.space_after = Pt(8)
    return box


def _aid_parts(store: Store, period: str) -> dict:
    """The named activities inside 帮扶慰问资金, for the sentence that states the total."""
    frame = queries.by_breakdown(store, period, ("aid_amount",), None)
    amounts = frame.set_index("breakdown")["aid_amount"].to_dict() if not frame.empty else {}
    return {name: amounts.get(code) for code, name in narrative.AID_ACTIVITIES.items()}


def cutoff_line(store: Store, period: str, data_date: dt.date | None = None) -> str:
    """The cover's date is the quarter's data cut-off (its latest commit), not the day the pack was made:
    a pack made again next month from unchanged data says the same."""
    when = data_date or queries.data_cutoff(store, period)
    return f"数据截至 {when:%Y年%m月%d日}" if when else "本季度暂无数据"


def build_pack(store: Store, reg: Registry, period: str, data_date: dt.date | None = None) -> bytes:
    p = Period.parse_code(period)
    city = reg.city["city_name"]
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 16:9, PowerPoint's own widescreen size
    blank = prs.slide_layouts[6]
    W = prs.slide_width

    s = prs.slides.add_slide(blank)
    _text(s, Inches(0.8), Inches(2.4), W - Inches(1.6), Inches(1.2), [f"{city}工会工作情况汇报"], 40, True, RED)
    _text(s, Inches(0.8), Inches(3.7), W - Inches(1.6), Inches(0.8), [f"{p.label}（{p.ytd_label}）"], 26)
    _text(s, Inches(0.8), Inches(5.6), W - Inches(1.6), Inches(0.8),
          [f"{reg.city['federation_name']}　{cutoff_line(store, period, data_date)}"], 16, colour=GREY)

    slides = area_slides(store, reg, period)
    with chart_renderer():
        images = [[png(fig) for fig in sl.figures] for sl in slides]
    for sl, pics in zip(slides, images, strict=True):
        s = prs.slides.add_slide(blank)
        s.shapes.title  # noqa: B018 - blank layout has no title placeholder; we draw our own
        _text(s, Inches(0.5), Inches(0.3), W - Inches(1), Inches(0.8), [f"{sl.title} · {p.label}"], 28, True, RED)
        width = (W - Inches(1.2)) // max(1, len(pics))
        for i, pic in enumerate(pics):
            s.shapes.add_picture(io.BytesIO(pic), Inches(0.5) + Emu(i * (width + Inches(0.2))), Inches(1.2), width=Emu(width))
        _text(s, Inches(0.6), Inches(5.55), W - Inches(1.2), Inches(1.8), sl.bullets[:3], 16, bullet=True)

    table = district_table(store, reg, period)
    s = prs.slides.add_slide(blank)
    _text(s, Inches(0.5), Inches(0.3), W - Inches(1), Inches(0.8), [f"各区县主要指标 · {p.label}"], 28, True, RED)
    rows, cols = len(table) + 1, len(table.columns)
    shape = s.shapes.add_table(rows, cols, Inches(0.5), Inches(1.2), W - Inches(1), Inches(0.4) * rows)
    for c, name in enumerate(table.columns):
        cell = shape.table.cell(0, c)
        cell.text = ""
        _font(cell.text_frame.paragraphs[0].add_run(), 14, True)
        cell.text_frame.paragraphs[0].runs[0].text = name
    for r, row in enumerate(table.itertuples(index=False), 1):
        for c, v in enumerate(row):
            cell = shape.table.cell(r, c)
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = str(v)
            _font(run, 13)

    s = prs.slides.add_slide(blank)
    _text(s, Inches(0.5), Inches(0.3), W - Inches(1), Inches(0.8), ["数据来源与说明"], 28, True, RED)
    _text(s, Inches(0.6), Inches(1.4), W - Inches(1.2), Inches(5), [
        reg.city["source_line"] + "。",
        f"统计期：{p.label}；表三、表四及“本年累计”指标为{p.ytd_label}累计数。",
        "入会率口径A = 会员人数 ÷ 已建会单位职工人数；各比率均由各区县人数汇总后重新计算，不对比率求平均。",
        "金额以元存储，图表和文字中以万元、亿元表示。",
        f"本材料由工会数据看板于 {dt.date.today():%Y年%m月%d日} 生成。",
    ], 18, bullet=True)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
