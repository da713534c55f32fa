"""Done-when for profiles: a new profile — other aspects, counts, wording, numbering, extra sections,
a team's voice — drafts end to end in chat with no code change, only a YAML file in the prompts folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Config
from tests.conftest import ROOT
from tests.fakebotapi import FakeBotAPI, make_command_update
from tests.telegram.harness import Chat, RunningBot, interview_through_chat, telegram_config

USER = 515151

# Written for this test only; it differs from every shipped profile in each respect the
# issue names: aspects (three, with short titles), counts (other numbers, other bounds),
# wording (headings, a team's 我们/班子), numbering (1、 sub-headings, 一是 run on, 1.
# paragraphs, 第一，), and extra sections placed elsewhere (案例 second, 上年度 last).
TEST_PROFILE = """\
id: test-2030-banzi
version: 3
year: 2030
name: 2030年度专题民主生活会（测试用班子材料）
meeting: 2030年度专题民主生活会
notice: 测试用通知
theme: 守正创新、真抓实干
voice: team
aspects:
  - {title: 带头筑牢思想根基, short: 思想根基}
  - {title: 带头密切联系群众, short: 联系群众}
  - {title: 带头抓好基层治理, short: 基层治理}
length: {min: 3000, max: 6000}
counts:
  problems: {min: 1, max: 2}
  causes: {min: 2, max: 3}
  measures: {min: 2, max: 2}
  rectification: {min: 1, max: 2}
preamble_counts:
  - {id: visits, question: 班子成员会前走访群众共多少户？, hint: 按户数填写。}
  - {id: meetings, question: 会前召开专题会议多少次？, hint: 按次数填写。, max: 50}
layout:
  parts: [problems, case, causes, measures, rectification]
  aspects: own_line
  problems: {style: headings, mark: "{n}、"}
  causes: {style: run_on, mark: "{cn}是"}
  measures: {style: paragraphs, mark: "{n}."}
  rectification: {style: paragraphs, mark: "第{cn}，"}
wording:
  title: "{unit}{meeting}对照检查材料"
  title_anonymous: "{unit}{meeting}对照检查材料"  # the team is named whether or not a speaker is
  preamble: 班子紧扣“{theme}”主题，会前走访群众{counts.visits}户、召开专题会议{counts.meetings}次，围绕{aspects}{aspect_count}个方面查摆问题。现报告如下。
  counts_title: 会前走访和专题会议
  problems_heading: 班子存在的突出问题
  aspect_heading: "{short}方面"
  lead_default: 对照{aspect}的要求，我们还存在以下问题：
  example_marker: 例如：
  case_heading: 以案为鉴
  causes_heading: 问题根源
  causes_lead: 班子深入剖析，根源在于：
  measures_heading: 努力方向
  rectification_heading: 上年度班子整改事项完成情况
  remaining_marker: 尚未完成：
  closing: 以上是班子的对照检查，请同志们批评指正。
declarations: []
questions:
  author.unit: {prompt: 请填写班子名称（如“某县人民政府党组”）。, hint: 写全称。, min_length: 2, max_length: 40}
  author.position: {prompt: 请填写代表班子发言的同志的职务（可跳过）。, hint: 可跳过。, required: false}
  author.name: {prompt: 请填写代表班子发言的同志的姓名（可跳过）。, hint: 可跳过。, required: false}
  theme.lead: {prompt: "【{short}】班子在这方面做了什么（可跳过）？", hint: 一两句。, required: false, min_length: 10}
  problem.title: {prompt: "【{short}】班子的第{n}个问题（一句话）：", hint: 写班子的问题。, min_length: 4, max_length: 30}
  problem.detail: {prompt: "【{short}】第{n}个问题的表现：", hint: 具体。, min_length: 10}
  problem.example: {prompt: "【{short}】事例（可跳过）：", hint: 具体。, required: false}
  problem.more: {prompt: 还有问题吗？, hint: 一至二个。}
  case.title: {prompt: 以案为鉴：案例名称？, hint: 写名称。, min_length: 4}
  case.detail: {prompt: 以案为鉴：班子的对照剖析？, hint: 以案照己。, min_length: 10}
  cause.title: {prompt: "问题根源，第{n}条（一句话）：", hint: 思想根源。, min_length: 4}
  cause.detail: {prompt: "问题根源，第{n}条的分析：", hint: 由表及里。, min_length: 10}
  cause.more: {prompt: 还有根源吗？, hint: 二至三条。}
  measure.title: {prompt: "努力方向，第{n}条（一句话）：", hint: 可检查。, min_length: 4}
  measure.detail: {prompt: "努力方向，第{n}条的内容：", hint: 有时限。, min_length: 10}
  measure.more: {prompt: 还有吗？, hint: 两条。}
  rectification.title: {prompt: "上年度班子整改事项第{n}项：", hint: 照原文。, min_length: 4}
  rectification.done: {prompt: "“{measure}”完成得怎样？", hint: 写结果。, min_length: 8}
  rectification.remaining: {prompt: "“{measure}”还差什么（可跳过）？", hint: 实事求是。, required: false}
  rectification.more: {prompt: 上年度还有整改事项吗？, hint: 逐项对账。}
  title: {prompt: 自拟标题（可跳过）：, hint: 一般不改。, required: false}
  preamble: {prompt: 自拟开头（可跳过）：, hint: 一般不改。, required: false}
  closing: {prompt: 自拟结尾（可跳过）：, hint: 一般不改。, required: false}
"""


@pytest.fixture
def custom_config(config: Config, server: FakeBotAPI, tmp_path: Path) -> Config:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    shutil.copy(ROOT / "prompts" / "2021-dangshi.yaml", prompts)
    (prompts / "test-2030.yaml").write_text(TEST_PROFILE, encoding="utf-8")
    return telegram_config(replace(config, profiles_dir=prompts), server)


@pytest.fixture
def custom_bot(custom_config: Config) -> Iterator[RunningBot]:
    with RunningBot(custom_config) as running:
        yield running



def latest(server: FakeBotAPI, suffix: str, count: int) -> str:
    """The text of the newest of at least count documents named *suffix (/draft sends several)."""
    def arrived(s: FakeBotAPI) -> list[str] | None:
        found = [d.content.decode("utf-8") for d in s.sent_documents(USER) if d.filename.endswith(suffix)]
        return found if len(found) >= count else None
    return server.wait_for(arrived, 15)[-1]

def test_a_new_profile_drafts_end_to_end_with_no_code_change(server: FakeBotAPI, custom_bot: RunningBot) -> None:
    chat = Chat(server, USER)
    replies = chat.say("/start", "请选择要参加的会议")
    assert replies[0].splitlines()[-2:] == ["1. 2030年度专题民主生活会（测试用班子材料）",
                                             "2. 2021年度党史学习教育专题民主生活会"]
    # a team's material asks no personal position or name: the team's name comes first
    chat.press("new:test-2030-banzi", "请填写班子名称")
    chat.say("某县人民政府党组", "班子成员会前走访群众共多少户")
    chat.say("很多户", "请只填写一个数字")
    chat.say("１２户", "会前召开专题会议多少次")
    chat.say("51", "数字过大")
    replies = chat.say("4次", "【思想根基】班子在这方面做了什么")
    assert "【第3/" in replies[-1]  # author, counts, then the first aspect
    interview_through_chat(chat, custom_bot)
    assert "全部问题已回答完毕" in server.sent_messages(USER)[-1]

    status = "\n".join(chat.say("/status", "100%"))
    for title in ("会前走访和专题会议", "班子存在的突出问题（一）思想根基", "以案为鉴", "问题根源", "努力方向",
                  "上年度班子整改事项完成情况"):
        assert title in status

    chat.say("/draft", "【草稿】已全部填写")
    header = [t for t in server.sent_messages(USER) if t.startswith("【草稿】")][-1]
    assert "此类材料一般为3000～6000字" in header
    lines = latest(server, ".txt", 1).splitlines()
    assert lines[0] == "某县人民政府党组2030年度专题民主生活会对照检查材料"
    assert lines[1] == ("班子紧扣“守正创新、真抓实干”主题，会前走访群众12户、召开专题会议4次，"
                        "围绕带头筑牢思想根基、带头密切联系群众、带头抓好基层治理三个方面查摆问题。现报告如下。")
    assert [line for line in lines if line[:2] in ("一、", "二、", "三、", "四、", "五、")] == [
        "一、班子存在的突出问题", "二、以案为鉴", "三、问题根源", "四、努力方向", "五、上年度班子整改事项完成情况"]
    at = lines.index("一、班子存在的突出问题")
    assert lines[at + 1] == "（一）思想根基方面"
    assert lines[at + 2].startswith("本人在第1方面做了一些具体工作")
    assert lines[at + 3].startswith("1、理论学习计划执行不严。") and "例如：第三季度原定的八次自学只完成了三次。" in lines[at + 3]
    assert lines[at + 4].startswith("2、调查研究走马观花。")
    assert lines[at + 5] == "（二）联系群众方面"
    assert lines[lines.index("二、以案为鉴") + 1].startswith("某县原副县长违规收受礼品案。对照这个案例")
    causes = lines[lines.index("三、问题根源") + 1]
    assert causes.startswith("班子深入剖析，根源在于：一是党性修养有所放松。") and "二是宗旨意识有所淡化。" in causes
    at = lines.index("四、努力方向")
    assert lines[at + 1].startswith("1.制定学习清单按月对账。") and lines[at + 2].startswith("2.每季度蹲点调研一次。")
    at = lines.index("五、上年度班子整改事项完成情况")
    assert lines[at + 1] == "第一，坚持每周半天自学。全年自学记录四十六次，撰写学习笔记两万余字。尚未完成：学用结合还不够紧。"
    assert lines[at + 2] == "第二，每季度蹲点调研。在两个村各住了四天，解决灌溉渠修缮等问题五件。"
    assert lines[-1] == "以上是班子的对照检查，请同志们批评指正。"

    # /edit reaches the new sections by the numbers /status shows
    chat.say("/edit 2.1", "当前内容：12")
    chat.say("15", "修改已完成")
    chat.say("/draft", "【草稿】")
    assert "会前走访群众15户" in latest(server, ".txt", 2)

    server.push(make_command_update(USER, "/export"))
    exported = latest(server, ".yaml", 1)
    assert "profile: test-2030-banzi" in exported and "visits: 15" in exported
    assert "rectification:" in exported and "case:" in exported
