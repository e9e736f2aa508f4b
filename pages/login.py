"""登录: every session signs in when the app has a users file (not in local mode)."""

import streamlit as st

from pipelines.users import MAX_NAME_CHARS, MAX_PASSWORD_CHARS
from ui import auth

with st.container(width=460):
    st.title("工会数据看板")
    unavailable = auth.sign_in_unavailable()
    if unavailable:
        st.error(unavailable, icon=":material/block:")  # the detail (which file, what is wrong) is in the server log
        st.stop()
    ended = st.session_state.pop(auth.ENDED_KEY, None)
    if ended:
        st.info(f"已退出登录：{ended}。请重新登录。", icon=":material/logout:")
    st.caption("请使用管理员分配的账号登录。")
    with st.form("login", border=True):
        name = st.text_input("用户名", key="login_name", autocomplete="username", max_chars=MAX_NAME_CHARS)
        password = st.text_input("密码", type="password", key="login_password", autocomplete="current-password",
                                 max_chars=MAX_PASSWORD_CHARS)
        submitted = st.form_submit_button("登录", type="primary", width="stretch")
    if submitted:
        problem = auth.sign_in(name, password)
        if problem:
            st.error(problem, icon=":material/error:")
        else:
            st.rerun()
    st.caption(f"忘记密码请联系管理员重设。刷新或关闭浏览器页面、{auth.idle_limit_seconds() / 60:g} 分钟未操作后需要重新登录。")
