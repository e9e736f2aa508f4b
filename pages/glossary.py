"""指标说明: generated from the indicator dictionary, so it can never drift from the data."""

import streamlit as st

from ui.data import registry
from ui.glossary import glossary_frame

reg = registry()
st.title("指标说明")
st.caption("每个指标的单位、类型、计算公式与口径，以及报表表头可以写成的名称（上传时都能识别）。比率均由各区县汇总后的人数重新计算，不对比率求平均。"
           "“代码”是导出数据（CSV）中使用的指标代码。")

for form in reg.forms:
    st.subheader(form.title)
    # A static table: every row and every long cell visible (and wrapped), for reading and printing.
    st.table(glossary_frame(reg, form.code).set_index("指标"))
