"""模板下载: the standard return workbook for a district and quarter."""

import datetime

import streamlit as st

from pipelines.periods import Period
from pipelines.templates import build_template
from ui.data import registry

reg = registry()
st.title("模板下载")
st.caption("生成某区县某季度的标准报表：表一至表四各一张工作表，含标题、填报单位、表头、分组行和自动求和的合计行；"
           "黄色单元格可填写并有输入校验（非负数，金额为万元两位小数），另附填表说明。填好后直接在“数据上报”上传。")
left, right = st.columns(2)
district = left.selectbox("区县", [d.code for d in reg.districts], format_func=lambda c: reg.district(c).name, key="tpl_district")
today = datetime.date.today()
current_quarter = Period(today.year, (today.month - 1) // 3 + 1)
quarters = [Period(y, q).code for y in range(today.year + 1, today.year - 3, -1) for q in (4, 3, 2, 1)]
period = right.selectbox("季度", quarters, index=quarters.index(current_quarter.code),
                         format_func=lambda c: Period.parse_code(c).label, key="tpl_period")
name = f"{reg.district(district).name}{Period.parse_code(period).label}工会统计报表.xlsx"
st.download_button(f"下载 {name}", build_template(reg, district, period), file_name=name,
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", type="primary", key="tpl_download")
