"""The reviewer's report in Chinese: grouped by check, each finding naming its part."""

from __future__ import annotations

from bot.draft.numerals import section_mark
from bot.profiles.model import Profile
from bot.review.checks import Report
from bot.review.rules import CHECK_IDS, Rules


def _range(report: Report, key: str) -> str:
    bounds = report.ranges.get(key)
    return f"（要求{bounds[0]}～{bounds[1]}字）" if bounds else ""


def length_line(profile: Profile, report: Report) -> str:
    """字数 of the whole and of each section, and the share of problems and causes."""
    m, w = report.lengths, profile.wording
    return (f"字数：全文{m.total}字{_range(report, 'total')}；{w.problems_heading}{m.problems}字，"
            f"{w.causes_heading}{m.causes}字，{w.measures_heading}{m.measures}字；"
            f"问题和原因占全文{m.share:.0%}。")


def format_report(profile: Profile, report: Report, rules: Rules, in_chat: bool = True) -> str:
    """The whole report; in_chat adds how to act on it with the bot's commands."""
    lines = ["【审读意见】以下是审读时常被退回的情况，仅供参考，是否修改由您决定。", length_line(profile, report)]
    if not report.findings:
        lines.append("未发现常见问题。")
        return "\n".join(lines)
    lines.append(f"共{len(report.findings)}处需要注意：")
    group = 0
    for check in CHECK_IDS:
        findings = [f for f in report.findings if f.check == check]
        if not findings:
            continue
        group += 1
        lines.append(f"\n{section_mark(group)}{rules.text(check).heading}（{len(findings)}处）")
        for number, finding in enumerate(findings, start=1):
            where = f"〔{finding.where}〕{finding.part}：" if finding.where else ""
            lines.append(f"{number}. {where}{finding.message}")
    if in_chat:
        lines.append("\n修改某一项：/edit 编号（如 /edit 2.1）；标注措施对应的问题：/link 措施编号；"
                     "查看修改记录：/history 编号。")
    return "\n".join(lines)


def summary_line(report: Report, rules: Rules) -> str:
    """One line for /draft: how many findings, of which kinds."""
    if not report.findings:
        return "审读：未发现常见问题。"
    kinds = "、".join(f"{rules.text(check).short}{n}处" for check in CHECK_IDS if (n := report.count(check)))
    return f"审读：发现{len(report.findings)}处需要注意（{kinds}），发送 /check 查看。"
