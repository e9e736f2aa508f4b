"""数据管理: remove the 示例数据 so a city starts on its own returns, or load it again."""

import streamlit as st

from ui import auth
from ui.data import clear_caches, q

auth.require("manage_sample")
st.title("数据管理")
if q("sample_in_use"):
    st.warning("数据库中有**示例数据**（虚构的“示例市”）。开始使用真实报表前，请先删除示例数据。")
    sure = st.checkbox("我确认删除全部示例数据（真实报表不受影响）", key="confirm_remove_sample")
    if st.button("删除示例数据", disabled=not sure, type="primary", key="remove_sample"):
        n = auth.guarded_ledger().remove_sample()
        clear_caches()
        st.success(f"已删除示例数据 {n} 份报表。")
        st.rerun()
else:
    st.success("当前没有示例数据。")
    with st.expander("重新载入示例数据（用于演示或培训）"):
        st.caption("将生成虚构的“示例市”2023—2026 年报表并导入，页面顶部会显示“示例数据”提示。")
        if st.button("载入示例数据", key="load_sample"):
            with st.spinner("正在生成并导入示例数据……"):
                lg = auth.guarded_ledger()
                plans = lg.load_sample(lg.settings.db_path.parent / "sample")
            clear_caches()
            st.success(f"已载入 {sum(1 for p in plans if p.accepted)} 个示例报表文件。")
            st.rerun()
