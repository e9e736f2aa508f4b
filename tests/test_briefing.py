"""The briefing pack: slide count, titles, narrative numbers equal to the store; a chart PNG is a real image."""

from __future__ import annotations

import io
import subprocess
import sys

from pptx import Presentation

from insights import charts, fmt, narrative
from insights.briefing import chart_renderer, png
from pipelines.store import Store
from tests.browser import ROOT, SCREENSHOTS


def texts(slide) -> list[str]:
    return [p.text for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs]


def test_cli_makes_a_16_9_pack_whose_numbers_match_the_store(sample_db_copy, tmp_path):
    out = tmp_path / "汇报.pptx"
    done = subprocess.run([sys.executable, "-m", "pipelines", "brief", "--db", str(sample_db_copy), "--period", "2025-Q3", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    prs = Presentation(str(out))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9
    titles = [texts(s)[0] for s in prs.slides]
    assert titles == ["示例市工会工作情况汇报", "总览 · 2025年第三季度", "建会入会 · 2025年第三季度", "会员发展 · 2025年第三季度",
                      "劳动和技能竞赛 · 2025年第三季度", "困难职工帮扶和慰问 · 2025年第三季度", "各区县主要指标 · 2025年第三季度", "数据来源与说明"]
    s = Store.open(sample_db_copy)
    t = {i: v for i, v in s.rows("select indicator, sum(value) from current_observations where period='2025-Q3' and breakdown='all' group by indicator")}
    cats = {b: v for b, v in s.rows("select breakdown, sum(value) from current_observations where period='2025-Q3' and indicator='aid_amount' group by breakdown")}
    cutoff = s.scalar("select max(uploaded_at) from submissions where period='2025-Q3' and status='active'")
    s.close()
    # the cover dates the quarter's data (its latest commit), not the day the pack was made
    assert f"数据截至 {cutoff:%Y年%m月%d日}" in texts(prs.slides[0])[-1]
    coverage = texts(prs.slides[2])
    assert "• " + narrative.coverage_sentence("全市", t["unions"], t["members"]) in coverage
    aid = texts(prs.slides[5])
    amounts = f"发放帮扶慰问资金{fmt.money(t['aid_amount'])}，其中送温暖慰问{fmt.money(cats['warmth'])}、金秋助学{fmt.money(cats['education'])}、" \
              f"一线职工慰问{fmt.money(cats['frontline'])}。"
    assert "• " + amounts in aid
    assert f"• 在档困难职工{fmt.grouped(t['hardship_households'])}户，本年解困脱困{fmt.grouped(t['hardship_exited_ytd'])}户。" in aid
    pictures = [sh for sl in prs.slides for sh in sl.shapes if sh.shape_type == 13]
    assert len(pictures) == 14  # 2 on the overview, 3 on each area slide (its map is the third)
    assert [sum(1 for sh in sl.shapes if sh.shape_type == 13) for sl in list(prs.slides)[2:6]] == [3, 3, 3, 3]
    assert any(t.startswith("• 按目前进度，预计全年新发展会员") for t in texts(prs.slides[3]))


def test_brief_for_a_period_without_data_says_so(sample_db_copy, tmp_path):
    done = subprocess.run([sys.executable, "-m", "pipelines", "brief", "--db", str(sample_db_copy), "--period", "2019-Q1", "--out", str(tmp_path / "x.pptx")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert "2019-Q1 没有任何已导入的报表" in done.stderr
    assert not (tmp_path / "x.pptx").exists()


def test_a_rendered_chart_is_a_2x_png_with_chinese_text(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"district": ["donghu", "xishan"], "区县": ["东湖区", "西山区"], "v": [123456.0, 98765.0]})
    fig = charts.bar_ranking(frame, label_col="区县", value_col="v", key_col="district", title="2025年第三季度 各区县会员人数（人）",
                             unit="人", source="数据来源：各县（市、区）总工会季度报表")
    with chart_renderer():
        data = png(fig)
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1800, 1120)  # 900×560 at 2×
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "kaleido-chart.png").write_bytes(data)
    # CJK glyphs drawn, not tofu: the title band holds many dark pixels across its width
    band = image.convert("L").crop((0, 0, 1800, 120))
    dark = sum(1 for px in band.tobytes() if px < 128)  # one byte per pixel in mode L
    assert dark > 2000


def test_a_cjk_font_is_installed_for_server_side_charts():
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert found.strip(), "没有中文字体：请运行 scripts/system_deps.sh（安装 fonts-noto-cjk）"
