"""Every problem the pipeline can report, declared as data: code, severity, Chinese template, advice.

The CLI, the app and the tests all render issues from this one catalogue. A template is filled with
`str.format(**params)`; `file`, `sheet` and `cell` are positional context, never part of the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    template: str
    advice: str


_CATALOGUE: list[IssueType] = [
    # --- reading the file ----------------------------------------------------------------
    IssueType("file.too_large", "error", "文件大小 {size} 超过上限 {limit}", "请确认是否为统计报表；如确需导入，请联系管理员调整上限。"),
    IssueType("file.not_found", "error", "找不到文件，或没有读取权限（{detail}）", "请检查文件名和路径。"),
    IssueType("file.empty", "error", "文件是空的（0 字节）", "请让报送单位重新发送完整文件。"),
    IssueType("file.corrupt", "error", "文件已损坏，无法打开（{detail}）", "请让报送单位用 Excel 或 WPS 重新保存后再发送。"),
    IssueType("file.password", "error", "工作簿设置了打开密码，无法读取", "请让报送单位取消密码（文件 › 信息 › 保护工作簿）后重新发送。"),
    IssueType("file.not_spreadsheet", "error", "这不是电子表格，而是{kind}", "请让报送单位发送 Excel/WPS 表格（.xlsx/.xls/.et/.ods）或 CSV 文件。"),
    IssueType("file.unsupported", "error", "不支持的文件类型“{suffix}”", "请另存为 .xlsx 后再上传。"),
    IssueType("file.text_named_workbook", "error", "文件名是“{suffix}”，但内容是纯文本，不是 Excel 工作簿", "如果这是 CSV 表格，请把扩展名改为 .csv；否则请让报送单位用 Excel 或 WPS 打开报表后另存为 .xlsx。"),
    IssueType("file.zip_named_workbook", "error", "文件名是“{suffix}”，但内容是一个普通压缩包，不是 Excel 工作簿", "请把扩展名改为 .zip 后上传，或让报送单位直接发送报表文件。"),
    IssueType("file.too_complex", "error", "读取这个文件需要的内存超过上限（{limit}），已停止读取", "文件可能已损坏，或含有大量空白格式、合并单元格。请让报送单位把报表内容复制到新的工作簿，另存为 .xlsx 后重新发送。"),
    IssueType("file.too_slow", "error", "读取这个文件超过 {seconds} 秒仍未完成，已停止读取", "文件可能已损坏。请让报送单位把报表内容复制到新的工作簿，另存为 .xlsx 后重新发送。"),
    IssueType("file.unpacked_too_large", "error", "工作簿解压后超过 {limit}，已停止读取", "报表只需要很少的内容：文件可能已损坏，或含有大量无关内容。请让报送单位把报表内容复制到新的工作簿，另存为 .xlsx 后重新发送。"),
    IssueType("file.read_failed", "error", "读取文件时出错（{detail}）", "请让报送单位用 Excel 或 WPS 打开后另存为 .xlsx 再发送；如仍有问题，请把文件交给系统管理员。"),
    IssueType("csv.malformed", "error", "CSV 文件第 {line} 行格式错误（{detail}）", "请用 Excel/WPS 打开该文件，检查引号是否成对，然后另存为 .xlsx 再上传。"),
    IssueType("file.encoding", "error", "CSV 文件编码无法识别（不是 UTF-8、GBK 或 GB18030）", "请用 Excel/WPS 打开后另存为 .xlsx 再上传。"),
    IssueType("file.no_sheets", "error", "工作簿中没有任何工作表或数据", "请确认发送的是填好的报表。"),
    IssueType("file.macro", "warning", "文件含有宏，宏不会被执行，只读取单元格的值", "无需处理；如有疑问请让报送单位另存为 .xlsx。"),
    IssueType("zip.bomb", "error", "压缩包解压后过大（{detail}），已拒绝", "请直接发送报表文件，或分多次上传。"),
    IssueType("zip.too_many", "error", "压缩包内文件过多（{count} 个，上限 {limit} 个）", "请分批上传。"),
    IssueType("zip.corrupt", "error", "压缩包已损坏或加密，无法解压（{detail}）", "请让报送单位重新打包发送。"),
    IssueType("zip.empty", "error", "压缩包中没有可识别的报表文件", "请确认压缩包内容。"),
    IssueType("sheet.hidden", "warning", "工作表“{sheet_name}”是隐藏的，仍按报表读取", "请确认隐藏的工作表确实是要报送的数据。"),
    IssueType("sheet.not_return", "warning", "工作表“{sheet_name}”不是统计报表，已跳过", "如该表是报表，请保留模板的标题和表头。"),
    IssueType("sheet.too_large", "error", "工作表有内容的单元格过多（{count} 个，上限 {limit} 个）", "报表只需要几百个单元格：请删除表格下方或右侧的无关内容（如名册、明细）后重新保存。"),
    IssueType("sheet.too_many_rows", "error", "工作表的行数超过上限（第 {row} 行仍有内容，上限 {limit} 行）", "请删除表格下方的无关内容后重新保存。"),
    IssueType("sheet.too_many_merges", "error", "工作表的合并单元格过多（{count} 个，上限 {limit} 个）", "请取消无关区域的合并单元格后重新保存。"),
    IssueType("sheet.part_missing", "error", "工作表“{sheet_name}”的内容在文件中缺失（没有 {part}）", "文件已损坏。请让报送单位用 Excel 或 WPS 打开后另存为 .xlsx 再发送。"),
    IssueType("sheet.corrupt", "error", "工作表内容已损坏，无法读取（{detail}）", "请让报送单位用 Excel 或 WPS 打开后另存为 .xlsx 再发送。"),
    IssueType("sheet.bad_cell", "error", "单元格位置或内容无法读取（{detail}）", "文件可能已损坏。请让报送单位用 Excel 或 WPS 打开后另存为 .xlsx 再发送。"),
    # --- finding the form, district and period ---------------------------------------------
    IssueType("form.unknown", "error", "无法识别报表类型（标题或工作表名中没有“表一…表四”的表名）", "请使用市总工会下发的报表模板，保留标题行。"),
    IssueType("form.no_returns", "error", "文件中没有找到任何可识别的统计报表", "请使用市总工会下发的报表模板（表一至表四），保留标题行和表头。"),
    IssueType("district.unknown", "error", "无法确定填报单位（标题、填报单位行、工作表名和文件名中都没有区县名称）", "请在“填报单位”处填写区县名称，或在文件名中注明，如“东湖区2025Q3.xlsx”。"),
    IssueType("district.conflict", "error", "填报单位不一致：{first}（{first_where}）与 {second}（{second_where}）", "请确认报表所属区县，改正标题、填报单位或文件名后重新上传。"),
    IssueType("period.unknown", "error", "无法确定统计期（标题、工作表名和文件名中都没有年份和季度）", "请在标题中写明统计期，如“2025年第三季度”或“2025年1-9月”。"),
    IssueType("period.conflict", "error", "统计期不一致：{first}（{first_where}）与 {second}（{second_where}）", "请确认报表所属期间，改正标题或文件名后重新上传。"),
    IssueType("period.quarter_flow", "error", "{form}是本年累计数，但统计期“{text}”（{where}）只是一个季度", "请报送从 1 月起的累计数（如“1-9月”），并把标题改为累计期间；如果表中确是本季度数，请与市总工会联系。"),
    IssueType("period.not_quarter", "error", "统计期“{text}”不是季度末（季度报表应为 3、6、9、12 月）", "请按季度报送（1-3月、1-6月、1-9月、1-12月）。"),
    IssueType("district.not_started", "error", "{district}从 {first_period} 起才单独报送，这份报表的统计期在此之前", "此前该区县的单位含在别的区县的报表中，单独导入会重复计算。如确需调整开始报送的季度，请管理员修改区县名单（districts.csv）。"),
    # --- the table -------------------------------------------------------------------------
    IssueType("header.not_found", "error", "找不到表头：没有一行包含本表的指标名称", "请保留模板的表头行（如“{expected}”）。"),
    IssueType("header.unknown_label", "error", "表头“{label}”不是本表的指标", "本表的指标为：{expected}。请改用模板中的表头名称。"),
    IssueType("header.extra_column", "warning", "表头“{label}”不属于本表，该列未导入", "如该列是本表指标，请改用模板中的名称：{expected}。"),
    IssueType("header.extra_columns", "warning", "{count} 列不是本表的数据，未导入（{labels}；{first} 至 {last} 之间）", "这些是对比或分析列（如上年同期、同比、占比），无需处理；如其中有本表指标，请改用模板中的名称。"),
    IssueType("header.duplicate", "error", "指标“{indicator}”出现了两列（{first} 和 {second}）", "请删除重复的列。"),
    IssueType("header.missing_indicator", "warning", "本表缺少指标“{indicator}”，该指标本期没有数据", "如该指标有数据，请补充该列；领导看板上相关合计会注明缺报的区县。"),
    IssueType("header.unrecognised", "error", "表头（{rows}）中认出的本表指标太少：{found}", "本表应有的指标为：{expected}。请使用市总工会下发的模板表头；如表头只是写法不同，请在“数据上报”页为每一列选择对应的指标。"),
    IssueType("header.ambiguous", "error", "表头“{label}”可能是{candidates}，无法确定", "请在“数据上报”页为这一列选择对应的指标，或改用模板中的表头名称。"),
    IssueType("row.unknown_label", "error", "行标题“{label}”不是本表的分组", "本表的行应为：{expected}。请改用模板中的行名称。"),
    IssueType("row.extra_part", "warning", "其中行“{label}”不是本表的分组，未导入", "它是上一行“{parent}”的一部分，“{parent}”已按其本身的数字导入，无需处理；如这一行应单独统计，请与市总工会联系。"),
    IssueType("row.duplicate", "error", "分组“{breakdown}”出现了两行（第 {first} 行和第 {second} 行）", "请删除重复的行，或把它们合并成一行。"),
    IssueType("row.no_total", "error", "没有找到“合计”行", "请保留合计行。"),
    IssueType("unit.conflict", "warning", "表头写“{label_unit}”，而单位行写“{line_unit}”，已按表头“{label_unit}”读取", "请确认金额单位，并统一单位行与表头。"),
    IssueType("unit.unknown", "error", "无法识别的单位“{unit}”", "请把单位改为“元”或“万元”。"),
    # --- cells ---------------------------------------------------------------------------------
    IssueType("value.merged", "error", "数值单元格被合并到 {anchor}，无法确定它属于哪个指标", "请取消合并单元格，每个指标分别填写。"),
    IssueType("value.too_precise", "error", "数值 {text} 的小数位过多（换算成元后超过 6 位小数）", "请按模板要求的小数位填写。"),
    IssueType("value.error_cell", "error", "公式结果为 {text}", "请在 Excel 或 WPS 中改正该单元格的公式（或填入数字）后重新保存。"),
    IssueType("value.formula_uncached", "error", "公式没有计算结果", "请用 Excel 或 WPS 打开并保存后再上传。"),
    IssueType("value.too_large", "error", "数值 {value} 超过上限 {limit}（一个区县的“{indicator}”不可能这么大）", "请核对数值和单位（如万元与元）后改正。"),
    IssueType("value.not_number", "error", "“{text}”不是数字", "请填写准确的数字（不要写“约”“近”“多”等字样）；没有请填 0。"),
    IssueType("value.qualified", "error", "“{text}”不是数字（含“{word}”，是估计值）", "请填写准确的数字；如无法准确统计，请与市总工会联系。"),
    IssueType("value.negative", "error", "数值 {value} 为负数", "请改为非负数。"),
    IssueType("value.not_integer", "error", "数值 {value} 应为整数（单位：{unit}）", "请填写整数。"),
    IssueType("value.percent", "error", "“{text}”是百分数，但“{indicator}”应为{unit}数", "请填写数量而不是比例。"),
    # --- hard checks --------------------------------------------------------------------------
    IssueType("check.sub_exceeds_total", "error", "“{child}” {child_value} 大于“{parent}” {parent_value}", "其中项不能超过总数，请核对后改正。"),
    IssueType("check.parts_exceed_total", "error", "{parts}之和 {parts_value} 大于“{parent}” {parent_value}", "其中项之和不能超过总数，请核对后改正。"),
    IssueType("access.not_your_district", "error", "这是{district}的报表，您只能报送{own}的报表", "请把文件转给{district}或市总工会统计员上传。"),
    IssueType("store.failed", "error", "这个文件没有保存：{detail}", "同一批的其他文件不受影响；处理好后重新导入这个文件即可。"),
    IssueType("check.duplicate_conflict", "error", "同一上传中 {district} {period} {form} 出现两次且数值不同（另见 {other}）", "请只保留正确的一份后重新上传。"),
    # --- soft checks --------------------------------------------------------------------------
    IssueType("check.breakdown_sum", "warning", "“{indicator}”各分组之和 {parts_value} 与合计 {total_value} 不一致（相差 {diff}）", "请核对各分组数据与合计行。"),
    IssueType("check.members_exceed_employees", "warning", "会员人数 {members} 大于已建会单位职工人数 {employees}", "请核对会员人数和职工人数。"),
    IssueType("check.reported_rate", "warning", "表中{indicator} {reported} 与按人数重算的 {computed} 相差超过 0.1 个百分点", "比率由系统按人数重新计算，请核对表中公式。"),
    IssueType("check.stock_identity", "warning", "期末会员数 {end} ≠ 期初 {start} + 新发展 {joined} − 减少 {left}（相差 {diff}）", "如有会员转入转出，请在备注中说明；否则请核对。"),
    IssueType("check.start_vs_previous_end", "warning", "期初会员数 {start} 与上期（{previous}）期末会员数 {previous_end} 不一致", "请核对期初数。"),
    IssueType("check.ytd_decrease", "warning", "本年累计值“{indicator}” {value} 小于上季度（{previous}）的 {previous_value}", "本年累计数不应下降，请核对。"),
    IssueType("check.large_change", "warning", "“{indicator}” {value} 比上期（{previous}）的 {previous_value} 变化 {change}", "变化超过 30%，请确认数据无误。"),
    IssueType("check.per_unit_range", "warning", "{what}为每{per} {value} 元，超出通常范围（{low}–{high} 元）", "请核对金额和户数/人次。"),
]

CATALOGUE: dict[str, IssueType] = {t.code: t for t in _CATALOGUE}


@dataclass(frozen=True)
class Issue:
    code: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def type(self) -> IssueType:
        return CATALOGUE[self.code]

    @property
    def severity(self) -> Severity:
        return self.type.severity

    @property
    def message(self) -> str:
        return self.type.template.format(**self.params)

    @property
    def advice(self) -> str:
        return self.type.advice.format(**self.params)

    @property
    def where(self) -> str:
        return " › ".join(p for p in (self.file, self.sheet, self.cell) if p)

    def render(self) -> str:
        prefix = f"{self.where}：" if self.where else ""
        return f"{prefix}{self.message}。{self.advice}"

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "advice": self.advice,
        }


def issue(code: str, file: str = "", sheet: str = "", cell: str = "", **params: Any) -> Issue:
    if code not in CATALOGUE:
        raise KeyError(f"unknown issue code {code!r}")
    return Issue(code, file, sheet, cell, params)
