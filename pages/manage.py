"""数据管理: remove the 示例数据 so a city starts on its own returns, or load it again."""

import streamlit as st

from ui import auth
from ui.data import clear_caches, q, registry
from ui.review import aliases_frame

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

st.subheader("记住的写法")
st.caption("上传报表时为认不出的表头、行标题或区县名称选择过含义后，系统会记住，以后同一区县的报表自动按此读取。")
taught = aliases_frame(registry())
if taught.empty:
    st.info("还没有记住任何写法。上传报表时，认不出的表头会请您选择它的含义。")
else:
    st.dataframe(taught.drop(columns=["_key"]), hide_index=True, width="stretch")
    labels = {f"{r['报表中的写法']} → {r['对应']}（{r['适用区县']}）": r["_key"] for _, r in taught.iterrows()}
    chosen = st.selectbox("删除一条记住的写法", list(labels), index=None, placeholder="请选择", key="forget_alias")
    if st.button("删除", disabled=chosen is None, key="forget_alias_button") and chosen:
        kind, scope, district, text = labels[chosen]
        auth.guarded_ledger().forget(kind, scope, district, text)
        st.success(f"已删除：{chosen}")
        st.rerun()
