"""登录: every session signs in when the app has a users file (not in local mode)."""

import streamlit as st

from ui import auth

with st.container(width=460):
    st.title("工会数据看板")
    st.caption("请使用管理员分配的账号登录。")
    with st.form("login", border=True):
        name = st.text_input("用户名", key="login_name", autocomplete="username")
        password = st.text_input("密码", type="password", key="login_password", autocomplete="current-password")
        submitted = st.form_submit_button("登录", type="primary", width="stretch")
    if submitted:
        problem = auth.sign_in(name, password)
        if problem:
            st.error(problem, icon=":material/error:")
        else:
            st.rerun()
    st.caption("忘记密码请联系管理员重设。刷新浏览器页面后需要重新登录。")
