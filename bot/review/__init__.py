"""The reviewer's check (/check, `selfreview check`): what reviewers send back, part by part."""

from bot.review.checks import Finding, Links, Report, pieces
from bot.review.report import format_report, summary_line
from bot.review.reviewer import review
from bot.review.rules import Rules, RulesError, default_rules, parse_rules
from bot.review.similarity import Earlier, earlier_material

__all__ = ["Earlier", "Finding", "Links", "Report", "Rules", "RulesError", "default_rules", "earlier_material",
           "format_report", "parse_rules", "pieces", "review", "summary_line"]
