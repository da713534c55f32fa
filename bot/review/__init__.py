"""The reviewer's check (/check, `selfreview check`): what reviewers send back, part by part."""

from bot.review.checks import Finding, Links, Report, pieces, review
from bot.review.report import format_report, summary_line
from bot.review.rules import Rules, RulesError, default_rules, parse_rules

__all__ = ["Finding", "Links", "Report", "Rules", "RulesError", "default_rules", "format_report", "parse_rules",
           "pieces", "review", "summary_line"]
