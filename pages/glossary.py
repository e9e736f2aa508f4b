"""指标说明: generated from the indicator dictionary, so it can never drift from the data."""

import streamlit as st

from ui.data import registry
from ui.glossary import glossary_frame

reg = registry()
st.title("指标说明")
st.caption("本页由指标字典（data/registry/indicators.csv）自动生成。比率均由各区县汇总后的人数重新计算，不对比率求平均。")

for form in reg.forms:
    st.subheader(form.title)
    st.dataframe(glossary_frame(reg, form.code), hide_index=True, width="stretch")
