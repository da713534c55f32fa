"""Texts of starting: welcome, choosing a meeting, carrying over last year's material."""

from __future__ import annotations

WELCOME_CHOOSE = "\n\n请选择要参加的会议："
WELCOME_BACK = "欢迎回来！您正在起草：{name}。"
CHOOSE_NEW = "请选择会议（新建材料不会删除已有材料，可发送 /materials 查看全部材料）："
NOT_FOUND = "没有找到会议“{choice}”。请从下列会议中选择："
CREATED = "已新建：{name}。\n会议主题：{theme}\n共{aspects}个方面。下面逐项提问，请用自己的话回答。"
KEPT_EARLIER = "原有材料保留在“我的材料”中（/materials）。"
RECTIFICATION = "“上年度整改落实情况”已列出您上一份材料的{count}条整改措施，届时逐条填写落实情况即可。"
CARRY_OFFER = (
    "您有一份以前的材料（{old}，{day:%Y年%m月%d日}起草）。要以它为基础新建“{name}”吗？\n"
    "以它为基础：复制题目相同的回答（职务、需要说明的事项、原因、措施，以及检视方面相同的问题），"
    "复制后请逐项核对修改；全新开始：从第一题起重新填写。两种方式都不会改动以前的材料。")
CARRY = "以上年材料为基础"
FRESH = "全新开始"
CARRIED_NONE = "以前材料中没有与本次题目相同的回答，请从第一题开始填写。"
CARRIED = "已从以前的材料复制{count}项回答（{what}）。请发送 /status 查看，/edit 编号逐项核对修改。"
CARRIED_PARTS = (("基本信息", "author."), ("需要说明的事项", "declarations."), ("原因", "causes."), ("措施", "measures."))
CARRIED_THEMES = "第{numbers}个方面的问题"
