"""退出登录."""

import streamlit as st

from ui import auth

auth.sign_out()
st.rerun()
