"""数据查询: the data in force with its source (file, sheet, cell, version); export to CSV/XLSX."""

import streamlit as st

from insights.export import provenance_table, to_csv, to_xlsx
from ui.data import q, registry
from ui.filters import current

reg = registry()
f = current()
st.title("数据查询")
forms = {fm.code: fm.title for fm in reg.forms}
form = st.selectbox("报表", [None, *forms], format_func=lambda c: "全部报表" if c is None else forms[c], key="data_form")
all_periods = st.toggle("全部季度", value=False, key="data_all_periods")
period = None if all_periods else f.period
frame = q("observations_with_source", period, f.districts, form)
if frame.empty:
    st.info("没有符合条件的数据。请在左侧调整季度或区县。")
    st.stop()
table = provenance_table(reg, frame)
st.caption(f"共 {len(table):,} 条。每个数值都注明来自哪个文件、哪张工作表、哪个单元格、第几版。" + ("（最多显示 50,000 条）" if len(table) >= 50_000 else ""))
st.dataframe(table, hide_index=True, width="stretch", height=520,
             column_config={"数值": st.column_config.NumberColumn("数值", format="localized"), "版本": st.column_config.NumberColumn("版本")})
left, right = st.columns(2)
left.download_button("导出 CSV", to_csv(table), file_name="工会统计数据.csv", mime="text/csv", key="export_csv")
right.download_button("导出 Excel", to_xlsx(table), file_name="工会统计数据.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="export_xlsx")
